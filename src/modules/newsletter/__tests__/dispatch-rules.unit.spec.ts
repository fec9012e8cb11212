import {
  IDEMPOTENCY_SAFE_HOURS,
  leaseUntil,
  LONGEST_RETRY_BACKOFF_MS,
  MAX_PASSING_RETRIES,
  minLeaseSeconds,
  retryBackoffMs,
  retrySafeSince,
} from "../utils/dispatch-rules"

describe("dispatch rules", () => {
  it("should back off 0.5 s, 1 s, 2 s over the three passing retries", () => {
    expect(MAX_PASSING_RETRIES).toBe(3)
    expect([0, 1, 2].map(retryBackoffMs)).toEqual([500, 1000, 2000])
    expect(LONGEST_RETRY_BACKOFF_MS).toBe(2000)
  })

  it("should ask a lease of two answer timeouts plus the longest backoff, in whole seconds", () => {
    expect(minLeaseSeconds(30)).toBe(62)
    expect(minLeaseSeconds(1)).toBe(4)
    expect(minLeaseSeconds(1.6)).toBe(6)
    expect(minLeaseSeconds(300)).toBe(602)
  })

  it("should retry a batch automatically only while its first attempt is at most 23 hours old", () => {
    const now = new Date("2026-12-02T12:00:00.000Z")
    expect(IDEMPOTENCY_SAFE_HOURS).toBe(23)
    expect(retrySafeSince(now)).toEqual(new Date("2026-12-01T13:00:00.000Z"))
  })

  it("should end a lease leaseSeconds after now", () => {
    expect(leaseUntil(new Date("2026-12-02T12:00:00.000Z"), 5)).toEqual(new Date("2026-12-02T12:00:05.000Z"))
  })
})
