import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { moduleSuite } from "../__fixtures__"
import NewsletterModuleService from "../service"

jest.setTimeout(60 * 1000)

const NOW = new Date("2026-12-02T10:00:00Z")
const HOUR = 60 * 60_000

moduleIntegrationTestRunner<NewsletterModuleService>({
  ...moduleSuite,
  testSuite: ({ service }) => {
    const request = (email: string, now = NOW) =>
      service.recordNewsletterSignupRequest({
        email,
        ip: "203.0.113.5",
        user_agent: "ua",
        source_url: null,
        now,
        expires_at: new Date(now.getTime() + 72 * HOUR),
      })

    it("should decide concurrent signups of one address one after the other: one request, one mail", async () => {
      const results = await Promise.all(Array.from({ length: 6 }, () => request("Taro@Example.jp ")))
      expect(results.filter((r) => r.request_id).length).toEqual(1)
      expect(results.filter((r) => !r.decision.send).map((r) => r.decision)).toEqual(
        Array(5).fill({ send: false, why: "too_soon" })
      )
      expect((await service.listNewsletterSignupRequests({})).map((r) => r.email)).toEqual(["taro@example.jp"])
    })

    it("should count a fixed window across calls and start it afresh once it ended", async () => {
      const hit = (now: Date) => service.countNewsletterRateLimitHit({ key: "signup-ip:x", window_ms: 10 * 60_000, now })
      const counted = await Promise.all(Array.from({ length: 5 }, () => hit(NOW)))
      expect(counted.map((c) => c.hits).sort()).toEqual([1, 2, 3, 4, 5])
      expect(await hit(new Date(NOW.getTime() + 9 * 60_000))).toEqual({ hits: 6, window_start: NOW })
      const later = new Date(NOW.getTime() + 10 * 60_000)
      expect(await hit(later)).toEqual({ hits: 1, window_start: later })
    })

    it("should confirm a request once and refuse an expired one, leaving no subscription", async () => {
      const { request_id } = await request("hanako@example.jp")
      const confirmed = await service.confirmNewsletterSignup({ request_id: request_id!, ip: "198.51.100.7", user_agent: "b", now: new Date(NOW.getTime() + HOUR) })
      expect([confirmed.email, confirmed.change.to, confirmed.change.changed]).toEqual(["hanako@example.jp", "subscribed", true])
      const [subscription] = await service.listNewsletterSubscriptions({ email: "hanako@example.jp" })
      expect(subscription.opt_in_level).toEqual("confirmed")
      const used = await service
        .confirmNewsletterSignup({ request_id: request_id!, ip: null, user_agent: null, now: new Date(NOW.getTime() + HOUR) })
        .catch((e) => e)
      expect(used.code).toEqual("confirmation_token_used")

      const late = await request("late@example.jp")
      const expired = await service
        .confirmNewsletterSignup({ request_id: late.request_id!, ip: null, user_agent: null, now: new Date(NOW.getTime() + 72 * HOUR) })
        .catch((e) => e)
      expect(expired.code).toEqual("confirmation_token_expired")
      expect(await service.listNewsletterSubscriptions({ email: "late@example.jp" })).toEqual([])
    })
  },
})
