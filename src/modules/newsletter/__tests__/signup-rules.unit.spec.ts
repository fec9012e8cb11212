import { NewsletterSubscriptionSource, NewsletterSubscriptionStatus } from "../types"
import {
  confirmationRefusal,
  confirmationRefused,
  decideSignup,
  rateLimitVerdict,
  type SignupFinding,
} from "../utils/signup-rules"

const NOW = new Date("2026-12-02T10:00:00Z")
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000)
const fresh: SignupFinding = { status: null, last_source: null, last_requested_at: null, requests_last_day: 0 }

describe("decideSignup", () => {
  it("should mail an unknown address and an unsubscribed one", () => {
    expect(decideSignup(fresh, NOW)).toEqual({ send: true })
    expect(
      decideSignup(
        { ...fresh, status: NewsletterSubscriptionStatus.UNSUBSCRIBED, last_source: NewsletterSubscriptionSource.UNSUBSCRIBE_LINK },
        NOW
      )
    ).toEqual({ send: true })
  })

  it("should never mail a subscribed, cleaned or complained address", () => {
    expect(decideSignup({ ...fresh, status: NewsletterSubscriptionStatus.SUBSCRIBED }, NOW)).toEqual({
      send: false,
      why: "subscribed",
    })
    expect(decideSignup({ ...fresh, status: NewsletterSubscriptionStatus.CLEANED }, NOW)).toEqual({
      send: false,
      why: "cleaned",
    })
    expect(
      decideSignup(
        { ...fresh, status: NewsletterSubscriptionStatus.UNSUBSCRIBED, last_source: NewsletterSubscriptionSource.COMPLAINT },
        NOW
      )
    ).toEqual({ send: false, why: "complained" })
  })

  it("should send at most one mail per 10 minutes per address", () => {
    expect(decideSignup({ ...fresh, last_requested_at: minutesAgo(9.99), requests_last_day: 1 }, NOW)).toEqual({
      send: false,
      why: "too_soon",
    })
    expect(decideSignup({ ...fresh, last_requested_at: minutesAgo(10), requests_last_day: 1 }, NOW)).toEqual({
      send: true,
    })
  })

  it("should send at most 5 mails a day per address", () => {
    expect(decideSignup({ ...fresh, last_requested_at: minutesAgo(60), requests_last_day: 4 }, NOW)).toEqual({
      send: true,
    })
    expect(decideSignup({ ...fresh, last_requested_at: minutesAgo(60), requests_last_day: 5 }, NOW)).toEqual({
      send: false,
      why: "daily_limit",
    })
  })
})

describe("rateLimitVerdict", () => {
  const windowMs = 10 * 60_000
  it("should allow up to the limit and then say how long to wait, in whole seconds", () => {
    expect(rateLimitVerdict({ hits: 20, window_start: minutesAgo(1) }, 20, windowMs, NOW)).toEqual({ allowed: true })
    expect(rateLimitVerdict({ hits: 21, window_start: minutesAgo(1) }, 20, windowMs, NOW)).toEqual({
      allowed: false,
      retry_after_seconds: 540,
    })
    expect(
      rateLimitVerdict({ hits: 21, window_start: new Date(NOW.getTime() - windowMs + 1500) }, 20, windowMs, NOW)
    ).toEqual({ allowed: false, retry_after_seconds: 2 })
    // Never 0: a client told to retry at once would come straight back.
    expect(rateLimitVerdict({ hits: 21, window_start: minutesAgo(10) }, 20, windowMs, NOW)).toEqual({
      allowed: false,
      retry_after_seconds: 1,
    })
  })
})

describe("confirmationRefusal", () => {
  it("should refuse a used request before an expired one, and accept an open one", () => {
    expect(confirmationRefusal({ confirmed_at: minutesAgo(1), expires_at: minutesAgo(0.5) }, NOW)).toBe("used")
    expect(confirmationRefusal({ confirmed_at: null, expires_at: NOW }, NOW)).toBe("expired")
    expect(confirmationRefusal({ confirmed_at: null, expires_at: new Date(NOW.getTime() + 1) }, NOW)).toBeNull()
  })

  it("should give each refusal its code and HTTP type", () => {
    expect(
      (["invalid", "expired", "used"] as const).map((why) => {
        const e = confirmationRefused(why)
        return [e.code, e.type]
      })
    ).toEqual([
      ["confirmation_token_invalid", "invalid_data"],
      ["confirmation_token_expired", "not_allowed"],
      ["confirmation_token_used", "conflict"],
    ])
  })
})
