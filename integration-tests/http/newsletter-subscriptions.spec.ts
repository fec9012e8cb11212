import { Modules } from "@medusajs/framework/utils"
import { TestEventUtils } from "@medusajs/test-utils"
import { createAdminHeaders, createCustomerHeaders, createPublishableKey } from "../helpers/auth"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(120 * 1000)

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let admin: { user: { id: string }; headers: Record<string, string> }
    let store: { customer: { id: string }; headers: Record<string, string> }

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminHeaders(container)
      const key = await createPublishableKey(container)
      store = await createCustomerHeaders(container, key, {
        email: "Taro@Example.jp",
        first_name: "太郎",
        last_name: "山田",
      })
    })

    const adminUrl = () => `/admin/customers/${store.customer.id}/newsletter-subscription`
    const storeUrl = "/store/customers/me/newsletter-subscription"

    describe("GET/POST /admin/customers/:id/newsletter-subscription", () => {
      it("should show a customer who never opted in as unsubscribed with no history", async () => {
        const response = await api.get(adminUrl(), { headers: admin.headers })
        expect(response.data).toEqual({
          newsletter_subscription: {
            id: null,
            email: "taro@example.jp",
            customer_id: store.customer.id,
            status: "unsubscribed",
            opt_in_level: null,
            updated_at: null,
            history: [],
          },
        })
      })

      it("should record each change by hand with its source, reason and actor, newest first", async () => {
        const eventBus = getContainer().resolve(Modules.EVENT_BUS)
        const emitted = TestEventUtils.waitSubscribersExecution(
          "newsletter.subscription_updated",
          eventBus
        )
        await api.post(adminUrl(), { status: "subscribed", reason: "店頭で申込書" }, { headers: admin.headers })
        const [event] = (await emitted) as any[]

        await api.post(adminUrl(), { status: "cleaned", reason: "宛先不明で返送" }, { headers: admin.headers })
        // The same status again is not a change and records nothing.
        const response = await api.post(adminUrl(), { status: "cleaned" }, { headers: admin.headers })

        const subscription = response.data.newsletter_subscription
        expect(event.data).toEqual({ id: subscription.id })
        expect(subscription).toEqual(
          expect.objectContaining({
            id: expect.stringMatching(/^nlsub_/),
            email: "taro@example.jp",
            status: "cleaned",
          })
        )
        expect(
          subscription.history.map((h: any) => [h.from_status, h.to_status, h.source, h.reason, h.actor_id])
        ).toEqual([
          ["subscribed", "cleaned", "admin", "宛先不明で返送", admin.user.id],
          [null, "subscribed", "admin", "店頭で申込書", admin.user.id],
        ])
      })

      it("should refuse an unknown status and an unknown customer", async () => {
        const wrong = await api
          .post(adminUrl(), { status: "gone" }, { headers: admin.headers })
          .catch((e) => e)
        expect(wrong.response.status).toEqual(400)
        expect(wrong.response.data.message).toEqual(
          "Invalid request: status must be one of: subscribed, unsubscribed, cleaned"
        )
        expect([wrong.response.data.code, wrong.response.data.errors]).toEqual([
          "invalid_request",
          [{ path: "status", code: "invalid_value", params: { values: ["subscribed", "unsubscribed", "cleaned"] } }],
        ])

        const tooLong = await api
          .post(adminUrl(), { reason: "x".repeat(501), note: "?" }, { headers: admin.headers })
          .catch((e) => e)
        expect([tooLong.response.status, tooLong.response.data.code, tooLong.response.data.errors]).toEqual([
          400,
          "invalid_request",
          [
            { path: "status", code: "required", params: {} },
            { path: "reason", code: "too_big", params: { maximum: 500, origin: "string" } },
            { path: "", code: "unknown_fields", params: { keys: ["note"] } },
          ],
        ])

        const missing = await api
          .get("/admin/customers/cus_missing/newsletter-subscription", { headers: admin.headers })
          .catch((e) => e)
        expect(missing.response.status).toEqual(404)
        expect(missing.response.data).toEqual({
          type: "not_found",
          code: "customer_not_found",
          message: 'Customer with id "cus_missing" was not found',
          params: { id: "cus_missing" },
        })

        const missingPost = await api
          .post(
            "/admin/customers/cus_missing/newsletter-subscription",
            { status: "subscribed" },
            { headers: admin.headers }
          )
          .catch((e) => e)
        expect([missingPost.response.status, missingPost.response.data.code]).toEqual([404, "customer_not_found"])
      })

      it("should answer 401 without an admin login", async () => {
        const get = await api.get(adminUrl()).catch((e) => e)
        const post = await api.post(adminUrl(), { status: "subscribed" }).catch((e) => e)
        expect([get.response.status, post.response.status]).toEqual([401, 401])
      })
    })

    describe("GET/POST /store/customers/me/newsletter-subscription", () => {
      it("should let the customer subscribe and unsubscribe, recorded as storefront", async () => {
        const before = await api.get(storeUrl, { headers: store.headers })
        expect(before.data).toEqual({
          newsletter_subscription: { email: "taro@example.jp", status: "unsubscribed", subscribed: false },
        })

        const subscribed = await api.post(storeUrl, { subscribed: true }, { headers: store.headers })
        expect(subscribed.data.newsletter_subscription).toEqual({
          email: "taro@example.jp",
          status: "subscribed",
          subscribed: true,
        })
        await api.post(storeUrl, { subscribed: false }, { headers: store.headers })

        const history = (await api.get(adminUrl(), { headers: admin.headers })).data.newsletter_subscription
          .history
        expect(history.map((h: any) => [h.from_status, h.to_status, h.source, h.actor_id])).toEqual([
          ["subscribed", "unsubscribed", "storefront", store.customer.id],
          [null, "subscribed", "storefront", store.customer.id],
        ])
      })

      it("should not let a cleaned address re-subscribe from the storefront", async () => {
        await api.post(adminUrl(), { status: "cleaned" }, { headers: admin.headers })
        const { response } = await api
          .post(storeUrl, { subscribed: true }, { headers: store.headers })
          .catch((e) => e)
        expect(response.status).toEqual(400)
        expect(response.data).toEqual({
          type: "not_allowed",
          code: "subscription_address_cleaned",
          message:
            "Mail to this address could not be delivered, so it was removed from the newsletter. Please use another email address or contact the shop",
          params: {},
        })
        const after = await api.get(storeUrl, { headers: store.headers })
        expect(after.data.newsletter_subscription.status).toEqual("cleaned")
      })

      it("should refuse a body that is not { subscribed: boolean }", async () => {
        const { response } = await api
          .post(storeUrl, { subscribed: "yes", status: "cleaned" }, { headers: store.headers })
          .catch((e) => e)
        expect(response.status).toEqual(400)
        expect(response.data.message).toEqual(
          "Invalid request: subscribed must be true or false; unknown field: status"
        )
        expect([response.data.code, response.data.errors]).toEqual([
          "invalid_request",
          [
            { path: "subscribed", code: "invalid_type", params: { expected: "boolean" } },
            { path: "", code: "unknown_fields", params: { keys: ["status"] } },
          ],
        ])
      })

      it("should need a logged-in customer and the publishable key", async () => {
        const anonymous = await api
          .get(storeUrl, { headers: { "x-publishable-api-key": store.headers["x-publishable-api-key"] } })
          .catch((e) => e)
        expect(anonymous.response.status).toEqual(401)

        const noKey = await api
          .post(storeUrl, { subscribed: true }, { headers: { authorization: store.headers.authorization } })
          .catch((e) => e)
        expect(noKey.response.status).toEqual(400)
        expect(noKey.response.data.type).toEqual("not_allowed")
      })
    })
  },
})
