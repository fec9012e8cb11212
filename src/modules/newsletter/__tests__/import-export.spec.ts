import { MedusaError } from "@medusajs/framework/utils"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { audiencePreviewSql, audienceSql } from "../../../lib/audience/sql"
import {
  createCustomerRows,
  createNewsletter,
  createRecipients,
  createSubscription,
  type ModuleTierCustomer,
  moduleSuite,
} from "../__fixtures__"
import NewsletterModuleService from "../service"
import {
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
  type SubscriptionImportRow,
} from "../types"
import { RECIPIENT_EXPORT_COLUMNS } from "../repositories/exports"
import { READ_TIMEOUT_CODE } from "../utils/read-timeout"
import { importRefusal } from "../utils/subscription-rules"

jest.setTimeout(60 * 1000)

const S = NewsletterSubscriptionStatus

const row = (
  line: number,
  email: string,
  status: NewsletterSubscriptionStatus,
  consented_at: string | null = null,
  source: string | null = null
): SubscriptionImportRow => ({ line, email, status, consented_at, source })

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = []
  for await (const r of rows) {
    all.push(r)
  }
  return all
}

moduleIntegrationTestRunner<NewsletterModuleService>({
  ...moduleSuite,
  testSuite: ({ MikroOrmWrapper, service }) => {
    const sql = (text: string, params: unknown[] = []) => MikroOrmWrapper.forkManager().execute(text, params)

    /** Customers in the module tier's copy of Medusa's `customer` table (see createCustomerRows). */
    const createCustomers = (customers: ModuleTierCustomer[]) => createCustomerRows(sql, customers)

    const subscriptions = async () =>
      Object.fromEntries(
        (
          (await sql(
            `SELECT "email", "status", "transient_error_count" FROM "newsletter_subscription"
             WHERE "deleted_at" IS NULL ORDER BY "email"`
          )) as Array<{ email: string; status: string; transient_error_count: number }>
        ).map((s) => [s.email, [s.status, s.transient_error_count]])
      )

    const history = async () =>
      (await sql(
        `SELECT s."email", ev."from_status", ev."to_status", ev."source", ev."reason",
                to_char(ev."consented_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "consented_at",
                ev."actor_id", ev."newsletter_id"
         FROM "newsletter_subscription_event" ev
         JOIN "newsletter_subscription" s ON s."id" = ev."subscription_id"
         ORDER BY s."email"`
      )) as Array<Record<string, unknown>>

    const idleInTransaction = async () =>
      (
        await sql(
          `SELECT count(*)::int AS "n" FROM pg_stat_activity
           WHERE "datname" = current_database() AND "state" LIKE 'idle in transaction%'`
        )
      )[0].n as number

    describe("importNewsletterSubscriptions", () => {
      /** The shop's own record before the import (shiro has a transient streak of 2). */
      async function seedShop() {
        await createCustomers([
          { id: "cus_taro", email: "taro@example.jp" },
          { id: "cus_jiro", email: "jiro@example.jp" },
          { id: "cus_shiro", email: " Shiro@Example.JP " },
        ])
        const [taro, hanako, saburo, shiro] = await Promise.all([
          createSubscription(service, { email: "taro@example.jp", status: S.SUBSCRIBED }),
          createSubscription(service, { email: "hanako@example.jp", status: S.UNSUBSCRIBED }),
          createSubscription(service, { email: "saburo@example.jp", status: S.CLEANED }),
          createSubscription(service, { email: "shiro@example.jp", status: S.SUBSCRIBED, transient_error_count: 2 }),
        ])
        return { taro, hanako, saburo, shiro }
      }

      const file = [
        [
          row(2, "taro@example.jp", S.SUBSCRIBED, "2024-03-31T15:00:00.000Z", "旧ショップ"),
          row(3, "hanako@example.jp", S.SUBSCRIBED, "2024-03-31T15:00:00.000Z", "旧ショップ"),
          row(4, "saburo@example.jp", S.SUBSCRIBED, "2024-03-31T15:00:00.000Z", "旧ショップ"),
        ],
        [
          row(5, "jiro@example.jp", S.SUBSCRIBED, "2024-04-01T01:30:00.000Z", "店頭アンケート"),
          row(6, "new@example.jp", S.SUBSCRIBED, "2024-04-30T15:00:00.000Z"),
          row(7, "shiro@example.jp", S.UNSUBSCRIBED, null, "旧ショップ退会"),
          row(8, "mika@example.jp", S.CLEANED, null, "バウンス"),
        ],
      ]

      it("should create, change and leave rows by the import rules, a chunk at a time, with exact history", async () => {
        const { shiro } = await seedShop()

        const result = await service.importNewsletterSubscriptions({ chunks: file, actor_id: "user_admin" })

        const ids = Object.fromEntries(
          (await service.listNewsletterSubscriptions({}, { select: ["id", "email"] })).map((s) => [s.email, s.id])
        )
        expect(result).toEqual({
          created: 3,
          updated: 1,
          unchanged: 1,
          without_customer: 2,
          rejected: [
            // The rules' wording (subscription-import-rules.unit.spec.ts checks it word for word).
            { line: 3, email: "hanako@example.jp", ...importRefusal(S.UNSUBSCRIBED, S.SUBSCRIBED), params: {} },
            { line: 4, email: "saburo@example.jp", ...importRefusal(S.CLEANED, S.SUBSCRIBED), params: {} },
          ],
          changed_ids: [ids["jiro@example.jp"], ids["new@example.jp"], ids["mika@example.jp"], shiro.id],
          event_ids: expect.any(Array),
          reset_streaks: [{ id: shiro.id, transient_error_count: 2 }],
        })
        expect(result.event_ids).toHaveLength(4)
        result.event_ids.forEach((id) => expect(id).toMatch(/^nlsubev_[0-9a-f]{32}$/))
        expect(ids["new@example.jp"]).toMatch(/^nlsub_[0-9a-f]{32}$/)

        expect(await subscriptions()).toEqual({
          "hanako@example.jp": ["unsubscribed", 0],
          "jiro@example.jp": ["subscribed", 0],
          "mika@example.jp": ["cleaned", 0],
          "new@example.jp": ["subscribed", 0],
          "saburo@example.jp": ["cleaned", 0],
          "shiro@example.jp": ["unsubscribed", 0],
          "taro@example.jp": ["subscribed", 0],
        })
        const entry = { source: NewsletterSubscriptionSource.IMPORT, actor_id: "user_admin", newsletter_id: null }
        expect(await history()).toEqual([
          {
            email: "jiro@example.jp",
            from_status: null,
            to_status: "subscribed",
            reason: "店頭アンケート",
            consented_at: "2024-04-01T01:30:00.000Z",
            ...entry,
          },
          { email: "mika@example.jp", from_status: null, to_status: "cleaned", reason: "バウンス", consented_at: null, ...entry },
          {
            email: "new@example.jp",
            from_status: null,
            to_status: "subscribed",
            reason: null,
            consented_at: "2024-04-30T15:00:00.000Z",
            ...entry,
          },
          {
            email: "shiro@example.jp",
            from_status: "subscribed",
            to_status: "unsubscribed",
            reason: "旧ショップ退会",
            consented_at: null,
            ...entry,
          },
        ])
      })

      it("should revert an import exactly: created records removed, changed ones and their streaks restored", async () => {
        await seedShop()
        const before = await subscriptions()
        const { event_ids, reset_streaks } = await service.importNewsletterSubscriptions({
          chunks: file,
          actor_id: null,
        })

        await service.revertNewsletterSubscriptionImport({ event_ids, reset_streaks })

        expect(await subscriptions()).toEqual(before)
        expect(await history()).toEqual([])
      })

      it("should import nothing when the chunks stop with an error (a malformed line found later)", async () => {
        await createCustomers([])
        async function* chunks() {
          yield [row(2, "first@example.jp", S.SUBSCRIBED, "2024-04-01T00:00:00.000Z")]
          throw new MedusaError(MedusaError.Types.INVALID_DATA, "The file is not a readable CSV (line 90000)")
        }

        const error = await service.importNewsletterSubscriptions({ chunks: chunks() }).catch((e) => e)

        expect([error.type, error.message]).toEqual([
          MedusaError.Types.INVALID_DATA,
          "The file is not a readable CSV (line 90000)",
        ])
        expect(await subscriptions()).toEqual({})
        expect(await history()).toEqual([])
      })

      it("should add up many chunks of thousands of rows", async () => {
        await createCustomers([{ id: "cus_1", email: "user00001@bulk.example" }])
        async function* chunks() {
          for (let start = 0; start < 12_000; start += 5_000) {
            yield Array.from({ length: Math.min(5_000, 12_000 - start) }, (_, i) =>
              row(start + i + 2, `user${String(start + i).padStart(5, "0")}@bulk.example`, S.UNSUBSCRIBED)
            )
          }
        }

        const result = await service.importNewsletterSubscriptions({ chunks: chunks() })

        expect([result.created, result.updated, result.unchanged, result.without_customer]).toEqual([
          12_000, 0, 0, 11_999,
        ])
        expect([result.changed_ids.length, result.event_ids.length, result.rejected]).toEqual([12_000, 12_000, []])
        const [{ n }] = await sql(`SELECT count(*)::int AS "n" FROM "newsletter_subscription_event"`)
        expect(n).toEqual(12_000)
      })
    })

    describe("the export iterators", () => {
      it("should stream a reservation's snapshot in position order, a batch at a time, times in the store's zone", async () => {
        const article = await createNewsletter(service)
        const emails = ["e@example.jp", "a@example.jp", "d@example.jp", "b@example.jp", "c@example.jp"]
        await createRecipients(service, article.id, emails)
        await sql(
          `UPDATE "newsletter_recipient" SET "created_at" = '2026-11-30T03:00:00Z',
             "status" = CASE WHEN "position" = 2 THEN 'sent' ELSE "status" END,
             "delivered_at" = CASE WHEN "position" = 2 THEN '2026-12-01T01:00:00Z'::timestamptz END
           WHERE "newsletter_id" = ?`,
          [article.id]
        )

        const rows = await collect(service.streamRecipientsExport({ newsletter_id: article.id, batch_size: 2 }))

        const empty = {
          customer_id: null,
          last_name: null,
          first_name: null,
          error_type: null,
          error_reason: null,
          error_code: null,
          provider_message_id: null,
          attempted_at: null,
          delivery_delayed_at: null,
          bounced_at: null,
          opened_at: null,
          clicked_at: null,
          complained_at: null,
        }
        expect(rows).toEqual(
          emails.map((email, i) => ({
            position: i + 1,
            email,
            status: i === 1 ? "sent" : "pending",
            reserved_at: "2026-11-30 12:00:00",
            delivered_at: i === 1 ? "2026-12-01 10:00:00" : null,
            ...empty,
          }))
        )
        // The columns the CSV writes, in its order, and the code it says a reason with.
        expect(Object.keys(rows[0])).toEqual([...RECIPIENT_EXPORT_COLUMNS.slice(0, 8), "error_code", ...RECIPIENT_EXPORT_COLUMNS.slice(8)])
      })

      it("should number a live audience in email order with the delivery columns empty", async () => {
        await createCustomers([
          { id: "cus_b", email: "B@example.jp", first_name: "花子", last_name: "佐藤", has_account: true },
          { id: "cus_a", email: "a@example.jp" },
          { id: "cus_c", email: "c@example.jp" },
        ])
        await createSubscription(service, { email: "a@example.jp", status: S.SUBSCRIBED })
        await createSubscription(service, { email: "b@example.jp", status: S.SUBSCRIBED })
        await createSubscription(service, { email: "c@example.jp", status: S.UNSUBSCRIBED })

        const rows = await collect(service.streamAudienceExport({ audience: audienceSql({}), batch_size: 1 }))

        const blank = Object.fromEntries([...RECIPIENT_EXPORT_COLUMNS.slice(5), "error_code"].map((c) => [c, null]))
        expect(rows).toEqual([
          { position: 1, customer_id: "cus_a", email: "a@example.jp", last_name: null, first_name: null, ...blank },
          { position: 2, customer_id: "cus_b", email: "b@example.jp", last_name: "佐藤", first_name: "花子", ...blank },
        ])
      })

      it("should list every address once with status, cleaning flag, consent and last change", async () => {
        await createCustomers([
          { id: "cus_taro", email: "taro@example.jp", first_name: "太郎", last_name: "山田", has_account: true },
          { id: "cus_taro_guest", email: "TARO@example.jp" },
          { id: "cus_jiro", email: "jiro@example.jp" },
        ])
        await service.importNewsletterSubscriptions({
          chunks: [
            [
              row(2, "taro@example.jp", S.SUBSCRIBED, "2024-03-31T15:00:00.000Z", "旧ショップ"),
              row(3, "saburo@example.jp", S.CLEANED),
            ],
          ],
        })
        await sql(`UPDATE "newsletter_subscription_event" SET "created_at" = '2026-01-05T00:00:00Z'`)

        const rows = await collect(service.streamSubscriptionsExport({ batch_size: 2 }))

        expect(rows).toEqual([
          {
            email: "jiro@example.jp",
            customer_id: "cus_jiro",
            has_account: 0,
            last_name: null,
            first_name: null,
            subscription_status: "unsubscribed",
            cleaning_flag: 0,
            consented_at: null,
            last_changed_at: null,
            last_change_source: null,
            opt_in_level: null,
            consent_requested_at: null,
            consent_ip: null,
            consent_user_agent: null,
            consent_source_url: null,
          },
          {
            email: "saburo@example.jp",
            customer_id: null,
            has_account: null,
            last_name: null,
            first_name: null,
            subscription_status: "cleaned",
            cleaning_flag: 1,
            consented_at: null,
            last_changed_at: "2026-01-05 09:00:00",
            last_change_source: "import",
            opt_in_level: null,
            consent_requested_at: null,
            consent_ip: null,
            consent_user_agent: null,
            consent_source_url: null,
          },
          {
            email: "taro@example.jp",
            customer_id: "cus_taro",
            has_account: 1,
            last_name: "山田",
            first_name: "太郎",
            subscription_status: "subscribed",
            cleaning_flag: 0,
            consented_at: "2024-04-01 00:00:00",
            last_changed_at: "2026-01-05 09:00:00",
            last_change_source: "import",
            opt_in_level: "single",
            consent_requested_at: null,
            consent_ip: null,
            consent_user_agent: null,
            consent_source_url: null,
          },
        ])
      })

      it("should hold its read-only transaction while read and end it when the reader stops early", async () => {
        await createCustomers([])
        await Promise.all(
          ["a", "b", "c"].map((x) => createSubscription(service, { email: `${x}@example.jp`, status: S.SUBSCRIBED }))
        )
        const before = await idleInTransaction()
        const rows = service.streamSubscriptionsExport({ batch_size: 1 })

        const first = await rows.next()
        const open = await idleInTransaction()
        await rows.return(undefined)

        expect([first.value?.email, open - before, (await idleInTransaction()) - before]).toEqual([
          "a@example.jp",
          1,
          0,
        ])
      })
    })

    describe("previewAudience", () => {
      it("should count every recipient and sample the first ones by email", async () => {
        await createCustomers([
          { id: "cus_c", email: "c@example.jp" },
          { id: "cus_a", email: "a@example.jp", first_name: "一郎", last_name: "鈴木" },
          { id: "cus_b", email: "b@example.jp" },
          { id: "cus_d", email: "d@example.jp" },
        ])
        for (const [email, status] of [
          ["a@example.jp", S.SUBSCRIBED],
          ["b@example.jp", S.SUBSCRIBED],
          ["c@example.jp", S.SUBSCRIBED],
          ["d@example.jp", S.CLEANED],
        ] as const) {
          await createSubscription(service, { email, status })
        }

        expect(await service.previewAudience({ query: audiencePreviewSql({}, 2) })).toEqual({
          count: 3,
          sample: [
            { customer_id: "cus_a", email: "a@example.jp", first_name: "一郎", last_name: "鈴木" },
            { customer_id: "cus_b", email: "b@example.jp", first_name: null, last_name: null },
          ],
        })
        expect(await service.previewAudience({ query: audiencePreviewSql({ email_domain: ["x.jp"] }, 2) })).toEqual({
          count: 0,
          sample: [],
        })
      })

      it("should run in a read-only transaction", async () => {
        const error = await service
          .previewAudience({
            query: {
              sql: `WITH w AS (INSERT INTO "newsletter_category" ("id", "name") VALUES ('nlcat_x', 'x') RETURNING "id")
                    SELECT 'cus_x' AS "customer_id", 'x@example.jp' AS "email", NULL AS "first_name",
                           NULL AS "last_name", 1 AS "count" FROM w`,
              bindings: [],
            },
          })
          .catch((e) => e)

        // PostgreSQL names the statement (a SELECT with a data-modifying WITH).
        expect(error.message).toMatch(/ - cannot execute SELECT in a read-only transaction$/)
        expect(await sql(`SELECT "id" FROM "newsletter_category"`)).toEqual([])
      })
    })

    describe("statement timeout", () => {
      const slow = {
        sql: `SELECT 'cus_x' AS "customer_id", 'x@example.jp' AS "email", NULL AS "first_name",
                     NULL AS "last_name", 1 AS "count" FROM pg_sleep(2)`,
        bindings: [],
      }

      it("should stop a preview at its timeout with the store owner's message, and free the connection", async () => {
        const before = await idleInTransaction()
        const error = await service.previewAudience({ query: slow, timeout_ms: 100 }).catch((e) => e)

        expect([error.type, error.code, error.params, error.message]).toEqual([
          MedusaError.Types.UNEXPECTED_STATE,
          READ_TIMEOUT_CODE,
          { read: "audience_preview", seconds: 0.1 },
          "The audience preview took longer than 0.1 seconds and was stopped, so that the shop stays fast. Narrow the conditions, or try again when the shop is less busy",
        ])
        expect((await idleInTransaction()) - before).toEqual(0)
      })

      it("should stop an export at its timeout before the first row", async () => {
        const error = await service
          .streamAudienceExport({ audience: slow, timeout_ms: 100 })
          .next()
          .catch((e) => e)

        expect([error.code, error.params, error.message]).toEqual([
          READ_TIMEOUT_CODE,
          { read: "csv_export", seconds: 0.1 },
          "The CSV export took longer than 0.1 seconds and was stopped, so that the shop stays fast. Try again when the shop is less busy",
        ])
      })

      it("should let a read within its timeout finish", async () => {
        const fine = { ...slow, sql: slow.sql.replace("pg_sleep(2)", "pg_sleep(0.05)") }
        expect(await service.previewAudience({ query: fine, timeout_ms: 2_000 })).toEqual({
          count: 1,
          sample: [{ customer_id: "cus_x", email: "x@example.jp", first_name: null, last_name: null }],
        })
      })
    })
  },
})
