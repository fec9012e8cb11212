import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { moduleSuite } from "../__fixtures__"
import NewsletterModuleService from "../service"
import { NewsletterSubscriptionSource, NewsletterSubscriptionStatus } from "../types"

jest.setTimeout(60 * 1000)

const { SUBSCRIBED, UNSUBSCRIBED, CLEANED } = NewsletterSubscriptionStatus
const { STOREFRONT, ADMIN, BOUNCE, EMAIL_CHANGE } = NewsletterSubscriptionSource

moduleIntegrationTestRunner<NewsletterModuleService>({
  ...moduleSuite,
  testSuite: ({ service }) => {
    /** The address's record and its history, oldest first. */
    const stored = async (email: string) => {
      const [subscription] = await service.listNewsletterSubscriptions({ email }, { relations: ["events"] })
      if (!subscription) {
        return null
      }
      const events = [...subscription.events].sort(
        (a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime() || a.id.localeCompare(b.id)
      )
      return {
        id: subscription.id,
        status: subscription.status,
        customer_id: subscription.customer_id,
        transient_error_count: subscription.transient_error_count,
        history: events.map((e) => [e.from_status, e.to_status, e.source, e.reason, e.params]),
      }
    }
    const change = (email: string, status: NewsletterSubscriptionStatus, source: NewsletterSubscriptionSource, customer_id?: string) =>
      service.changeNewsletterSubscription({ email, status, source, customer_id })
    const emailChange = (old_email: string, new_email: string) => [
      EMAIL_CHANGE,
      `${old_email} → ${new_email}`,
      { old_email, new_email },
    ]

    describe("followCustomerEmailChange", () => {
      it("should move the customer's subscription to the new address with its history and an email_change entry", async () => {
        const { id } = await change("taro@old.jp", SUBSCRIBED, STOREFRONT, "cus_1")
        await service.updateNewsletterSubscriptions({ id: id!, transient_error_count: 2 })

        const writes = await service.followCustomerEmailChange({ customer_id: "cus_1", email: " Taro@New.JP " })

        expect(writes).toEqual([
          expect.objectContaining({ id, from: SUBSCRIBED, to: SUBSCRIBED, old_email: "taro@old.jp", email: "taro@new.jp" }),
        ])
        expect(await stored("taro@old.jp")).toBeNull()
        expect(await stored("taro@new.jp")).toEqual({
          id,
          status: SUBSCRIBED,
          customer_id: "cus_1",
          transient_error_count: 0,
          history: [
            [null, SUBSCRIBED, STOREFRONT, null, null],
            [SUBSCRIBED, SUBSCRIBED, ...emailChange("taro@old.jp", "taro@new.jp")],
          ],
        })
      })

      it("should not carry a cleaning: a cleaned subscription moves with the status it had before", async () => {
        await change("taro@old.jp", SUBSCRIBED, ADMIN, "cus_1")
        await change("taro@old.jp", CLEANED, BOUNCE)
        await change("hanako@old.jp", CLEANED, ADMIN, "cus_2")

        await service.followCustomerEmailChange({ customer_id: "cus_1", email: "taro@new.jp" })
        await service.followCustomerEmailChange({ customer_id: "cus_2", email: "hanako@new.jp" })

        expect((await stored("taro@new.jp"))!.history.slice(-1)).toEqual([
          [CLEANED, SUBSCRIBED, ...emailChange("taro@old.jp", "taro@new.jp")],
        ])
        expect((await stored("taro@new.jp"))!.status).toBe(SUBSCRIBED)
        // Recorded cleaned from the start: it never opted in.
        expect(await stored("hanako@new.jp")).toEqual(
          expect.objectContaining({
            status: UNSUBSCRIBED,
            history: [
              [null, CLEANED, ADMIN, null, null],
              [CLEANED, UNSUBSCRIBED, ...emailChange("hanako@old.jp", "hanako@new.jp")],
            ],
          })
        )
      })

      it("should keep one record per address: the new address's record takes the stricter status and the old one is withdrawn", async () => {
        const old = await change("taro@old.jp", SUBSCRIBED, STOREFRONT, "cus_1")
        const target = await change("taro@new.jp", UNSUBSCRIBED, ADMIN, "cus_guest")

        const writes = await service.followCustomerEmailChange({ customer_id: "cus_1", email: "taro@new.jp" })

        expect(writes.map((w) => [w.id, w.from, w.to, w.old_email, w.email, w.event_id !== null])).toEqual([
          [target.id, UNSUBSCRIBED, UNSUBSCRIBED, "taro@new.jp", "taro@new.jp", true],
          [old.id, SUBSCRIBED, UNSUBSCRIBED, "taro@old.jp", "taro@old.jp", true],
        ])
        expect(await stored("taro@new.jp")).toEqual(
          expect.objectContaining({
            id: target.id,
            status: UNSUBSCRIBED,
            customer_id: "cus_1",
            history: [
              [null, UNSUBSCRIBED, ADMIN, null, null],
              [UNSUBSCRIBED, UNSUBSCRIBED, ...emailChange("taro@old.jp", "taro@new.jp")],
            ],
          })
        )
        expect(await stored("taro@old.jp")).toEqual(
          expect.objectContaining({
            id: old.id,
            status: UNSUBSCRIBED,
            customer_id: null,
            history: [
              [null, SUBSCRIBED, STOREFRONT, null, null],
              [SUBSCRIBED, UNSUBSCRIBED, ...emailChange("taro@old.jp", "taro@new.jp")],
            ],
          })
        )
        // Nothing is linked to the customer at another address any more: a second event changes nothing.
        expect(await service.followCustomerEmailChange({ customer_id: "cus_1", email: "taro@new.jp" })).toEqual([])
        expect((await service.listNewsletterSubscriptionEvents({})).length).toBe(4)
      })

      it("should change nothing for a customer with no linked record, the same address, or no email", async () => {
        await change("taro@new.jp", SUBSCRIBED, STOREFRONT, "cus_other")
        await change("jiro@example.jp", SUBSCRIBED, STOREFRONT, "cus_3")

        expect(await service.followCustomerEmailChange({ customer_id: "cus_1", email: "taro@new.jp" })).toEqual([])
        expect(await service.followCustomerEmailChange({ customer_id: "cus_3", email: "JIRO@example.jp" })).toEqual([])
        expect(await service.followCustomerEmailChange({ customer_id: "cus_3", email: null })).toEqual([])
        expect((await stored("taro@new.jp"))!.customer_id).toBe("cus_other")
        expect((await stored("jiro@example.jp"))!.history).toHaveLength(1)
      })
    })
  },
})
