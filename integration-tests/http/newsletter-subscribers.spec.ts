import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import type NewsletterModuleService from "../../src/modules/newsletter/service"
import {
  NewsletterSubscriptionSource as Source,
  NewsletterSubscriptionStatus as Status,
} from "../../src/modules/newsletter/types"
import { createAdminHeaders } from "./../helpers/auth"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(120 * 1000)

const LIST = "/admin/newsletter-subscriptions"
const BATCH = "/admin/newsletter-subscriptions/batch"
const IMPORT = "/admin/newsletter-subscriptions/import"

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    let adminId: string

    beforeEach(async () => {
      const admin = await createAdminHeaders(getContainer())
      headers = admin.headers
      adminId = admin.user.id
    })

    const service = () => getContainer().resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const knex = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
    /** GET or POST answering instead of throwing on an error status. */
    const get = (url: string, params?: Record<string, unknown>) =>
      api.get(url, { headers, params, validateStatus: () => true })
    const post = (url: string, body: unknown, extra: Record<string, string> = {}) =>
      api.post(url, body, { headers: { ...headers, ...extra }, validateStatus: () => true })

    /** Records the address's changes in order (each with its history entry); returns its id. */
    const record = async (email: string, changes: Array<[Status, Source, string?]>) => {
      let id = ""
      for (const [status, source, customer_id] of changes) {
        id = (await service().changeNewsletterSubscription({ email, status, source, customer_id })).id!
      }
      return id
    }
    const changedAt = (id: string, at: string) =>
      knex()("newsletter_subscription").where({ id }).update({ updated_at: at })

    /** The address's history, oldest first: [from, to, source, reason, actor]. */
    const history = async (id: string) =>
      (
        await knex()("newsletter_subscription_event")
          .where({ subscription_id: id })
          .orderBy([{ column: "created_at" }, { column: "id" }])
      ).map((e: any) => [e.from_status, e.to_status, e.source, e.reason, e.actor_id])
    const statuses = async () =>
      Object.fromEntries(
        (await knex()("newsletter_subscription").select("email", "status")).map((r: any) => [r.email, r.status])
      )

    /** Collects the ids of `newsletter.subscription_updated` from now on. */
    const updatedEvents = () => {
      const ids: string[] = []
      getContainer()
        .resolve(Modules.EVENT_BUS)
        .subscribe("newsletter.subscription_updated", async ({ data }: any) => {
          ids.push(data.id)
        })
      return ids
    }

    describe("GET /admin/newsletter-subscriptions", () => {
      let ids: Record<"taro" | "hanako" | "guest" | "jiro", string>
      let customers: Record<"taro" | "hanako", string>

      beforeEach(async () => {
        const created = await getContainer()
          .resolve(Modules.CUSTOMER)
          .createCustomers([
            { email: "taro@example.jp", last_name: "山田", first_name: "太郎", has_account: true },
            { email: "hanako@example.jp", last_name: "佐藤", first_name: "花子", has_account: true },
          ])
        customers = { taro: created[0].id, hanako: created[1].id }
        ids = {
          taro: await record("taro@example.jp", [[Status.SUBSCRIBED, Source.STOREFRONT, customers.taro]]),
          // Imported: the record names no customer; the customer with its address is shown.
          hanako: await record("hanako@example.jp", [
            [Status.SUBSCRIBED, Source.IMPORT],
            [Status.UNSUBSCRIBED, Source.UNSUBSCRIBE_LINK],
          ]),
          guest: await record("guest@example.jp", [[Status.SUBSCRIBED, Source.ADMIN]]),
          jiro: await record("jiro@example.jp", [
            [Status.SUBSCRIBED, Source.IMPORT],
            [Status.CLEANED, Source.BOUNCE],
          ]),
        }
        await changedAt(ids.taro, "2026-12-01T01:00:00Z")
        await changedAt(ids.hanako, "2026-12-01T04:00:00Z")
        await changedAt(ids.guest, "2026-12-01T03:00:00Z")
        await changedAt(ids.jiro, "2026-12-01T02:00:00Z")
      })

      /** The latest history entry's source and time, as the list answers them. */
      const lastChange = async (id: string) => {
        const [e] = await knex()("newsletter_subscription_event")
          .where({ subscription_id: id })
          .orderBy([{ column: "created_at", order: "desc" }, { column: "id", order: "desc" }])
          .limit(1)
        return { last_change_source: e.source, last_changed_at: new Date(e.created_at).toISOString() }
      }
      const item = async (
        key: "taro" | "hanako" | "guest" | "jiro",
        status: Status,
        updatedAt: string,
        customer: [string, string, string] | null
      ) => ({
        id: ids[key],
        email: `${key}@example.jp`,
        status,
        opt_in_level: "single",
        customer_id: customer?.[0] ?? null,
        last_name: customer?.[1] ?? null,
        first_name: customer?.[2] ?? null,
        created_at: expect.any(String),
        updated_at: updatedAt,
        ...(await lastChange(ids[key])),
      })
      const expectedItems = async () => ({
        hanako: await item("hanako", Status.UNSUBSCRIBED, "2026-12-01T04:00:00.000Z", [customers.hanako, "佐藤", "花子"]),
        guest: await item("guest", Status.SUBSCRIBED, "2026-12-01T03:00:00.000Z", null),
        jiro: await item("jiro", Status.CLEANED, "2026-12-01T02:00:00.000Z", null),
        taro: await item("taro", Status.SUBSCRIBED, "2026-12-01T01:00:00.000Z", [customers.taro, "山田", "太郎"]),
      })

      it("should list every subscription, the last changed first, with its customer and its last change", async () => {
        const response = await get(LIST)
        const e = await expectedItems()
        expect([response.status, response.data]).toEqual([
          200,
          { newsletter_subscriptions: [e.hanako, e.guest, e.jiro, e.taro], count: 4, offset: 0, limit: 50 },
        ])
        expect(response.data.newsletter_subscriptions.map((s: any) => s.last_change_source)).toEqual([
          "unsubscribe_link",
          "admin",
          "bounce",
          "storefront",
        ])
      })

      it("should filter by one status or several, in either query form", async () => {
        const e = await expectedItems()
        const one = await get(LIST, { status: "subscribed" })
        expect(one.data).toEqual({ newsletter_subscriptions: [e.guest, e.taro], count: 2, offset: 0, limit: 50 })

        // axios writes arrays as status[]=…; the repeated form is written by hand.
        const several = await get(LIST, { status: ["unsubscribed", "cleaned"] })
        const repeated = await get(`${LIST}?status=cleaned&status=unsubscribed`)
        for (const response of [several, repeated]) {
          expect([response.status, response.data]).toEqual([
            200,
            { newsletter_subscriptions: [e.hanako, e.jiro], count: 2, offset: 0, limit: 50 },
          ])
        }
        const cleaned = await get(LIST, { status: "cleaned" })
        expect(cleaned.data).toEqual({ newsletter_subscriptions: [e.jiro], count: 1, offset: 0, limit: 50 })
      })

      it("should search the email and the customer's name, case- and space-insensitively", async () => {
        const e = await expectedItems()
        const search = async (q: string, status?: string) => (await get(LIST, { q, status })).data
        expect(await search("HANAKO@")).toEqual({ newsletter_subscriptions: [e.hanako], count: 1, offset: 0, limit: 50 })
        expect(await search("山田太郎")).toEqual({ newsletter_subscriptions: [e.taro], count: 1, offset: 0, limit: 50 })
        expect(await search("太郎 山田")).toEqual({ newsletter_subscriptions: [e.taro], count: 1, offset: 0, limit: 50 })
        expect(await search("佐藤")).toEqual({ newsletter_subscriptions: [e.hanako], count: 1, offset: 0, limit: 50 })
        expect(await search("example.jp", "subscribed")).toEqual({
          newsletter_subscriptions: [e.guest, e.taro],
          count: 2,
          offset: 0,
          limit: 50,
        })
        expect(await search("鈴木")).toEqual({ newsletter_subscriptions: [], count: 0, offset: 0, limit: 50 })
      })

      it("should page with limit and offset, the count being the whole selection's", async () => {
        const e = await expectedItems()
        expect((await get(LIST, { limit: 2, offset: 1 })).data).toEqual({
          newsletter_subscriptions: [e.guest, e.jiro],
          count: 4,
          offset: 1,
          limit: 2,
        })
        expect((await get(LIST, { limit: 2, offset: 4 })).data).toEqual({
          newsletter_subscriptions: [],
          count: 4,
          offset: 4,
          limit: 2,
        })
        expect((await get(LIST, { limit: 1000 })).data.count).toEqual(4)
      })

      it("should refuse a bad query with 400, a code and every problem", async () => {
        const response = await get(LIST, { status: "gone", limit: 1001, offset: -1, sort: "email" })
        expect([response.status, response.data]).toEqual([
          400,
          {
            type: "invalid_data",
            code: "invalid_request",
            message:
              "Invalid request: status must be one of: subscribed, unsubscribed, cleaned; limit must be at most 1000; offset must not be negative; unknown field: sort",
            params: {},
            errors: [
              { path: "status", code: "invalid_value", params: { values: ["subscribed", "unsubscribed", "cleaned"] } },
              { path: "limit", code: "too_big", params: { maximum: 1000, origin: "number" } },
              { path: "offset", code: "too_small", params: { minimum: 0, origin: "number" } },
              { path: "", code: "unknown_fields", params: { keys: ["sort"] } },
            ],
          },
        ])
        const zero = await get(LIST, { limit: 0 })
        expect([zero.status, zero.data.code, zero.data.errors]).toEqual([
          400,
          "invalid_request",
          [{ path: "limit", code: "too_small", params: { minimum: 1, origin: "number" } }],
        ])
      })

      it("should refuse a request without an admin login", async () => {
        const response = await api.get(LIST, { validateStatus: () => true })
        expect(response.status).toEqual(401)
      })
    })

    describe("GET /admin/newsletter-subscriptions/:id", () => {
      it("should answer the row with its whole history, newest first, in the customer page's shape", async () => {
        const [customer] = await getContainer()
          .resolve(Modules.CUSTOMER)
          .createCustomers([{ email: "taro@example.jp", last_name: "山田", first_name: "太郎", has_account: true }])
        await post(`/admin/customers/${customer.id}/newsletter-subscription`, { status: "subscribed", reason: "店頭" })
        const id = await record("taro@example.jp", [[Status.CLEANED, Source.BOUNCE]])

        const response = await get(`${LIST}/${id}`)
        const fromCustomerPage = (await get(`/admin/customers/${customer.id}/newsletter-subscription`)).data
        const [row] = (await get(LIST)).data.newsletter_subscriptions

        expect(response.status).toEqual(200)
        expect(response.data).toEqual({
          newsletter_subscription: { ...row, history: fromCustomerPage.newsletter_subscription.history },
        })
        expect(
          response.data.newsletter_subscription.history.map((h: any) => [
            h.from_status,
            h.to_status,
            h.source,
            h.reason,
            h.actor_id,
          ])
        ).toEqual([
          ["subscribed", "cleaned", "bounce", null, null],
          [null, "subscribed", "admin", "店頭", adminId],
        ])
        expect(Object.keys(response.data.newsletter_subscription.history[0]).sort()).toEqual([
          "actor_id",
          "consented_at",
          "created_at",
          "evidence",
          "from_status",
          "id",
          "newsletter_id",
          "params",
          "reason",
          "reason_code",
          "source",
          "to_status",
        ])
      })

      it("should answer 404 with a code for an unknown id", async () => {
        const response = await get(`${LIST}/nlsub_missing`)
        expect([response.status, response.data]).toEqual([
          404,
          {
            type: "not_found",
            code: "subscription_not_found",
            message: 'Newsletter subscription with id "nlsub_missing" was not found',
            params: { id: "nlsub_missing" },
          },
        ])
      })
    })

    describe("POST /admin/newsletter-subscriptions/batch", () => {
      it("should clean a selection, recording the admin's change, and report what it left as it is", async () => {
        const subscribed = await record("a@example.jp", [[Status.SUBSCRIBED, Source.STOREFRONT]])
        const unsubscribed = await record("b@example.jp", [[Status.UNSUBSCRIBED, Source.STOREFRONT]])
        const cleaned = await record("c@example.jp", [[Status.CLEANED, Source.BOUNCE]])
        const updated = updatedEvents()

        const response = await post(BATCH, {
          ids: [subscribed, "nlsub_missing", cleaned, unsubscribed],
          action: "clean",
          reason: "宛先不明で返送",
        })

        expect([response.status, response.data]).toEqual([
          200,
          {
            action: "clean",
            updated: 2,
            skipped: [
              { id: "nlsub_missing", code: "subscription_not_found", params: { id: "nlsub_missing" } },
              { id: cleaned, code: "subscription_unchanged", params: { id: cleaned, status: "cleaned" } },
            ],
          },
        ])
        expect(await history(subscribed)).toEqual([
          [null, "subscribed", "storefront", null, null],
          ["subscribed", "cleaned", "admin", "宛先不明で返送", adminId],
        ])
        expect(await history(unsubscribed)).toEqual([
          [null, "unsubscribed", "storefront", null, null],
          ["unsubscribed", "cleaned", "admin", "宛先不明で返送", adminId],
        ])
        expect(await history(cleaned)).toEqual([[null, "cleaned", "bounce", null, null]])
        expect(updated.sort()).toEqual([subscribed, unsubscribed].sort())
        // The list shows them as changed last, by the admin.
        const [first, second] = (await get(LIST)).data.newsletter_subscriptions
        expect([first, second].map((s: any) => [s.status, s.last_change_source])).toEqual([
          ["cleaned", "admin"],
          ["cleaned", "admin"],
        ])
      })

      it("should give cleaned addresses back the status they had before (クリーニング解除), shown on the customer's page", async () => {
        const [customer] = await getContainer()
          .resolve(Modules.CUSTOMER)
          .createCustomers([{ email: "a@example.jp", has_account: true }])
        const wasSubscribed = await record("a@example.jp", [
          [Status.SUBSCRIBED, Source.STOREFRONT, customer.id],
          [Status.CLEANED, Source.BOUNCE],
        ])
        const wasUnsubscribed = await record("b@example.jp", [
          [Status.UNSUBSCRIBED, Source.STOREFRONT],
          [Status.CLEANED, Source.ADMIN],
        ])
        const notCleaned = await record("c@example.jp", [[Status.SUBSCRIBED, Source.STOREFRONT]])

        const response = await post(BATCH, { ids: [wasSubscribed, wasUnsubscribed, notCleaned], action: "unclean" })

        expect([response.status, response.data]).toEqual([
          200,
          {
            action: "unclean",
            updated: 2,
            skipped: [{ id: notCleaned, code: "subscription_not_cleaned", params: { id: notCleaned, status: "subscribed" } }],
          },
        ])
        expect((await history(wasSubscribed)).at(-1)).toEqual(["cleaned", "subscribed", "admin", null, adminId])
        expect((await history(wasUnsubscribed)).at(-1)).toEqual(["cleaned", "unsubscribed", "admin", null, adminId])
        const widget = (await get(`/admin/customers/${customer.id}/newsletter-subscription`)).data
        expect(widget.newsletter_subscription.status).toEqual("subscribed")
        expect(
          widget.newsletter_subscription.history.map((h: any) => [h.from_status, h.to_status, h.source, h.actor_id])
        ).toEqual([
          ["cleaned", "subscribed", "admin", adminId],
          ["subscribed", "cleaned", "bounce", null],
          [null, "subscribed", "storefront", null],
        ])
      })

      it("should unsubscribe (配信停止), leaving cleaned addresses cleaned and emitting only for the changed", async () => {
        const subscribed = await record("a@example.jp", [[Status.SUBSCRIBED, Source.STOREFRONT]])
        const unsubscribed = await record("b@example.jp", [[Status.UNSUBSCRIBED, Source.STOREFRONT]])
        const cleaned = await record("c@example.jp", [[Status.CLEANED, Source.BOUNCE]])
        const updated = updatedEvents()

        const response = await post(BATCH, { ids: [subscribed, unsubscribed, cleaned], action: "unsubscribe" })

        expect([response.status, response.data]).toEqual([
          200,
          {
            action: "unsubscribe",
            updated: 1,
            skipped: [
              { id: unsubscribed, code: "subscription_unchanged", params: { id: unsubscribed, status: "unsubscribed" } },
              { id: cleaned, code: "subscription_is_cleaned", params: { id: cleaned, status: "cleaned" } },
            ],
          },
        ])
        expect(await history(subscribed)).toEqual([
          [null, "subscribed", "storefront", null, null],
          ["subscribed", "unsubscribed", "admin", null, adminId],
        ])
        expect(await statuses()).toEqual({
          "a@example.jp": "unsubscribed",
          "b@example.jp": "unsubscribed",
          "c@example.jp": "cleaned",
        })
        expect(updated).toEqual([subscribed])
      })

      it("should report every id unknown without failing, and change nothing", async () => {
        const response = await post(BATCH, { ids: ["nlsub_a", "nlsub_b", "nlsub_a"], action: "clean" })
        expect([response.status, response.data]).toEqual([
          200,
          {
            action: "clean",
            updated: 0,
            skipped: [
              { id: "nlsub_a", code: "subscription_not_found", params: { id: "nlsub_a" } },
              { id: "nlsub_b", code: "subscription_not_found", params: { id: "nlsub_b" } },
            ],
          },
        ])
      })

      it("should refuse a selection of 1,001, an empty one and an unknown action with 400 and codes, changing nothing", async () => {
        const subscribed = await record("a@example.jp", [[Status.SUBSCRIBED, Source.STOREFRONT]])
        const tooMany = await post(BATCH, {
          ids: [subscribed, ...Array.from({ length: 1000 }, (_, i) => `nlsub_${i}`)],
          action: "clean",
        })
        expect([tooMany.status, tooMany.data.code, tooMany.data.errors]).toEqual([
          400,
          "invalid_request",
          [{ path: "ids", code: "too_big", params: { maximum: 1000, origin: "array" } }],
        ])
        const empty = await post(BATCH, { ids: [], action: "purge", extra: 1 })
        expect([empty.status, empty.data.code, empty.data.errors]).toEqual([
          400,
          "invalid_request",
          [
            { path: "ids", code: "too_small", params: { minimum: 1, origin: "array" } },
            { path: "action", code: "invalid_value", params: { values: ["clean", "unclean", "unsubscribe"] } },
            { path: "", code: "unknown_fields", params: { keys: ["extra"] } },
          ],
        ])
        expect(await history(subscribed)).toEqual([[null, "subscribed", "storefront", null, null]])
      })
    })

    describe("POST /admin/newsletter-subscriptions/import?dry_run=true", () => {
      const csv = [
        "email,status,consented_at,source",
        "new@example.jp,subscribed,2024-04-01,店頭",
        "taro@example.jp,subscribed,2024-04-01,店頭",
        "hanako@example.jp,subscribed,2024-04-01,店頭",
        "jiro@example.jp,unsubscribed,,",
        "bad,subscribed,2024-04-01,x",
      ].join("\r\n")
      const tables = async () => ({
        subscriptions: await knex()("newsletter_subscription").select("*").orderBy("email"),
        events: await knex()("newsletter_subscription_event").select("*").orderBy("id"),
      })

      it("should report what the import would do, writing nothing and emitting nothing; the import then does it", async () => {
        await record("taro@example.jp", [[Status.SUBSCRIBED, Source.STOREFRONT]])
        await record("hanako@example.jp", [[Status.UNSUBSCRIBED, Source.STOREFRONT]])
        await record("jiro@example.jp", [[Status.SUBSCRIBED, Source.STOREFRONT]])
        const before = await tables()
        const updated = updatedEvents()

        const checked = await post(`${IMPORT}?dry_run=true`, csv, { "content-type": "text/csv" })

        const report = {
          accepted: 3,
          created: 1,
          updated: 1,
          unchanged: 1,
          without_customer: 3,
          rejected: [
            {
              line: 4,
              email: "hanako@example.jp",
              code: "import_row_address_unsubscribed",
              params: {},
              reason:
                "the address is unsubscribed in this shop; an import does not subscribe it again (the customer can subscribe in the store)",
            },
            { line: 6, email: "bad", code: "import_row_email_invalid", params: {}, reason: "email is not a valid address" },
          ],
        }
        expect([checked.status, checked.data]).toEqual([200, { dry_run: true, ...report }])
        expect(await tables()).toEqual(before)
        expect(updated).toEqual([])

        // The same file in JSON, checked the same way.
        const json = await post(`${IMPORT}?dry_run=true`, { csv })
        expect([json.status, json.data]).toEqual([200, { dry_run: true, ...report }])

        const imported = await post(IMPORT, csv, { "content-type": "text/csv" })
        expect([imported.status, imported.data]).toEqual([200, report])
        expect(await statuses()).toEqual({
          "new@example.jp": "subscribed",
          "taro@example.jp": "subscribed",
          "hanako@example.jp": "unsubscribed",
          "jiro@example.jp": "unsubscribed",
        })
      })

      it("should refuse a malformed file in a dry run as the import does, with its code", async () => {
        const before = await tables()
        const response = await post(`${IMPORT}?dry_run=true`, "email,status\na@example.jp,subscribed", {
          "content-type": "text/csv",
        })
        expect([response.status, response.data.code, response.data.params]).toEqual([
          400,
          "import_missing_columns",
          { columns: ["email", "status", "consented_at", "source"], missing: ["consented_at", "source"] },
        ])
        expect(await tables()).toEqual(before)
      })

      it("should refuse a dry_run that is not true or false", async () => {
        const response = await post(`${IMPORT}?dry_run=yes`, csv, { "content-type": "text/csv" })
        expect([response.status, response.data.code, response.data.errors]).toEqual([
          400,
          "invalid_request",
          [{ path: "dry_run", code: "invalid_value", params: { values: ["true", "false"] } }],
        ])
        expect(await statuses()).toEqual({})
      })
    })
  },
})
