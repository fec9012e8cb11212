import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { createSubscription, moduleSuite } from "../__fixtures__"
import NewsletterModuleService from "../service"
import { NewsletterSubscriptionSource, NewsletterSubscriptionStatus } from "../types"

jest.setTimeout(60 * 1000)

const { SUBSCRIBED, UNSUBSCRIBED, CLEANED } = NewsletterSubscriptionStatus
const { STOREFRONT, ADMIN, BOUNCE, COMPLAINT } = NewsletterSubscriptionSource
const CLEANED_ADDRESS =
  "Mail to this address could not be delivered, so it was removed from the newsletter. Please use another email address or contact the shop"

moduleIntegrationTestRunner<NewsletterModuleService>({
  ...moduleSuite,
  testSuite: ({ MikroOrmWrapper, service }) => {
    const sql = (query: string, params: unknown[] = []) => MikroOrmWrapper.forkManager().execute(query, params)

    /** The address's record and its history, oldest first (by the order the changes were made). */
    const stored = async (email: string) => {
      const [subscription] = await service.listNewsletterSubscriptions({ email }, { relations: ["events"] })
      if (!subscription) {
        return null
      }
      const events = [...subscription.events].sort(
        (a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime()
      )
      return {
        status: subscription.status,
        customer_id: subscription.customer_id,
        transient_error_count: subscription.transient_error_count,
        history: events.map((e) => [e.from_status, e.to_status, e.source, e.reason, e.actor_id]),
      }
    }

    /** Every history row follows the one before (from = previous to), from null to the status. */
    const chainBreaks = async (email: string) => {
      const rows = await sql(
        `SELECT e."from_status", e."to_status", s."status"
         FROM "newsletter_subscription_event" e JOIN "newsletter_subscription" s ON s."id" = e."subscription_id"
         WHERE s."email" = ? ORDER BY e."created_at", e."id"`,
        [email]
      )
      const breaks: string[] = []
      rows.forEach((row, i) => {
        const expected = i === 0 ? null : rows[i - 1].to_status
        if (row.from_status !== expected) {
          breaks.push(`#${i}: ${row.from_status} after ${expected}`)
        }
      })
      if (rows.length && rows[rows.length - 1].to_status !== rows[0].status) {
        breaks.push(`last ${rows[rows.length - 1].to_status} but status ${rows[0].status}`)
      }
      return breaks
    }

    describe("changeNewsletterSubscription", () => {
      it("should make the first record of a normalized address with its history entry", async () => {
        const result = await service.changeNewsletterSubscription({
          email: "  Taro@Example.JP ",
          customer_id: "cus_1",
          status: SUBSCRIBED,
          source: STOREFRONT,
          actor_id: "cus_1",
        })

        expect(result).toEqual({
          id: expect.stringMatching(/^nlsub_[0-9a-f]{32}$/),
          changed: true,
          from: null,
          to: SUBSCRIBED,
          event_id: expect.stringMatching(/^nlsubev_[0-9a-f]{32}$/),
          previous: null,
        })
        expect(await stored("taro@example.jp")).toEqual({
          status: SUBSCRIBED,
          customer_id: "cus_1",
          transient_error_count: 0,
          history: [[null, SUBSCRIBED, STOREFRONT, null, "cus_1"]],
        })
      })

      it("should change the status and add one history entry, starting the transient streak afresh", async () => {
        const existing = await createSubscription(service, { customer_id: "cus_1", transient_error_count: 2 })

        const result = await service.changeNewsletterSubscription({
          email: "taro@example.jp",
          status: UNSUBSCRIBED,
          source: ADMIN,
          reason: "電話で依頼",
          actor_id: "user_1",
          newsletter_id: null,
          consented_at: null,
        })

        expect(result).toEqual({
          id: existing.id,
          changed: true,
          from: SUBSCRIBED,
          to: UNSUBSCRIBED,
          event_id: expect.any(String),
          previous: { customer_id: "cus_1", transient_error_count: 2, opt_in_level: "single" },
        })
        expect(await stored("taro@example.jp")).toEqual({
          status: UNSUBSCRIBED,
          customer_id: "cus_1",
          transient_error_count: 0,
          history: [[SUBSCRIBED, UNSUBSCRIBED, ADMIN, "電話で依頼", "user_1"]],
        })
      })

      it("should keep the consent date and the article", async () => {
        await service.changeNewsletterSubscription({
          email: "taro@example.jp",
          status: SUBSCRIBED,
          source: NewsletterSubscriptionSource.IMPORT,
          consented_at: new Date("2024-04-01T00:00:00.000Z"),
          newsletter_id: "nl_1",
        })
        const [row] = await sql(`SELECT "consented_at", "newsletter_id" FROM "newsletter_subscription_event"`)
        expect([new Date(row.consented_at).toISOString(), row.newsletter_id]).toEqual([
          "2024-04-01T00:00:00.000Z",
          "nl_1",
        ])
      })

      it("should find no change in the same status and write nothing", async () => {
        const existing = await createSubscription(service, { transient_error_count: 2 })

        const result = await service.changeNewsletterSubscription({
          email: "taro@example.jp",
          status: SUBSCRIBED,
          source: STOREFRONT,
        })

        expect(result).toEqual({ id: existing.id, changed: false, from: SUBSCRIBED, to: SUBSCRIBED, event_id: null, previous: null })
        expect(await stored("taro@example.jp")).toEqual({
          status: SUBSCRIBED,
          customer_id: null,
          transient_error_count: 2,
          history: [],
        })
      })

      it("should never re-subscribe a cleaned address from the storefront, and change nothing", async () => {
        await createSubscription(service, { status: CLEANED })

        const error = await service
          .changeNewsletterSubscription({ email: "taro@example.jp", status: SUBSCRIBED, source: STOREFRONT })
          .catch((e) => e)

        expect([error.type, error.message]).toEqual(["not_allowed", CLEANED_ADDRESS])
        expect(await stored("taro@example.jp")).toEqual({
          status: CLEANED,
          customer_id: null,
          transient_error_count: 0,
          history: [],
        })
        // The store owner may.
        const byOwner = await service.changeNewsletterSubscription({ email: "taro@example.jp", status: SUBSCRIBED, source: ADMIN })
        expect([byOwner.changed, byOwner.from, byOwner.to]).toEqual([true, CLEANED, SUBSCRIBED])
      })

      it("should let a complaint unsubscribe only a subscribed address, never creating a record", async () => {
        await createSubscription(service, { email: "cleaned@example.jp", status: CLEANED })

        const onCleaned = await service.changeNewsletterSubscription({ email: "cleaned@example.jp", status: UNSUBSCRIBED, source: COMPLAINT })
        const onNone = await service.changeNewsletterSubscription({ email: "none@example.jp", status: UNSUBSCRIBED, source: COMPLAINT })

        expect([onCleaned.changed, onCleaned.to, onNone]).toEqual([
          false,
          CLEANED,
          { id: null, changed: false, from: null, to: null, event_id: null, previous: null },
        ])
        expect(await stored("none@example.jp")).toBeNull()
        expect((await stored("cleaned@example.jp"))!.history).toEqual([])
      })

      it("should make one record of 20 first subscribes at once, with no error and one history entry", async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            service.changeNewsletterSubscription({
              email: i % 2 ? "Race@Example.jp" : "race@example.jp",
              status: SUBSCRIBED,
              source: STOREFRONT,
              actor_id: `cus_${i}`,
            })
          )
        )

        expect(results.filter((r) => r.changed)).toHaveLength(1)
        expect(new Set(results.map((r) => r.id)).size).toEqual(1)
        expect(await sql(`SELECT count(*)::int AS n FROM "newsletter_subscription"`)).toEqual([{ n: 1 }])
        const { history } = (await stored("race@example.jp"))!
        expect(history.map((h) => h.slice(0, 3))).toEqual([[null, SUBSCRIBED, STOREFRONT]])
      })

      it("should keep the history complete and chained under 60 racing changes from every source", async () => {
        const emails = ["a@example.jp", "b@example.jp", "c@example.jp"]
        const requests = Array.from({ length: 60 }, (_, i) => {
          const kind = i % 5
          return {
            email: emails[i % 3],
            status: [SUBSCRIBED, UNSUBSCRIBED, CLEANED, SUBSCRIBED, UNSUBSCRIBED][kind],
            source: [STOREFRONT, STOREFRONT, BOUNCE, ADMIN, COMPLAINT][kind],
          }
        })

        const outcomes = await Promise.all(
          requests.map((r) =>
            service.changeNewsletterSubscription(r).then(
              (result) => ({ result, error: null }),
              (error) => ({ result: null, error })
            )
          )
        )

        // The only refusals are the storefront's subscribes that found the address cleaned.
        const refused = outcomes.filter((o) => o.error)
        expect(refused.map((o) => o.error.message)).toEqual(refused.map(() => CLEANED_ADDRESS))
        outcomes.forEach((o, i) => {
          if (o.error) {
            expect([requests[i].source, requests[i].status]).toEqual([STOREFRONT, SUBSCRIBED])
          }
        })
        const changed = outcomes.filter((o) => o.result?.changed).length
        expect(await sql(`SELECT count(*)::int AS n FROM "newsletter_subscription_event"`)).toEqual([{ n: changed }])
        for (const email of emails) {
          expect(await chainBreaks(email)).toEqual([])
        }
        const storefrontResubscribes = await sql(
          `SELECT count(*)::int AS n FROM "newsletter_subscription_event"
           WHERE "source" = ? AND "from_status" = ? AND "to_status" = ?`,
          [STOREFRONT, CLEANED, SUBSCRIBED]
        )
        expect(storefrontResubscribes).toEqual([{ n: 0 }])
      })
    })

    describe("revertNewsletterSubscriptionChange", () => {
      it("should restore the previous status and fields, and drop the history entry", async () => {
        await createSubscription(service, { customer_id: "cus_1", transient_error_count: 2 })
        const change = await service.changeNewsletterSubscription({
          email: "taro@example.jp",
          customer_id: "cus_2",
          status: CLEANED,
          source: ADMIN,
        })

        expect(await service.revertNewsletterSubscriptionChange(change)).toEqual(true)

        expect(await stored("taro@example.jp")).toEqual({
          status: SUBSCRIBED,
          customer_id: "cus_1",
          transient_error_count: 2,
          history: [],
        })
      })

      it("should remove a record the change created", async () => {
        const change = await service.changeNewsletterSubscription({ email: "new@example.jp", status: SUBSCRIBED, source: STOREFRONT })

        expect(await service.revertNewsletterSubscriptionChange(change)).toEqual(true)

        expect(await stored("new@example.jp")).toBeNull()
        expect(await sql(`SELECT count(*)::int AS n FROM "newsletter_subscription_event"`)).toEqual([{ n: 0 }])
      })

      it("should leave a later change and the whole history as they are", async () => {
        const first = await service.changeNewsletterSubscription({ email: "taro@example.jp", status: SUBSCRIBED, source: STOREFRONT })
        await service.changeNewsletterSubscription({ email: "taro@example.jp", status: CLEANED, source: BOUNCE, reason: "gone" })

        expect(await service.revertNewsletterSubscriptionChange(first)).toEqual(false)

        expect((await stored("taro@example.jp"))!.history.map((h) => h.slice(0, 3))).toEqual([
          [null, SUBSCRIBED, STOREFRONT],
          [SUBSCRIBED, CLEANED, BOUNCE],
        ])
      })
    })
  },
})
