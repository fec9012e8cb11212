import { MedusaError } from "@medusajs/framework/utils"
import type { NewsletterError } from "../errors"
import {
  assertLeadTime,
  copySendTime,
  earliestSendTime,
  formatLocalDateTime,
} from "../utils/schedule-rules"

const NOW = new Date("2026-11-27T12:00:00.000Z") // 21:00 in Tokyo

function thrownBy(fn: () => unknown): MedusaError {
  try {
    fn()
  } catch (e) {
    return e as MedusaError
  }
  throw new Error("expected the call to throw")
}

describe("schedule rules", () => {
  describe("earliestSendTime", () => {
    it("should add the lead time to now", () => {
      expect(earliestSendTime(NOW, 3)).toEqual(new Date("2026-11-27T12:03:00.000Z"))
      expect(earliestSendTime(NOW, 0)).toEqual(NOW)
      expect(earliestSendTime(NOW, 90)).toEqual(new Date("2026-11-27T13:30:00.000Z"))
    })
  })

  describe("assertLeadTime", () => {
    it("should accept a send time exactly 3 minutes ahead", () => {
      expect(
        assertLeadTime(new Date("2026-11-27T12:03:00.000Z"), NOW, 3, "Asia/Tokyo")
      ).toBeUndefined()
    })

    it("should accept a send time well ahead", () => {
      expect(
        assertLeadTime(new Date("2026-12-01T00:00:00.000Z"), NOW, 3, "Asia/Tokyo")
      ).toBeUndefined()
    })

    it("should refuse a send time 2m59s ahead, naming the earliest time in Tokyo time", () => {
      const error = thrownBy(() =>
        assertLeadTime(new Date("2026-11-27T12:02:59.000Z"), NOW, 3, "Asia/Tokyo")
      )
      expect(error).toBeInstanceOf(MedusaError)
      expect(error.type).toBe("invalid_data")
      expect(error.message).toBe(
        "scheduled_at must be at least 3 minutes from now (earliest: 2026-11-27 21:03 (Asia/Tokyo))"
      )
      const params = { min_minutes: 3, earliest_at: "2026-11-27T12:03:00.000Z", time_zone: "Asia/Tokyo" }
      expect([error.code, (error as NewsletterError).params, (error as NewsletterError).errors]).toEqual([
        "send_time_too_soon",
        params,
        [{ path: "scheduled_at", code: "send_time_too_soon", params }],
      ])
    })

    it("should refuse a send time one millisecond short of the lead time", () => {
      expect(() =>
        assertLeadTime(new Date("2026-11-27T12:02:59.999Z"), NOW, 3, "Asia/Tokyo")
      ).toThrow(
        "scheduled_at must be at least 3 minutes from now (earliest: 2026-11-27 21:03 (Asia/Tokyo))"
      )
    })

    it("should refuse a send time in the past", () => {
      expect(() =>
        assertLeadTime(new Date("2026-11-26T12:00:00.000Z"), NOW, 3, "Asia/Tokyo")
      ).toThrow(
        "scheduled_at must be at least 3 minutes from now (earliest: 2026-11-27 21:03 (Asia/Tokyo))"
      )
    })

    it("should name the next day when the earliest time is past midnight in Tokyo", () => {
      const now = new Date("2026-11-27T14:58:00.000Z") // 23:58 in Tokyo
      expect(() =>
        assertLeadTime(new Date("2026-11-27T15:00:00.000Z"), now, 3, "Asia/Tokyo")
      ).toThrow(
        "scheduled_at must be at least 3 minutes from now (earliest: 2026-11-28 00:01 (Asia/Tokyo))"
      )
    })

    it("should use the configured lead time and time zone", () => {
      expect(() =>
        assertLeadTime(new Date("2026-11-27T12:09:00.000Z"), NOW, 10, "UTC")
      ).toThrow("scheduled_at must be at least 10 minutes from now (earliest: 2026-11-27 12:10 (UTC))")
      expect(assertLeadTime(new Date("2026-11-27T12:10:00.000Z"), NOW, 10, "UTC")).toBeUndefined()
    })

    it("should name the first whole minute allowed, which is then accepted", () => {
      const now = new Date("2026-11-27T12:00:30.000Z")
      const error = thrownBy(() =>
        assertLeadTime(new Date("2026-11-27T12:03:00.000Z"), now, 3, "Asia/Tokyo")
      )
      expect(error.message).toEqual(
        "scheduled_at must be at least 3 minutes from now (earliest: 2026-11-27 21:04 (Asia/Tokyo))"
      )
      expect(
        assertLeadTime(new Date("2026-11-27T12:04:00.000Z"), now, 3, "Asia/Tokyo")
      ).toBeUndefined()
    })

    it("should say minute, not minutes, for a lead time of 1", () => {
      const error = thrownBy(() => assertLeadTime(NOW, NOW, 1, "Asia/Tokyo"))
      expect(error.message).toEqual(
        "scheduled_at must be at least 1 minute from now (earliest: 2026-11-27 21:01 (Asia/Tokyo))"
      )
    })

    describe("with minLeadMinutes 0", () => {
      it("should accept sending right now", () => {
        expect(assertLeadTime(NOW, NOW, 0, "Asia/Tokyo")).toBeUndefined()
      })

      it("should still refuse a time in the past", () => {
        const error = thrownBy(() =>
          assertLeadTime(new Date("2026-11-27T11:59:59.000Z"), NOW, 0, "Asia/Tokyo")
        )
        expect(error.type).toBe("invalid_data")
        expect(error.message).toBe(
          "scheduled_at must not be in the past (earliest: 2026-11-27 21:00 (Asia/Tokyo))"
        )
        expect([error.code, (error as NewsletterError).params]).toEqual([
          "send_time_in_past",
          { earliest_at: "2026-11-27T12:00:00.000Z", time_zone: "Asia/Tokyo" },
        ])
      })
    })
  })

  describe("formatLocalDateTime", () => {
    it("should show Tokyo time, nine hours ahead of UTC", () => {
      expect(formatLocalDateTime(NOW, "Asia/Tokyo")).toBe("2026-11-27 21:00 (Asia/Tokyo)")
    })

    it("should move to the next day at Tokyo midnight", () => {
      expect(formatLocalDateTime(new Date("2026-11-27T14:59:00.000Z"), "Asia/Tokyo")).toBe(
        "2026-11-27 23:59 (Asia/Tokyo)"
      )
      expect(formatLocalDateTime(new Date("2026-11-27T15:00:00.000Z"), "Asia/Tokyo")).toBe(
        "2026-11-28 00:00 (Asia/Tokyo)"
      )
      expect(formatLocalDateTime(new Date("2026-11-27T15:30:00.000Z"), "Asia/Tokyo")).toBe(
        "2026-11-28 00:30 (Asia/Tokyo)"
      )
    })

    it("should move to the next month and year", () => {
      expect(formatLocalDateTime(new Date("2026-11-30T15:05:00.000Z"), "Asia/Tokyo")).toBe(
        "2026-12-01 00:05 (Asia/Tokyo)"
      )
      expect(formatLocalDateTime(new Date("2026-12-31T15:00:00.000Z"), "Asia/Tokyo")).toBe(
        "2027-01-01 00:00 (Asia/Tokyo)"
      )
    })

    it("should go back a day in a zone behind UTC", () => {
      expect(formatLocalDateTime(new Date("2026-11-27T03:30:00.000Z"), "America/New_York")).toBe(
        "2026-11-26 22:30 (America/New_York)"
      )
    })

    it("should drop the seconds", () => {
      expect(formatLocalDateTime(new Date("2026-11-27T12:03:59.999Z"), "UTC")).toBe(
        "2026-11-27 12:03 (UTC)"
      )
    })
  })

  describe("copySendTime", () => {
    it("is one day later, rounded up to the next hour of the store's time zone", () => {
      expect(copySendTime(new Date("2026-11-27T12:34:56.789Z"), "Asia/Tokyo").toISOString()).toBe(
        "2026-11-28T13:00:00.000Z"
      )
    })

    it("keeps an instant that is already on the hour", () => {
      expect(copySendTime(NOW, "Asia/Tokyo").toISOString()).toBe("2026-11-28T12:00:00.000Z")
    })

    it("rounds on the zone's own hours when its offset has half hours", () => {
      // 12:10Z is 17:40 in Kolkata (+05:30); the next local hour 18:00 is 12:30Z.
      expect(copySendTime(new Date("2026-11-27T12:10:00.000Z"), "Asia/Kolkata").toISOString()).toBe(
        "2026-11-28T12:30:00.000Z"
      )
    })
  })
})
