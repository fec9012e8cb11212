import { NewsletterStatus } from "../types"
import { errorRateFigures, nextAggregationStatus, shouldStopForErrorRate } from "../utils/delivery-rules"
import { isWithinSendingWindow, localSecondsOfDay } from "../utils/sending-window"

describe("shouldStopForErrorRate", () => {
  const rule = { minAttempts: 100, threshold: 0.1 }
  it.each([
    [{ succeeded: 60, failed: 39 }, false], // 99 attempted: too few to judge
    [{ succeeded: 90, failed: 10 }, false], // exactly 10%: not above
    [{ succeeded: 89, failed: 11 }, true],
    [{ succeeded: 0, failed: 100 }, true],
    [{ succeeded: 1000, failed: 100 }, false],
  ])("%o → %s", (figures, expected) => {
    expect(shouldStopForErrorRate(figures, rule)).toBe(expected)
  })
})

describe("errorRateFigures", () => {
  const rule = { minAttempts: 100, threshold: 0.1 }
  const counters = (succeeded_count: number, failed_count: number, unconfirmed_count: number) => ({
    succeeded_count,
    failed_count,
    unconfirmed_count,
  })

  it("should leave unconfirmed mails out of both the errors and the attempted mails", () => {
    expect(errorRateFigures(counters(150, 12, 50))).toEqual({ succeeded: 100, failed: 12 })
    expect(errorRateFigures(counters(150, 12, 0))).toEqual({ succeeded: 150, failed: 12 })
  })

  it.each([
    // 12 of 162 (7.4%) when the unconfirmed counted as successes; 12 of 112 (10.7%) without them.
    [counters(150, 12, 50), true],
    [counters(150, 12, 0), false],
    // 100 attempted with them, 60 without: too few to judge.
    [counters(90, 10, 40), false],
    // A batch answered 409 in full: nothing confirmed, nothing to judge.
    [counters(200, 0, 200), false],
  ])("%o → stop %s", (figures, expected) => {
    expect(shouldStopForErrorRate(errorRateFigures(figures), rule)).toBe(expected)
  })
})

describe("nextAggregationStatus", () => {
  const finished = "2026-11-27T00:00:00.000Z"
  const base = {
    status: NewsletterStatus.SENT,
    unsent_count: 0,
    awaiting_count: 5,
    counted_at: null,
    finished_at: finished,
  }
  const at = (hours: number) => new Date(new Date(finished).getTime() + hours * 3_600_000)

  it("should wait in sent until something was counted", () => {
    expect(nextAggregationStatus(base, at(1), 72)).toBe(null)
    expect(nextAggregationStatus({ ...base, counted_at: finished }, at(1), 72)).toBe(NewsletterStatus.AGGREGATING)
    expect(nextAggregationStatus({ ...base, awaiting_count: 0 }, at(1), 72)).toBe(NewsletterStatus.AGGREGATING)
  })

  it("should close aggregating when everything is final or at the window", () => {
    const aggregating = { ...base, status: NewsletterStatus.AGGREGATING, counted_at: finished }
    expect(nextAggregationStatus(aggregating, at(71.99), 72)).toBe(null)
    expect(nextAggregationStatus(aggregating, at(72), 72)).toBe(NewsletterStatus.AGGREGATED)
    expect(nextAggregationStatus({ ...aggregating, awaiting_count: 0 }, at(1), 72)).toBe(NewsletterStatus.AGGREGATED)
    expect(nextAggregationStatus(base, at(72), 72)).toBe(NewsletterStatus.AGGREGATING)
  })

  it("should leave every other status alone", () => {
    for (const status of [NewsletterStatus.SENDING, NewsletterStatus.STOPPED, NewsletterStatus.AGGREGATED]) {
      expect(nextAggregationStatus({ ...base, status, awaiting_count: 0 }, at(100), 72)).toBe(null)
    }
  })
})

describe("isWithinSendingWindow", () => {
  const day = { window_start: "08:00", window_end: "21:00" }
  const night = { window_start: "22:00", window_end: "06:00" }
  const tokyo = (local: string) => new Date(`${local}+09:00`)

  it("should treat the end as exclusive, to the second (Asia/Tokyo)", () => {
    expect(isWithinSendingWindow(tokyo("2026-11-27T20:59:59"), day, "Asia/Tokyo")).toBe(true)
    expect(isWithinSendingWindow(tokyo("2026-11-27T21:00:00"), day, "Asia/Tokyo")).toBe(false)
    expect(isWithinSendingWindow(tokyo("2026-11-28T07:59:59"), day, "Asia/Tokyo")).toBe(false)
    expect(isWithinSendingWindow(tokyo("2026-11-28T08:00:00"), day, "Asia/Tokyo")).toBe(true)
  })

  it("should handle a window across midnight", () => {
    expect(isWithinSendingWindow(tokyo("2026-11-27T21:59:59"), night, "Asia/Tokyo")).toBe(false)
    expect(isWithinSendingWindow(tokyo("2026-11-27T22:00:00"), night, "Asia/Tokyo")).toBe(true)
    expect(isWithinSendingWindow(tokyo("2026-11-28T00:30:00"), night, "Asia/Tokyo")).toBe(true)
    expect(isWithinSendingWindow(tokyo("2026-11-28T05:59:59"), night, "Asia/Tokyo")).toBe(true)
    expect(isWithinSendingWindow(tokyo("2026-11-28T06:00:00"), night, "Asia/Tokyo")).toBe(false)
  })

  it("should read local time with daylight saving (America/New_York)", () => {
    // 12:30 UTC is 08:30 in summer (EDT, UTC-4) but 07:30 in winter (EST, UTC-5).
    expect(isWithinSendingWindow(new Date("2026-07-01T12:30:00Z"), day, "America/New_York")).toBe(true)
    expect(isWithinSendingWindow(new Date("2026-12-01T12:30:00Z"), day, "America/New_York")).toBe(false)
    // The spring-forward day: 2026-03-08 07:00 UTC is 03:00 EDT.
    expect(localSecondsOfDay(new Date("2026-03-08T07:00:00Z"), "America/New_York")).toBe(3 * 3600)
  })

  it("should allow any time without a window", () => {
    expect(isWithinSendingWindow(tokyo("2026-11-27T03:00:00"), null, "Asia/Tokyo")).toBe(true)
    expect(
      isWithinSendingWindow(tokyo("2026-11-27T03:00:00"), { window_start: null, window_end: null }, "Asia/Tokyo")
    ).toBe(true)
  })
})
