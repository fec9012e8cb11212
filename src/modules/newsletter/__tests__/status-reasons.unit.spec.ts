import { nextWindowOpening } from "../utils/sending-window"
import { errorRateStopReason, providerPauseReason, windowWaitReason } from "../utils/status-reasons"

const tokyo = (local: string) => new Date(`${local}+09:00`)
const day = { window_start: "08:00", window_end: "21:00" }
const night = { window_start: "22:00", window_end: "06:00" }

describe("nextWindowOpening", () => {
  it("should be null while the window is open, and for a category without a window", () => {
    expect(nextWindowOpening(tokyo("2026-11-27T20:59:59"), day, "Asia/Tokyo")).toBeNull()
    expect(nextWindowOpening(tokyo("2026-11-27T23:30:00"), night, "Asia/Tokyo")).toBeNull()
    expect(nextWindowOpening(tokyo("2026-11-27T03:00:00"), null, "Asia/Tokyo")).toBeNull()
    expect(nextWindowOpening(tokyo("2026-11-27T03:00:00"), { window_start: null, window_end: null }, "Asia/Tokyo")).toBeNull()
  })

  it.each([
    // Closed at its end: opens the next morning.
    ["2026-11-27T21:00:00", day, "2026-11-28T08:00:00"],
    ["2026-11-27T21:00:00.750", day, "2026-11-28T08:00:00"],
    // Before the start the same day: opens that day.
    ["2026-11-28T07:59:59", day, "2026-11-28T08:00:00"],
    ["2026-11-28T00:00:00", day, "2026-11-28T08:00:00"],
    // A window across midnight opens in the evening.
    ["2026-11-28T06:00:00", night, "2026-11-28T22:00:00"],
    ["2026-11-28T21:59:59", night, "2026-11-28T22:00:00"],
  ])("should open after %s (Asia/Tokyo) at %s", (now, window, opens) => {
    expect(nextWindowOpening(tokyo(now), window, "Asia/Tokyo")).toEqual(tokyo(opens))
  })

  it("should count the wall clock across a daylight saving change (America/New_York)", () => {
    // Saturday 22:00 EST; the clocks go forward on Sunday 2026-03-08 at 02:00: 08:00 is EDT (UTC−4).
    expect(nextWindowOpening(new Date("2026-03-08T03:00:00Z"), day, "America/New_York")).toEqual(
      new Date("2026-03-08T12:00:00Z")
    )
    // Saturday 22:00 EDT; back on Sunday 2026-11-01 at 02:00: 08:00 is EST (UTC−5).
    expect(nextWindowOpening(new Date("2026-11-01T02:00:00Z"), day, "America/New_York")).toEqual(
      new Date("2026-11-01T13:00:00Z")
    )
  })
})

describe("windowWaitReason", () => {
  it("should say nothing while mail may go out", () => {
    expect(windowWaitReason(tokyo("2026-11-27T08:00:00"), day, "Asia/Tokyo")).toBeNull()
    expect(windowWaitReason(tokyo("2026-11-27T03:00:00"), null, "Asia/Tokyo")).toBeNull()
  })

  it("should name the window, the zone and the next opening outside it", () => {
    expect(windowWaitReason(tokyo("2026-11-27T22:00:00"), day, "Asia/Tokyo")).toEqual({
      code: "waiting_for_window",
      params: {
        window_start: "08:00",
        window_end: "21:00",
        timezone: "Asia/Tokyo",
        opens_at: "2026-11-27T23:00:00.000Z",
      },
      message:
        "Waiting outside the category's sending window (08:00–21:00 Asia/Tokyo); sending goes on when it opens " +
        "at 2026-11-27T23:00:00.000Z.",
    })
  })
})

describe("providerPauseReason", () => {
  it("should code a quota pause and any other provider pause apart, keeping the provider's text", () => {
    expect(providerPauseReason("quota", "daily_quota_exceeded: You have reached your daily limit")).toEqual({
      code: "paused_quota",
      params: { provider_message: "daily_quota_exceeded: You have reached your daily limit" },
      message:
        "Sending paused: daily_quota_exceeded: You have reached your daily limit. It resumes at the next run that succeeds.",
    })
    expect(providerPauseReason("fatal", "invalid_api_key: API key is invalid")).toEqual({
      code: "paused_provider_error",
      params: { provider_message: "invalid_api_key: API key is invalid" },
      message: "Sending paused: invalid_api_key: API key is invalid. It resumes at the next run that succeeds.",
    })
  })
})

describe("errorRateStopReason", () => {
  it("should give the figures, the rates as percentages with one decimal", () => {
    expect(errorRateStopReason({ failed: 30, attempted: 100, threshold: 0.1 })).toEqual({
      code: "stopped_error_rate",
      params: { failed: 30, attempted: 100, error_rate_percent: 30, threshold_percent: 10 },
      message: "Stopped: 30 of 100 attempted mails failed (30%, above the 10% limit). Clean the list before sending again.",
    })
    expect(errorRateStopReason({ failed: 14, attempted: 113, threshold: 0.125 }).params).toEqual({
      failed: 14,
      attempted: 113,
      error_rate_percent: 12.4,
      threshold_percent: 12.5,
    })
  })
})
