import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { createCustomerRows, createSubscription, moduleSuite } from "../__fixtures__"
import NewsletterModuleService from "../service"
import {
  NewsletterSubscriptionAction,
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
  type SubscriptionImportRow,
} from "../types"

jest.setTimeout(60 * 1000)

const { SUBSCRIBED, UNSUBSCRIBED, CLEANED } = NewsletterSubscriptionStatus
const { STOREFRONT, ADMIN, BOUNCE, IMPORT } = NewsletterSubscriptionSource
const { CLEAN, UNCLEAN, UNSUBSCRIBE } = NewsletterSubscriptionAction

moduleIntegrationTestRunner<NewsletterModuleService>({
  ...moduleSuite,
  testSuite: ({ MikroOrmWrapper, service }) => {
    const sql = (text: string, params: unknown[] = []) => MikroOrmWrapper.forkManager().execute(text, params)

    /** Makes the address's record with the given changes, in order; returns its id. */
    const record = async (
      email: string,
      changes: Array<[NewsletterSubscriptionStatus, NewsletterSubscriptionSource, string?]>
    ) => {
      let id = ""
      for (const [status, source, customer_id] of changes) {
        id = (await service.changeNewsletterSubscription({ email, status, source, customer_id })).id!
      }
      return id
    }

    const changedAt = (id: string, at: string) =>
      sql(`UPDATE "newsletter_subscription" SET "updated_at" = ? WHERE "id" = ?`, [at, id])

    /** The record's status, streak and history, oldest first. */
    const stored = async (id: string) => {
      const [s] = await sql(
        `SELECT "status", "transient_error_count" FROM "newsletter_subscription" WHERE "id" = ?`,
        [id]
      )
      const history = await sql(
        `SELECT "from_status", "to_status", "source", "reason", "actor_id" FROM "newsletter_subscription_event"
         WHERE "subscription_id" = ? AND "deleted_at" IS NULL ORDER BY "created_at", "id"`,
        [id]
      )
      return {
        status: s?.status,
        streak: s?.transient_error_count,
        history: history.map((h: any) => [h.from_status, h.to_status, h.source, h.reason, h.actor_id]),
      }
    }

    const list = (input: Record<string, unknown> = {}) =>
      service.listAndCountNewsletterSubscriptionRows({ limit: 50, offset: 0, ...input })

    describe("listAndCountNewsletterSubscriptionRows", () => {
      let ids: Record<"taro" | "hanako" | "guest" | "jiro" | "bare", string>

      beforeEach(async () => {
        await createCustomerRows(sql, [
          { id: "cus_taro", email: "taro@example.jp", last_name: "山田", first_name: "太郎", has_account: true },
          // Two customers share hanako's address: the registered one is shown.
          { id: "cus_hanako_guest", email: "hanako@example.jp", last_name: "佐藤", first_name: "はなこ" },
          { id: "cus_hanako", email: "hanako@example.jp", last_name: "佐藤", first_name: "花子", has_account: true },
          // jiro's record names cus_jiro, whose email has changed since; another customer now has
          // the address: the record's own customer is shown.
          { id: "cus_jiro", email: "jiro.new@example.jp", last_name: "鈴木", first_name: "次郎", has_account: true },
          { id: "cus_other", email: "jiro@example.jp", last_name: "別人", first_name: "です", has_account: true },
        ])
        ids = {
          taro: await record("taro@example.jp", [[SUBSCRIBED, STOREFRONT, "cus_taro"]]),
          hanako: await record("hanako@example.jp", [
            [SUBSCRIBED, IMPORT],
            [UNSUBSCRIBED, STOREFRONT],
          ]),
          guest: await record("guest@example.jp", [[SUBSCRIBED, ADMIN]]),
          jiro: await record("jiro@example.jp", [
            [SUBSCRIBED, STOREFRONT, "cus_jiro"],
            [CLEANED, BOUNCE],
          ]),
          // A record written without a history entry (by the generated CRUD).
          bare: (await createSubscription(service, { email: "bare@example.jp", status: UNSUBSCRIBED })).id,
        }
        await changedAt(ids.taro, "2026-12-01T01:00:00Z")
        await changedAt(ids.hanako, "2026-12-01T03:00:00Z")
        await changedAt(ids.guest, "2026-12-01T02:00:00Z")
        await changedAt(ids.jiro, "2026-12-01T03:00:00Z")
        await changedAt(ids.bare, "2026-11-30T00:00:00Z")
      })

      it("should list every subscription, the last changed first (then id), with its customer and its last change", async () => {
        const [rows, count] = await list()
        const lastChanges = await sql(
          `SELECT DISTINCT ON ("subscription_id") "subscription_id", "source",
                  floor(extract(epoch FROM "created_at") * 1000)::float8 AS "ms"
           FROM "newsletter_subscription_event" ORDER BY "subscription_id", "created_at" DESC, "id" DESC`
        )
        const last = Object.fromEntries(lastChanges.map((e: any) => [e.subscription_id, e]))
        const [first, second] = [ids.hanako, ids.jiro].sort().reverse()
        const row = (id: string, email: string, status: string, customer: [string, string, string] | null) => ({
          id,
          email,
          status,
          opt_in_level: "single",
          customer_id: customer?.[0] ?? null,
          last_name: customer?.[1] ?? null,
          first_name: customer?.[2] ?? null,
          created_at: expect.any(Date),
          updated_at: expect.any(Date),
          last_change_source: last[id]?.source ?? null,
          last_changed_at: last[id] ? new Date(last[id].ms) : null,
        })
        const expected: Record<string, unknown> = {
          [ids.hanako]: row(ids.hanako, "hanako@example.jp", UNSUBSCRIBED, ["cus_hanako", "佐藤", "花子"]),
          [ids.jiro]: row(ids.jiro, "jiro@example.jp", CLEANED, ["cus_jiro", "鈴木", "次郎"]),
        }
        expect(count).toEqual(5)
        expect(rows).toEqual([
          expected[first],
          expected[second],
          row(ids.guest, "guest@example.jp", SUBSCRIBED, null),
          row(ids.taro, "taro@example.jp", SUBSCRIBED, ["cus_taro", "山田", "太郎"]),
          row(ids.bare, "bare@example.jp", UNSUBSCRIBED, null),
        ])
        expect(rows.map((r) => [r.email, r.last_change_source])).toEqual(
          expect.arrayContaining([
            ["hanako@example.jp", STOREFRONT],
            ["jiro@example.jp", BOUNCE],
            ["guest@example.jp", ADMIN],
            ["taro@example.jp", STOREFRONT],
            ["bare@example.jp", null],
          ])
        )
        expect(rows[0].updated_at.toISOString()).toEqual("2026-12-01T03:00:00.000Z")
      })

      it("should filter by one or several statuses, counting what the filter selects", async () => {
        const emails = async (input: Record<string, unknown>) => {
          const [rows, count] = await list(input)
          return { emails: rows.map((r) => r.email).sort(), count }
        }
        expect(await emails({ status: [SUBSCRIBED] })).toEqual({
          emails: ["guest@example.jp", "taro@example.jp"],
          count: 2,
        })
        expect(await emails({ status: [UNSUBSCRIBED, CLEANED] })).toEqual({
          emails: ["bare@example.jp", "hanako@example.jp", "jiro@example.jp"],
          count: 3,
        })
        expect(await emails({ status: [] })).toEqual({ emails: expect.any(Array), count: 5 })
        expect(await emails({ ids: [ids.taro, ids.bare, "nlsub_unknown"] })).toEqual({
          emails: ["bare@example.jp", "taro@example.jp"],
          count: 2,
        })
      })

      it("should search the email and the customer's name, case- and space-insensitively, in either order", async () => {
        const found = async (q: string, status?: NewsletterSubscriptionStatus[]) => {
          const [rows, count] = await list({ q, status })
          return [rows.map((r) => r.email).sort(), count]
        }
        expect(await found("TARO@EXAMPLE")).toEqual([["taro@example.jp"], 1])
        expect(await found("佐藤花子")).toEqual([["hanako@example.jp"], 1])
        expect(await found("花子 佐藤")).toEqual([["hanako@example.jp"], 1])
        expect(await found("　鈴木　")).toEqual([["jiro@example.jp"], 1])
        // The guest customer's name is not the one shown, so it does not find the record.
        expect(await found("はなこ")).toEqual([[], 0])
        // Only the customer shown counts: cus_other has jiro's address but is not shown.
        expect(await found("別人")).toEqual([[], 0])
        expect(await found("example.jp", [SUBSCRIBED])).toEqual([["guest@example.jp", "taro@example.jp"], 2])
        // Pattern characters are text.
        expect(await found("%")).toEqual([[], 0])
        expect(await found("_")).toEqual([[], 0])
      })

      it("should page with limit and offset, the count being the whole selection's", async () => {
        const [all] = await list()
        const [page, count] = await list({ limit: 2, offset: 1 })
        expect(page.map((r) => r.id)).toEqual(all.slice(1, 3).map((r) => r.id))
        expect(count).toEqual(5)
        const [beyond, total] = await list({ limit: 2, offset: 10 })
        expect([beyond, total]).toEqual([[], 5])
      })
    })

    describe("applyNewsletterSubscriptionAction", () => {
      const apply = (action: NewsletterSubscriptionAction, ids: string[]) =>
        service.applyNewsletterSubscriptionAction({ ids, action, reason: "一括操作", actor_id: "user_1" })

      it("should clean subscribed and unsubscribed addresses, recording the admin, and report the rest", async () => {
        const subscribed = await record("a@example.jp", [[SUBSCRIBED, STOREFRONT]])
        const unsubscribed = await record("b@example.jp", [[UNSUBSCRIBED, ADMIN]])
        const cleaned = await record("c@example.jp", [[CLEANED, BOUNCE]])
        await sql(`UPDATE "newsletter_subscription" SET "transient_error_count" = 2 WHERE "id" = ?`, [subscribed])

        const result = await apply(CLEAN, [cleaned, subscribed, "nlsub_missing", unsubscribed, subscribed])

        expect(result.changed).toEqual([
          { id: subscribed, from: SUBSCRIBED, to: CLEANED, event_id: expect.stringMatching(/^nlsubev_/) },
          { id: unsubscribed, from: UNSUBSCRIBED, to: CLEANED, event_id: expect.stringMatching(/^nlsubev_/) },
        ])
        expect(result.skipped).toEqual([
          { id: cleaned, code: "subscription_unchanged", params: { id: cleaned, status: CLEANED } },
          { id: "nlsub_missing", code: "subscription_not_found", params: { id: "nlsub_missing" } },
        ])
        expect(result.revert).toEqual({
          event_ids: expect.arrayContaining(result.changed.map((c) => c.event_id)),
          reset_streaks: [{ id: subscribed, transient_error_count: 2 }],
        })
        expect(result.revert.event_ids).toHaveLength(2)
        expect(await stored(subscribed)).toEqual({
          status: CLEANED,
          streak: 0,
          history: [
            [null, SUBSCRIBED, STOREFRONT, null, null],
            [SUBSCRIBED, CLEANED, ADMIN, "一括操作", "user_1"],
          ],
        })
        expect(await stored(unsubscribed)).toEqual({
          status: CLEANED,
          streak: 0,
          history: [
            [null, UNSUBSCRIBED, ADMIN, null, null],
            [UNSUBSCRIBED, CLEANED, ADMIN, "一括操作", "user_1"],
          ],
        })
        expect(await stored(cleaned)).toEqual({
          status: CLEANED,
          streak: 0,
          history: [[null, CLEANED, BOUNCE, null, null]],
        })
      })

      it("should give a cleaned address back the status it had when it was last cleaned", async () => {
        const wasSubscribed = await record("a@example.jp", [
          [SUBSCRIBED, STOREFRONT],
          [CLEANED, BOUNCE],
        ])
        const wasUnsubscribed = await record("b@example.jp", [
          [SUBSCRIBED, STOREFRONT],
          [CLEANED, BOUNCE],
          [UNSUBSCRIBED, ADMIN],
          [CLEANED, ADMIN],
        ])
        const cleanedFromStart = await record("c@example.jp", [[CLEANED, BOUNCE]])
        const notCleaned = await record("d@example.jp", [[SUBSCRIBED, STOREFRONT]])
        const bare = (await createSubscription(service, { email: "e@example.jp", status: CLEANED })).id

        const result = await apply(UNCLEAN, [wasSubscribed, wasUnsubscribed, cleanedFromStart, notCleaned, bare])

        expect(result.changed.map((c) => [c.id, c.from, c.to])).toEqual([
          [wasSubscribed, CLEANED, SUBSCRIBED],
          [wasUnsubscribed, CLEANED, UNSUBSCRIBED],
          [cleanedFromStart, CLEANED, UNSUBSCRIBED],
          [bare, CLEANED, UNSUBSCRIBED],
        ])
        expect(result.skipped).toEqual([
          { id: notCleaned, code: "subscription_not_cleaned", params: { id: notCleaned, status: SUBSCRIBED } },
        ])
        expect((await stored(wasSubscribed)).history.at(-1)).toEqual([CLEANED, SUBSCRIBED, ADMIN, "一括操作", "user_1"])
        expect((await stored(wasUnsubscribed)).history.at(-1)).toEqual([
          CLEANED,
          UNSUBSCRIBED,
          ADMIN,
          "一括操作",
          "user_1",
        ])
        expect(await stored(bare)).toEqual({
          status: UNSUBSCRIBED,
          streak: 0,
          history: [[CLEANED, UNSUBSCRIBED, ADMIN, "一括操作", "user_1"]],
        })
      })

      it("should unsubscribe subscribed addresses and leave cleaned ones cleaned", async () => {
        const subscribed = await record("a@example.jp", [[SUBSCRIBED, STOREFRONT]])
        const unsubscribed = await record("b@example.jp", [[UNSUBSCRIBED, STOREFRONT]])
        const cleaned = await record("c@example.jp", [[CLEANED, BOUNCE]])

        const result = await apply(UNSUBSCRIBE, [subscribed, unsubscribed, cleaned])

        expect(result.changed.map((c) => [c.id, c.from, c.to])).toEqual([[subscribed, SUBSCRIBED, UNSUBSCRIBED]])
        expect(result.skipped).toEqual([
          { id: unsubscribed, code: "subscription_unchanged", params: { id: unsubscribed, status: UNSUBSCRIBED } },
          { id: cleaned, code: "subscription_is_cleaned", params: { id: cleaned, status: CLEANED } },
        ])
        expect((await stored(cleaned)).status).toEqual(CLEANED)
      })

      it("should change nothing when every id is refused or unknown", async () => {
        const cleaned = await record("c@example.jp", [[CLEANED, BOUNCE]])
        const before = await stored(cleaned)
        const result = await apply(CLEAN, [cleaned, "nlsub_missing"])
        expect(result).toEqual({
          changed: [],
          skipped: [
            { id: cleaned, code: "subscription_unchanged", params: { id: cleaned, status: CLEANED } },
            { id: "nlsub_missing", code: "subscription_not_found", params: { id: "nlsub_missing" } },
          ],
          revert: { event_ids: [], reset_streaks: [] },
        })
        expect(await stored(cleaned)).toEqual(before)
      })

      it("should be undone by its revert: statuses, streaks and history as before", async () => {
        const subscribed = await record("a@example.jp", [[SUBSCRIBED, STOREFRONT]])
        const unsubscribed = await record("b@example.jp", [[UNSUBSCRIBED, ADMIN]])
        await sql(`UPDATE "newsletter_subscription" SET "transient_error_count" = 2 WHERE "id" = ?`, [subscribed])
        const before = [await stored(subscribed), await stored(unsubscribed)]

        const { revert } = await apply(CLEAN, [subscribed, unsubscribed])
        await service.revertNewsletterSubscriptionImport(revert)

        expect([await stored(subscribed), await stored(unsubscribed)]).toEqual(before)
      })
    })

    describe("importNewsletterSubscriptions with dry_run", () => {
      const rows: SubscriptionImportRow[] = [
        { line: 2, email: "new@example.jp", status: SUBSCRIBED, consented_at: "2024-04-01T00:00:00.000Z", source: "旧ショップ" },
        { line: 3, email: "taro@example.jp", status: SUBSCRIBED, consented_at: "2024-04-01T00:00:00.000Z", source: null },
        { line: 4, email: "hanako@example.jp", status: SUBSCRIBED, consented_at: "2024-04-01T00:00:00.000Z", source: null },
        { line: 5, email: "jiro@example.jp", status: UNSUBSCRIBED, consented_at: null, source: null },
      ]
      const snapshot = async () => ({
        subscriptions: await sql(
          `SELECT "id", "email", "status", "transient_error_count", "updated_at" FROM "newsletter_subscription" ORDER BY "email"`
        ),
        events: await sql(`SELECT "id" FROM "newsletter_subscription_event" ORDER BY "id"`),
      })

      it("should report what the import would do and write nothing", async () => {
        await createCustomerRows(sql, [{ id: "cus_taro", email: "taro@example.jp" }])
        await record("taro@example.jp", [[SUBSCRIBED, STOREFRONT]])
        await record("hanako@example.jp", [[UNSUBSCRIBED, STOREFRONT]])
        await record("jiro@example.jp", [[SUBSCRIBED, STOREFRONT]])
        const before = await snapshot()

        const checked = await service.importNewsletterSubscriptions({ chunks: [rows], actor_id: "user_1", dry_run: true })

        expect(await snapshot()).toEqual(before)
        const expected = {
          created: 1,
          updated: 1,
          unchanged: 1,
          without_customer: 2,
          rejected: [
            {
              line: 4,
              email: "hanako@example.jp",
              code: "import_row_address_unsubscribed",
              reason: expect.any(String),
              params: {},
            },
          ],
        }
        expect(checked).toEqual({ ...expected, changed_ids: [], event_ids: [], reset_streaks: [] })

        // The import itself then gives the same report.
        const imported = await service.importNewsletterSubscriptions({ chunks: [rows], actor_id: "user_1" })
        expect(imported).toEqual({
          ...expected,
          changed_ids: expect.any(Array),
          event_ids: expect.any(Array),
          reset_streaks: [],
        })
        expect(imported.event_ids).toHaveLength(2)
      })
    })
  },
})
