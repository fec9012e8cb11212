import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { moduleSuite } from "../__fixtures__"
import NewsletterModuleService from "../service"
import { NewsletterOptInLevel, NewsletterSubscriptionSource, NewsletterSubscriptionStatus } from "../types"

jest.setTimeout(60 * 1000)

const { SUBSCRIBED, UNSUBSCRIBED } = NewsletterSubscriptionStatus
const { STOREFRONT, COMPLAINT, UNSUBSCRIBE_LINK, SIGNUP_CONFIRMATION } = NewsletterSubscriptionSource
const DAY = 24 * 3_600_000

moduleIntegrationTestRunner<NewsletterModuleService>({
  ...moduleSuite,
  testSuite: ({ service }) => {
    const subscribe = (email: string, source = STOREFRONT, opt_in_level?: NewsletterOptInLevel) =>
      service.changeNewsletterSubscription({ email, status: SUBSCRIBED, source, opt_in_level })
    const leave = (email: string, newsletter_id: string, source = UNSUBSCRIBE_LINK) =>
      service.changeNewsletterSubscription({ email, status: UNSUBSCRIBED, source, newsletter_id })
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (e) => [e.code, e.params?.state ?? null]
      )

    it("should count an article's unsubscribes through its link by the reason given, in one read", async () => {
      const now = new Date()
      for (const [i, reason] of (["too_many", "too_many", "other", null] as const).entries()) {
        const email = `a${i}@example.jp`
        await subscribe(email)
        await leave(email, "nl_A")
        if (reason) {
          await service.recordUnsubscribeReason({ email, reason, text: reason === "other" ? "月に1回で十分" : null, now })
        }
      }
      // A complaint about the same article and an unsubscribe from another one are not counted.
      await subscribe("c@example.jp")
      await leave("c@example.jp", "nl_A", COMPLAINT)
      await subscribe("b@example.jp")
      await leave("b@example.jp", "nl_B")
      await service.recordUnsubscribeReason({ email: "b@example.jp", reason: "never_signed_up", now })

      expect(await service.countUnsubscribeReasons("nl_A")).toEqual({
        unsubscribed: 4,
        reasons: { too_many: 2, not_interested: 0, never_signed_up: 0, other: 1 },
        no_reason: 1,
      })
      expect(await service.countUnsubscribeReasons("nl_B")).toEqual({
        unsubscribed: 1,
        reasons: { too_many: 0, not_interested: 0, never_signed_up: 1, other: 0 },
        no_reason: 0,
      })
      const [{ events }] = await service.listNewsletterSubscriptions({ email: "a2@example.jp" }, { relations: ["events"] })
      expect(events.find((e) => e.to_status === UNSUBSCRIBED)!.params).toEqual({
        unsubscribe_reason: "other",
        unsubscribe_reason_text: "月に1回で十分",
      })
    })

    it("should replace a reason, and its revert put the entry's params back", async () => {
      const now = new Date()
      await subscribe("r@example.jp")
      await leave("r@example.jp", "nl_A")
      const first = await service.recordUnsubscribeReason({ email: "r@example.jp", reason: "too_many", now })
      expect(first.previous_params).toEqual(null)
      const second = await service.recordUnsubscribeReason({ email: "r@example.jp", reason: "not_interested", now })
      expect([second.event_id, second.previous_params]).toEqual([
        first.event_id,
        { unsubscribe_reason: "too_many", unsubscribe_reason_text: null },
      ])
      await service.revertUnsubscribeReason(second)
      expect((await service.getUnsubscribeFollowUp({ email: "r@example.jp", now })).reason).toEqual("too_many")
    })

    it("should subscribe again only within 7 days, at the opt-in level it had, and then refuse a reason", async () => {
      await subscribe("s@example.jp", SIGNUP_CONFIRMATION, NewsletterOptInLevel.CONFIRMED)
      await leave("s@example.jp", "nl_A")
      const later = (days: number) => new Date(Date.now() + days * DAY)

      expect(
        await refusal(service.resubscribeFromUnsubscribePage({ email: "s@example.jp", newsletter_id: "nl_A", now: later(7.01) }))
      ).toEqual(["unsubscribe_follow_up_expired", null])
      expect(await refusal(service.recordUnsubscribeReason({ email: "s@example.jp", reason: "other", now: later(8) }))).toEqual([
        "unsubscribe_follow_up_expired",
        null,
      ])

      const change = await service.resubscribeFromUnsubscribePage({
        email: "s@example.jp",
        newsletter_id: "nl_A",
        now: later(6.9),
      })
      expect([change.changed, change.from, change.to]).toEqual([true, UNSUBSCRIBED, SUBSCRIBED])
      const [record] = await service.listNewsletterSubscriptions({ email: "s@example.jp" })
      expect([record.status, record.opt_in_level]).toEqual([SUBSCRIBED, NewsletterOptInLevel.CONFIRMED])

      // Subscribed again: nothing to follow up any more.
      expect(await refusal(service.recordUnsubscribeReason({ email: "s@example.jp", reason: "other", now: later(1) }))).toEqual([
        "unsubscribe_follow_up_unavailable",
        "subscribed",
      ])
      expect(
        await refusal(service.resubscribeFromUnsubscribePage({ email: "s@example.jp", newsletter_id: "nl_A", now: later(1) }))
      ).toEqual(["unsubscribe_follow_up_unavailable", "subscribed"])
      expect(await refusal(service.resubscribeFromUnsubscribePage({ email: "none@example.jp", newsletter_id: null, now: later(0) }))).toEqual([
        "unsubscribe_follow_up_unavailable",
        "closed",
      ])
    })
  },
})
