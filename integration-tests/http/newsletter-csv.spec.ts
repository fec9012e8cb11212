import { Readable } from "node:stream"
import { asValue } from "@medusajs/framework/awilix"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { NEWSLETTER_CLOCK } from "../../src/lib/clock"
import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import type NewsletterModuleService from "../../src/modules/newsletter/service"
import { NewsletterSubscriptionStatus as Sub } from "../../src/modules/newsletter/types"
import { IMPORT_SIZE_LIMIT } from "../../src/api/admin/newsletter-subscriptions/validators"
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "../../src/lib/csv/import"
import { updateNewsletterSubscriptionWorkflow } from "../../src/workflows/update-newsletter-subscription"
import { createAdminHeaders } from "../helpers/auth"
import { seedCustomers, validArticle } from "../helpers/seed"
import { tokyo } from "../helpers/time"
import { freshConnection } from "../helpers/connection"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(180 * 1000)

const BOM = Buffer.from([0xef, 0xbb, 0xbf])

const RECIPIENT_HEADER =
  '"position","customer_id","email","last_name","first_name","status","error_type","error_reason",' +
  '"provider_message_id","reserved_at","attempted_at","delivered_at","delivery_delayed_at",' +
  '"bounced_at","opened_at","clicked_at","complained_at"'

const SUBSCRIPTION_HEADER =
  '"email","customer_id","has_account","last_name","first_name","subscription_status",' +
  '"cleaning_flag","consented_at","last_changed_at","last_change_source","opt_in_level",' +
  '"consent_requested_at","consent_ip","consent_user_agent","consent_source_url"'

const RECIPIENT_HEADER_JA =
  '"番号","顧客ID","メールアドレス","姓","名","ステータス","エラー種別","エラー内容","配信ID","予約日時",' +
  '"配信日時","到達日時","配信遅延日時","バウンス日時","開封日時","クリック日時","苦情日時"'

const SUBSCRIPTION_HEADER_JA =
  '"メールアドレス","顧客ID","会員フラグ","姓","名","購読状況","クリーニングフラグ","同意日時",' +
  '"最終変更日時","最終変更経路","同意の方式","登録申込日時","同意IPアドレス","同意ユーザーエージェント","登録ページ"'

/** The 400 of an export asked for a language it doesn't write. */
const UNKNOWN_LANGUAGE = {
  status: 400,
  code: "invalid_request",
  errors: [{ path: "lang", code: "invalid_value", params: { values: ["en", "ja"] } }],
}


const todayInTokyo = () => tokyo(new Date()).slice(0, 10).replace(/-/g, "")

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    let adminId: string
    let service: NewsletterModuleService

    beforeEach(async () => {
      const container = getContainer()
      container.register(NEWSLETTER_CLOCK, asValue({ now: () => new Date() }))
      const admin = await createAdminHeaders(container)
      headers = admin.headers
      adminId = admin.user.id
      service = container.resolve(NEWSLETTER_MODULE)
    })

    /** The raw bytes of a download, with its headers. */
    const download = async (path: string) => {
      const response = await api.get(path, { headers, responseType: "arraybuffer" })
      const bytes = Buffer.from(response.data)
      return { response, bytes, text: bytes.subarray(3).toString("utf8") }
    }

    /** Customers created with `seedCustomers`, picked by address (the module answers in any order). */
    const seedByEmail = async (customers: Parameters<typeof seedCustomers>[1]) => {
      const created = await seedCustomers(getContainer(), customers)
      return customers.map((c) => created.find((x) => x.email === c.email)!)
    }

    const seedNames = () =>
      seedByEmail([
        {
          email: "evil@example.jp",
          first_name: '=HYPERLINK("http://evil.example","x")',
          last_name: "-2+3",
          has_account: true,
          subscription: Sub.SUBSCRIBED,
        },
        { email: "hanako@example.jp", first_name: "花子", last_name: '佐藤, "はな"', subscription: Sub.SUBSCRIBED },
        { email: "tab@example.jp", first_name: "\tタブ", last_name: "@SUM(1)", has_account: true, subscription: Sub.SUBSCRIBED },
        { email: "taro@example.jp", first_name: "太郎", last_name: "山田", has_account: true, subscription: Sub.SUBSCRIBED },
        { email: " TARO@example.jp", first_name: "タロウ", last_name: "ヤマダ" },
        { email: "jiro@example.jp", first_name: "次郎", subscription: Sub.UNSUBSCRIBED },
      ])

    describe("GET /admin/newsletters/:id/recipients/export", () => {
      it("should answer 401 without an admin login and 404 for an unknown article", async () => {
        const anonymous = await api.get("/admin/newsletters/nl_1/recipients/export").catch((e) => e)
        expect(anonymous.response.status).toEqual(401)
        const unknown = await api.get("/admin/newsletters/nl_missing/recipients/export", { headers }).catch((e) => e)
        expect([unknown.response.status, unknown.response.data]).toEqual([
          404,
          {
            type: "not_found",
            code: "newsletter_not_found",
            message: 'Newsletter with id "nl_missing" was not found',
            params: { id: "nl_missing" },
          },
        ])
      })

      it("should stream a draft's live audience: BOM, CRLF, quoting and neutralised formulas", async () => {
        const [evil, hanako, tab, taro] = await seedNames()
        const newsletter = (await api.post("/admin/newsletters", validArticle(), { headers })).data.newsletter

        const { response, bytes, text } = await download(`/admin/newsletters/${newsletter.id}/recipients/export`)

        expect(response.status).toEqual(200)
        expect(response.headers["content-type"]).toEqual("text/csv; charset=utf-8")
        expect(response.headers["content-disposition"]).toEqual(
          `attachment; filename="newsletter-${newsletter.id}-recipients-${todayInTokyo()}.csv"`
        )
        expect(bytes.subarray(0, 3)).toEqual(BOM)
        // Every line ends in CRLF; no bare LF (a tab cell is quoted, not split).
        expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/)
        const empty = ",,,,,,,,,,,,"
        expect(text.split("\r\n")).toEqual([
          RECIPIENT_HEADER,
          `1,"${evil.id}","evil@example.jp","'-2+3","'=HYPERLINK(""http://evil.example"",""x"")"${empty}`,
          `2,"${hanako.id}","hanako@example.jp","佐藤, ""はな""","花子"${empty}`,
          `3,"${tab.id}","tab@example.jp","'@SUM(1)","'\tタブ"${empty}`,
          `4,"${taro.id}","taro@example.jp","山田","太郎"${empty}`,
        ])
      })

      it("should follow the article's audience before reservation", async () => {
        const [, hanako] = await seedNames()
        const newsletter = (
          await api.post("/admin/newsletters", validArticle({ audience: { q: "佐藤" } }), { headers })
        ).data.newsletter
        const { text } = await download(`/admin/newsletters/${newsletter.id}/recipients/export`)
        expect(text.split("\r\n")).toEqual([
          RECIPIENT_HEADER,
          `1,"${hanako.id}","hanako@example.jp","佐藤, ""はな""","花子",,,,,,,,,,,,`,
        ])
      })

      it("should write the header only when nobody matches", async () => {
        const newsletter = (await api.post("/admin/newsletters", validArticle(), { headers })).data.newsletter
        const { bytes, text } = await download(`/admin/newsletters/${newsletter.id}/recipients/export`)
        expect(bytes.subarray(0, 3)).toEqual(BOM)
        expect(text).toEqual(RECIPIENT_HEADER)
      })

      it("should stream the snapshot after reservation with each recipient's state, error and times", async () => {
        const [evil, hanako, tab, taro] = await seedNames()
        const newsletter = (await api.post("/admin/newsletters", validArticle(), { headers })).data.newsletter
        await api.post(`/admin/newsletters/${newsletter.id}/schedule`, {}, { headers })
        // A customer who subscribes after the reservation is not in the list (S8).
        await seedCustomers(getContainer(), [{ email: "late@example.jp", subscription: Sub.SUBSCRIBED }])

        const recipients = await service.listNewsletterRecipients(
          { newsletter_id: newsletter.id },
          { order: { position: "ASC" } }
        )
        const [rEvil, rHanako, rTab] = recipients
        await service.updateNewsletterRecipients([
          {
            id: rEvil.id,
            status: "sent",
            provider_message_id: "re_0001",
            attempted_at: new Date("2026-01-05T01:02:03Z"),
            delivered_at: new Date("2026-01-05T01:02:09Z"),
            opened_at: new Date("2026-01-05T12:00:00Z"),
            clicked_at: new Date("2026-01-05T12:00:30Z"),
          },
          {
            id: rHanako.id,
            status: "failed",
            provider_message_id: "re_0002",
            error_type: "permanent",
            error_reason: "=550 mailbox does not exist",
            attempted_at: new Date("2026-01-05T01:02:03Z"),
            delivery_delayed_at: new Date("2026-01-05T01:03:00Z"),
            bounced_at: new Date("2026-01-05T01:04:00Z"),
            complained_at: new Date("2026-01-06T00:00:00Z"),
          },
          {
            id: rTab.id,
            status: "skipped",
            error_reason: "unsubscribed after the reservation",
            attempted_at: new Date("2026-01-05T01:02:03Z"),
          },
        ] as any)

        const { text } = await download(`/admin/newsletters/${newsletter.id}/recipients/export`)
        const reserved = tokyo(recipients[0].created_at)
        expect(recipients.every((r) => tokyo(r.created_at) === reserved)).toBe(true)
        expect(text.split("\r\n")).toEqual([
          RECIPIENT_HEADER,
          `1,"${evil.id}","evil@example.jp","'-2+3","'=HYPERLINK(""http://evil.example"",""x"")","sent",,,` +
            `"re_0001","${reserved}","2026-01-05 10:02:03","2026-01-05 10:02:09",,,"2026-01-05 21:00:00","2026-01-05 21:00:30",`,
          `2,"${hanako.id}","hanako@example.jp","佐藤, ""はな""","花子","failed","permanent","'=550 mailbox does not exist",` +
            `"re_0002","${reserved}","2026-01-05 10:02:03",,"2026-01-05 10:03:00","2026-01-05 10:04:00",,,"2026-01-06 09:00:00"`,
          `3,"${tab.id}","tab@example.jp","'@SUM(1)","'\tタブ","skipped",,"unsubscribed after the reservation",,` +
            `"${reserved}","2026-01-05 10:02:03",,,,,,`,
          `4,"${taro.id}","taro@example.jp","山田","太郎","pending",,,,"${reserved}",,,,,,,`,
        ])
      })

      it("should write Japanese headers and values with ?lang=ja, English with ?lang=en, and refuse another language", async () => {
        const [evil, hanako, tab, taro] = await seedNames()
        const newsletter = (await api.post("/admin/newsletters", validArticle(), { headers })).data.newsletter
        await api.post(`/admin/newsletters/${newsletter.id}/schedule`, {}, { headers })
        const [rEvil, rHanako] = await service.listNewsletterRecipients(
          { newsletter_id: newsletter.id },
          { order: { position: "ASC" } }
        )
        await service.updateNewsletterRecipients([
          {
            id: rEvil.id,
            status: "failed",
            error_type: "permanent",
            error_reason: "550 mailbox does not exist",
            attempted_at: new Date("2026-01-05T01:02:03Z"),
          },
          {
            id: rHanako.id,
            status: "skipped",
            error_reason: "unsubscribed after the reservation",
            error_code: "unsubscribed_after_reservation",
            attempted_at: new Date("2026-01-05T01:02:03Z"),
          },
        ] as any)
        const path = `/admin/newsletters/${newsletter.id}/recipients/export`
        const reserved = tokyo(rEvil.created_at)

        const ja = await download(`${path}?lang=ja`)
        expect(ja.bytes.subarray(0, 3)).toEqual(BOM)
        expect(ja.text.split("\r\n")).toEqual([
          RECIPIENT_HEADER_JA,
          `1,"${evil.id}","evil@example.jp","'-2+3","'=HYPERLINK(""http://evil.example"",""x"")","失敗","恒久的なエラー",` +
            `"550 mailbox does not exist",,"${reserved}","2026-01-05 10:02:03",,,,,,`,
          `2,"${hanako.id}","hanako@example.jp","佐藤, ""はな""","花子","対象外",,"予約後に配信停止されたため送信していません",,` +
            `"${reserved}","2026-01-05 10:02:03",,,,,,`,
          `3,"${tab.id}","tab@example.jp","'@SUM(1)","'\tタブ","未送信",,,,"${reserved}",,,,,,,`,
          `4,"${taro.id}","taro@example.jp","山田","太郎","未送信",,,,"${reserved}",,,,,,,`,
        ])
        const en = await download(`${path}?lang=en`)
        expect(en.text.split("\r\n").slice(0, 3)).toEqual([
          RECIPIENT_HEADER,
          `1,"${evil.id}","evil@example.jp","'-2+3","'=HYPERLINK(""http://evil.example"",""x"")","failed","permanent",` +
            `"550 mailbox does not exist",,"${reserved}","2026-01-05 10:02:03",,,,,,`,
          `2,"${hanako.id}","hanako@example.jp","佐藤, ""はな""","花子","skipped",,"unsubscribed after the reservation",,` +
            `"${reserved}","2026-01-05 10:02:03",,,,,,`,
        ])
        // No language is English, for API clients.
        expect((await download(path)).text).toEqual(en.text)

        const french = await api.get(`${path}?lang=fr`, { headers }).catch((e) => e.response)
        expect({ status: french.status, code: french.data.code, errors: french.data.errors }).toEqual(UNKNOWN_LANGUAGE)
      })
    })

    describe("GET /admin/newsletter-subscriptions/export", () => {
      it("should write Japanese headers and values with ?lang=ja, English with ?lang=en, and refuse another language", async () => {
        const [taro, hanako] = await seedByEmail([
          { email: "taro@example.jp", first_name: "太郎", last_name: "山田", has_account: true, subscription: Sub.SUBSCRIBED },
          { email: "hanako@example.jp", first_name: "花子", last_name: "佐藤" },
        ])
        await updateNewsletterSubscriptionWorkflow(getContainer()).run({
          input: { email: "hanako@example.jp", status: Sub.CLEANED, source: "bounce" as any, reason: "550" },
        })
        const [hanakoEvent] = (
          await service.listNewsletterSubscriptions({ email: "hanako@example.jp" }, { relations: ["events"] })
        )[0].events

        const ja = await download("/admin/newsletter-subscriptions/export?lang=ja")
        expect(ja.bytes.subarray(0, 3)).toEqual(BOM)
        const lines = ja.text.split("\r\n")
        expect(lines.slice(0, 2)).toEqual([
          SUBSCRIPTION_HEADER_JA,
          `"hanako@example.jp","${hanako.id}",0,"佐藤","花子","クリーニング済",1,,"${tokyo(hanakoEvent.created_at)}","バウンス",,,,,`,
        ])
        // Seeded as subscribed without history: no consent time, changed when its record was.
        const [taroSubscription] = await service.listNewsletterSubscriptions({ email: "taro@example.jp" })
        expect(lines.slice(2)).toEqual([
          `"taro@example.jp","${taro.id}",1,"山田","太郎","購読中",0,,"${tokyo(taroSubscription.updated_at)}",,"シングルオプトイン",,,,`,
        ])

        const en = await download("/admin/newsletter-subscriptions/export?lang=en")
        expect(en.text.split("\r\n").slice(0, 2)).toEqual([
          SUBSCRIPTION_HEADER,
          `"hanako@example.jp","${hanako.id}",0,"佐藤","花子","cleaned",1,,"${tokyo(hanakoEvent.created_at)}","bounce",,,,,`,
        ])

        const french = await api.get("/admin/newsletter-subscriptions/export?lang=fr", { headers }).catch((e) => e.response)
        expect({ status: french.status, code: french.data.code, errors: french.data.errors }).toEqual(UNKNOWN_LANGUAGE)
      })

      it("should answer 401 without an admin login", async () => {
        const { response } = await api.get("/admin/newsletter-subscriptions/export").catch((e) => e)
        expect(response.status).toEqual(401)
      })

      it("should list every customer once with status, cleaning flag, consent and last change (S17)", async () => {
        const [taro, , hanako, jiro] = await seedByEmail([
          { email: "taro@example.jp", first_name: "太郎", last_name: "山田", has_account: true },
          { email: "TARO@example.jp ", first_name: "タロウ", last_name: "ヤマダ" },
          { email: "hanako@example.jp", first_name: "花子", last_name: "佐藤" },
          { email: "jiro@example.jp", first_name: "次郎", last_name: "鈴木", has_account: true },
        ])
        await api.post(
          `/admin/customers/${taro.id}/newsletter-subscription`,
          { status: "subscribed" },
          { headers }
        )
        await updateNewsletterSubscriptionWorkflow(getContainer()).run({
          input: { email: "hanako@example.jp", status: Sub.SUBSCRIBED, source: "storefront" as any },
        })
        await updateNewsletterSubscriptionWorkflow(getContainer()).run({
          input: { email: "hanako@example.jp", status: Sub.CLEANED, source: "bounce" as any, reason: "550" },
        })
        await api.post(
          "/admin/newsletter-subscriptions/import",
          { csv: "email,status,consented_at,source\nimported@example.jp,subscribed,2024-04-01 10:30,旧ショップ\n" },
          { headers }
        )

        const events = async (email: string) => {
          const [subscription] = await service.listNewsletterSubscriptions({ email }, { relations: ["events"] })
          return [...subscription.events].sort((a, b) => +new Date(a.created_at) - +new Date(b.created_at))
        }
        const taroEvents = await events("taro@example.jp")
        const hanakoEvents = await events("hanako@example.jp")
        const importedEvents = await events("imported@example.jp")

        const { response, bytes, text } = await download("/admin/newsletter-subscriptions/export")
        expect(response.headers["content-disposition"]).toEqual(
          `attachment; filename="newsletter-subscriptions-${todayInTokyo()}.csv"`
        )
        expect(bytes.subarray(0, 3)).toEqual(BOM)
        expect(text.split("\r\n")).toEqual([
          SUBSCRIPTION_HEADER,
          // Cleaned: the flag is 1; the consent is no longer in force, so no consent time.
          `"hanako@example.jp","${hanako.id}",0,"佐藤","花子","cleaned",1,,"${tokyo(hanakoEvents[1].created_at)}","bounce",,,,,`,
          // Not a customer (yet): imported with the list's own consent date.
          `"imported@example.jp",,,,,"subscribed",0,"2024-04-01 10:30:00","${tokyo(importedEvents[0].created_at)}","import","single",,,,`,
          // Never opted in: unsubscribed, nothing recorded.
          `"jiro@example.jp","${jiro.id}",1,"鈴木","次郎","unsubscribed",0,,,,,,,,`,
          // One row for the registered and the guest record.
          `"taro@example.jp","${taro.id}",1,"山田","太郎","subscribed",0,"${tokyo(taroEvents[0].created_at)}","${tokyo(
            taroEvents[0].created_at
          )}","admin","single",,,,`,
        ])
      })
    })

    describe("POST /admin/newsletter-subscriptions/import", () => {
      const header = "email,status,consented_at,source"

      /** The subscriptions by address, and each address's [status, number of history entries]. */
      const subscriptionsByEmail = async () => {
        const subscriptions = await service.listNewsletterSubscriptions({}, { relations: ["events"] })
        return {
          byEmail: Object.fromEntries(subscriptions.map((s) => [s.email, s])),
          summary: Object.fromEntries(subscriptions.map((s) => [s.email, [s.status, s.events.length]])),
        }
      }

      /** A subscription's first history entry, without its own id and dates. */
      const firstEvent = (subscription: { events: unknown[] }) => {
        const { id: _id, created_at: _c, updated_at: _u, deleted_at: _d, subscription: _s, subscription_id, ...rest } =
          subscription.events[0] as any
        return { subscription_id, ...rest }
      }

      it("should import valid rows, refuse re-subscribing opted-out addresses, and report every row (S17)", async () => {
        const [, , , jiro] = await seedByEmail([
          { email: "taro@example.jp", has_account: true, subscription: Sub.SUBSCRIBED },
          { email: "hanako@example.jp", subscription: Sub.UNSUBSCRIBED },
          { email: "saburo@example.jp", subscription: Sub.CLEANED },
          { email: "jiro@example.jp", has_account: true },
          { email: "shiro@example.jp", has_account: true, subscription: Sub.SUBSCRIBED },
        ])
        const csv = [
          header,
          "taro@example.jp,subscribed,2024-04-01,旧ショップ会員登録",
          "hanako@example.jp,subscribed,2024-04-01,旧ショップ会員登録",
          "saburo@example.jp,subscribed,2024-04-01,旧ショップ会員登録",
          " Jiro@Example.jp ,subscribed,2024-04-01 10:30,店頭アンケート",
          "new@example.jp,subscribed,2024-05-01,旧ショップ会員登録",
          "shiro@example.jp,unsubscribed,,旧ショップ退会",
          "bad,subscribed,2024-04-01,x",
        ].join("\r\n")

        const updated: string[] = []
        getContainer()
          .resolve(Modules.EVENT_BUS)
          .subscribe("newsletter.subscription_updated", async ({ data }: any) => {
            updated.push(data.id)
          })
        const response = await api.post("/admin/newsletter-subscriptions/import", { csv }, { headers })

        expect(response.status).toEqual(200)
        expect(response.data).toEqual({
          accepted: 4,
          created: 2,
          updated: 1,
          unchanged: 1,
          without_customer: 1,
          rejected: [
            {
              line: 3,
              email: "hanako@example.jp",
              reason:
                "the address is unsubscribed in this shop; an import does not subscribe it again (the customer can subscribe in the store)",
              code: "import_row_address_unsubscribed",
              params: {},
            },
            {
              line: 4,
              email: "saburo@example.jp",
              reason:
                "the address is cleaned in this shop (mail to it bounced permanently); an import does not subscribe it again — clear it on the customer's page first",
              code: "import_row_address_cleaned",
              params: {},
            },
            { line: 8, email: "bad", reason: "email is not a valid address", code: "import_row_email_invalid", params: {} },
          ],
        })

        const { byEmail, summary } = await subscriptionsByEmail()
        expect(summary).toEqual({
          "taro@example.jp": ["subscribed", 0],
          "hanako@example.jp": ["unsubscribed", 0],
          "saburo@example.jp": ["cleaned", 0],
          "jiro@example.jp": ["subscribed", 1],
          "new@example.jp": ["subscribed", 1],
          "shiro@example.jp": ["unsubscribed", 1],
        })
        const event = (email: string) => firstEvent(byEmail[email])
        expect(event("jiro@example.jp")).toEqual({
          subscription_id: byEmail["jiro@example.jp"].id,
          from_status: null,
          to_status: "subscribed",
          source: "import",
          reason: "店頭アンケート",
          newsletter_id: null,
          actor_id: adminId,
          reason_code: null,
          params: null,
          evidence: null,
          consented_at: new Date("2024-04-01T01:30:00Z"),
        })
        expect(event("shiro@example.jp")).toEqual({
          subscription_id: byEmail["shiro@example.jp"].id,
          from_status: "subscribed",
          to_status: "unsubscribed",
          source: "import",
          reason: "旧ショップ退会",
          newsletter_id: null,
          actor_id: adminId,
          reason_code: null,
          params: null,
          evidence: null,
          consented_at: null,
        })
        // One event per subscription created or changed.
        expect(updated.sort()).toEqual(
          [byEmail["jiro@example.jp"].id, byEmail["new@example.jp"].id, byEmail["shiro@example.jp"].id].sort()
        )
        expect([byEmail["jiro@example.jp"].customer_id, byEmail["new@example.jp"].customer_id]).toEqual([
          null,
          null,
        ])
        // The imported subscribers are recipients from now on; shiro no longer is.
        const preview = await api.post("/admin/newsletters/audience/preview", { audience: {} }, { headers })
        expect(preview.data.sample.map((r: { email: string }) => r.email)).toEqual([
          "jiro@example.jp",
          "taro@example.jp",
        ])
        expect(preview.data.sample[0].customer_id).toEqual(jiro.id)
      })

      it("should refuse a malformed file as a whole and import nothing", async () => {
        const before = await service.listNewsletterSubscriptions()
        const attempts = [
          `${header}\nnew@example.jp,subscribed,2024-04-01,x\nother@example.jp,subscribed,"2024-04-01,x\n`,
          `${header}\nnew@example.jp,subscribed,2024-04-01,x\nother@example.jp,subscribed\n`,
          "email,status\nnew@example.jp,subscribed\n",
        ]
        const answers = []
        for (const csv of attempts) {
          const { response } = await api
            .post("/admin/newsletter-subscriptions/import", { csv }, { headers })
            .catch((e) => e)
          answers.push([response.status, response.data.message, response.data.code, response.data.params])
        }
        expect(answers[0][0]).toEqual(400)
        expect(answers[0][1]).toMatch(/^The file is not a readable CSV \(line \d+\): .+\. Nothing was imported$/)
        expect(answers[0][2]).toEqual("import_not_csv")
        expect(answers[1]).toEqual([
          400,
          "The file is not a readable CSV (line 3): Invalid Record Length: expect 4, got 2 on line 3. Nothing was imported",
          "import_not_csv",
          { line: 3 },
        ])
        expect(answers[2]).toEqual([
          400,
          "The first line must name the columns email, status, consented_at, source; missing: consented_at, source. Nothing was imported",
          "import_missing_columns",
          { columns: ["email", "status", "consented_at", "source"], missing: ["consented_at", "source"] },
        ])
        const missing = await api
          .post("/admin/newsletter-subscriptions/import", { file: "x" }, { headers })
          .catch((e) => e)
        expect([missing.response.status, missing.response.data.message, missing.response.data.errors]).toEqual([
          400,
          "Invalid request: csv is required; unknown field: file",
          [
            { path: "csv", code: "required", params: {} },
            { path: "", code: "unknown_fields", params: { keys: ["file"] } },
          ],
        ])
        expect(await service.listNewsletterSubscriptions()).toEqual(before)
      })

      it("should refuse a file over 20 MB before reading it, and a body over its limit as it arrives", async () => {
        const answers = []
        for (const csv of [`${header}\n${"x".repeat(IMPORT_MAX_BYTES)}`, "x".repeat(IMPORT_SIZE_LIMIT)]) {
          const { response } = await api
            // A new connection: building the body can outlast the server's keep-alive under load.
            .post("/admin/newsletter-subscriptions/import", { csv }, { headers, maxBodyLength: Infinity, httpAgent: freshConnection() })
            .catch((e) => e)
          answers.push([response.status, response.data.message, response.data.code, response.data.params])
        }
        expect(answers).toEqual([
          [
            413,
            "The file is 20.1 MB; import at most 20 MB at a time (split it into several files). Nothing was imported",
            "import_file_too_large",
            { size_mb: 20.1, max_mb: 20 },
          ],
          [
            413,
            "The JSON body is over 24 MB; send a large file as the body itself, with Content-Type: text/csv (at most 20 MB). Nothing was imported",
            "import_json_too_large",
            { max_mb: 24, file_max_mb: 20 },
          ],
        ])
        expect(await service.listNewsletterSubscriptions()).toEqual([])
      })

      describe("with the file itself as the body (text/csv)", () => {
        const csvHeaders = (type = "text/csv; charset=utf-8") => ({ ...headers, "content-type": type })
        /** POSTs `body` as it is, answering instead of throwing on an error status. */
        const post = (body: unknown, requestHeaders: Record<string, string>) =>
          api.post("/admin/newsletter-subscriptions/import", body, {
            headers: requestHeaders,
            maxBodyLength: Infinity,
            validateStatus: () => true,
            httpAgent: freshConnection(),
          })
        const tables = async () => {
          const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
          const [{ s }] = await knex("newsletter_subscription").count("* as s")
          const [{ e }] = await knex("newsletter_subscription_event").count("* as e")
          return [Number(s), Number(e)]
        }

        it("should import a file sent as the body (a BOM skipped) and answer the report", async () => {
          await seedByEmail([{ email: "hanako@example.jp", subscription: Sub.UNSUBSCRIBED }])
          const file = Buffer.concat([
            BOM,
            Buffer.from(
              [
                header,
                "taro@example.jp,subscribed,2024-04-01 10:30,旧ショップ会員登録",
                "hanako@example.jp,subscribed,2024-04-01,旧ショップ会員登録",
                "jiro@example.jp,unsubscribed,,",
                "bad,subscribed,2024-04-01,x",
              ].join("\r\n")
            ),
          ])

          const response = await post(file, csvHeaders())

          expect([response.status, response.data]).toEqual([
            200,
            {
              accepted: 2,
              created: 2,
              updated: 0,
              unchanged: 0,
              without_customer: 2,
              rejected: [
                {
                  line: 3,
                  email: "hanako@example.jp",
                  reason:
                    "the address is unsubscribed in this shop; an import does not subscribe it again (the customer can subscribe in the store)",
                  code: "import_row_address_unsubscribed",
                  params: {},
                },
                { line: 5, email: "bad", reason: "email is not a valid address", code: "import_row_email_invalid", params: {} },
              ],
            },
          ])
          const { byEmail, summary } = await subscriptionsByEmail()
          expect(summary).toEqual({
            "taro@example.jp": ["subscribed", 1],
            "hanako@example.jp": ["unsubscribed", 0],
            "jiro@example.jp": ["unsubscribed", 1],
          })
          expect(firstEvent(byEmail["taro@example.jp"])).toEqual({
            subscription_id: byEmail["taro@example.jp"].id,
            from_status: null,
            to_status: "subscribed",
            source: "import",
            reason: "旧ショップ会員登録",
            newsletter_id: null,
            actor_id: adminId,
            reason_code: null,
            params: null,
            evidence: null,
            consented_at: new Date("2024-04-01T01:30:00Z"),
          })

          // Without a charset, UTF-8 is assumed; the same file again changes nothing.
          const again = await post(file, csvHeaders("text/csv"))
          expect([again.status, again.data.unchanged, again.data.created]).toEqual([200, 2, 0])
        })

        it("should refuse a body over 20 MB with a 413 as it arrives, by its length or at its first byte over, importing nothing", async () => {
          // Valid rows first, so that an import that started would have written some.
          const rows = Array.from(
            { length: 1000 },
            (_, i) => `user${String(i).padStart(5, "0")}@big.example,subscribed,2024-04-01,x`
          )
          const start = `${[header, ...rows].join("\n")}\n`
          const file = Buffer.from(start + ",,,\n".repeat(Math.ceil((IMPORT_MAX_BYTES + 1 - start.length) / 4)))
          expect(file.length).toBeGreaterThan(IMPORT_MAX_BYTES)

          // Content-Length says it: refused before a byte is read.
          const declared = await post(file, csvHeaders())
          // No length (chunked): stopped at the first chunk over 20 MB.
          const streamed = await post(Readable.from([file.subarray(0, 1 << 20), file.subarray(1 << 20)]), csvHeaders())

          expect([declared.status, declared.data]).toEqual([
            413,
            {
              type: "invalid_data",
              code: "import_file_too_large",
              message:
                "The file is 20.1 MB; import at most 20 MB at a time (split it into several files). Nothing was imported",
              params: { size_mb: 20.1, max_mb: 20 },
            },
          ])
          expect([streamed.status, streamed.data]).toEqual([
            413,
            {
              type: "invalid_data",
              code: "import_file_too_large",
              message:
                "The file is over 20 MB; import at most 20 MB at a time (split it into several files). Nothing was imported",
              params: { size_mb: null, max_mb: 20 },
            },
          ])
          expect(await tables()).toEqual([0, 0])
          // The server goes on answering (the rest of the refused bodies was read and dropped).
          expect((await post(`${header}\na@example.jp,unsubscribed,,\n`, csvHeaders())).data.created).toEqual(1)
        })

        it("should refuse a file of more than 100,000 rows with a 400, importing none of the rows written before", async () => {
          // 5,000 valid rows (five chunks written in the import's transaction), then empty rows past the limit.
          const rows = Array.from(
            { length: 5000 },
            (_, i) => `user${String(i).padStart(5, "0")}@many.example,subscribed,2024-04-01,x`
          )
          const file = `${[header, ...rows].join("\n")}\n${",,,\n".repeat(IMPORT_MAX_ROWS + 1 - rows.length)}`

          const response = await post(file, csvHeaders())

          expect([response.status, response.data]).toEqual([
            400,
            {
              type: "invalid_data",
              code: "import_too_many_rows",
              message: `The file has more than ${IMPORT_MAX_ROWS} rows; import at most ${IMPORT_MAX_ROWS} at a time. Nothing was imported`,
              params: { max: IMPORT_MAX_ROWS },
            },
          ])
          expect(await tables()).toEqual([0, 0])
        })

        it("should refuse a file that is not UTF-8 or not CSV with a 400, importing nothing", async () => {
          const sjis = Buffer.concat([
            Buffer.from(`${header}\ntaro@example.jp,subscribed,2024-04-01,`),
            // 旧ショップ in Shift_JIS.
            Buffer.from([0x8b, 0x8c, 0x83, 0x56, 0x83, 0x87, 0x83, 0x62, 0x83, 0x76]),
          ])
          const answers = []
          for (const body of [sjis, `${header}\ntaro@example.jp,subscribed\n`, ""]) {
            const response = await post(body, csvHeaders())
            answers.push([response.status, response.data])
          }
          expect(answers).toEqual([
            [
              400,
              {
                type: "invalid_data",
                code: "import_not_utf8",
                message: "The file is not UTF-8 text; save it as CSV UTF-8 and import it again. Nothing was imported",
                params: {},
              },
            ],
            [
              400,
              {
                type: "invalid_data",
                code: "import_not_csv",
                message:
                  "The file is not a readable CSV (line 2): Invalid Record Length: expect 4, got 2 on line 2. Nothing was imported",
                params: { line: 2 },
              },
            ],
            [400, { type: "invalid_data", code: "import_file_empty", message: "The file is empty. Nothing was imported", params: {} }],
          ])
          expect(await tables()).toEqual([0, 0])
        })

        it("should answer 415 for another content type, charset or encoding, and 401 without an admin login", async () => {
          const file = `${header}\ntaro@example.jp,unsubscribed,,\n`
          const answers = []
          for (const type of [
            "text/plain",
            "multipart/form-data; boundary=x",
            "application/octet-stream",
            "text/csv; charset=shift_jis",
          ]) {
            const response = await post(file, csvHeaders(type))
            answers.push([response.status, response.data])
          }
          const gzipped = await post(file, { ...csvHeaders(), "content-encoding": "gzip" })
          answers.push([gzipped.status, gzipped.data])
          const other = (type: string) => ({
            type: "invalid_data",
            code: "unsupported_media_type",
            message: `Send the subscriber file as the body with Content-Type: text/csv, or as JSON { "csv": "<file text>" } with Content-Type: application/json; got ${type}`,
            params: { type },
          })
          expect(answers).toEqual([
            [415, other("text/plain")],
            [415, other("multipart/form-data")],
            [415, other("application/octet-stream")],
            [
              415,
              {
                type: "invalid_data",
                code: "unsupported_charset",
                message:
                  "The file must be UTF-8 (Content-Type: text/csv; charset=utf-8), not shift_jis: save it from the spreadsheet as CSV UTF-8",
                params: { charset: "shift_jis" },
              },
            ],
            [
              415,
              {
                type: "invalid_data",
                code: "unsupported_content_encoding",
                message: "Send the file uncompressed (Content-Encoding: gzip is not accepted)",
                params: { encoding: "gzip" },
              },
            ],
          ])

          const anonymous = await post(file, { "content-type": "text/csv" })
          expect([anonymous.status, anonymous.data]).toEqual([
            401,
            { type: "unauthorized", code: "unauthorized", message: "Unauthorized", params: {} },
          ])
          expect(await tables()).toEqual([0, 0])
        })
      })

      it("should import 10,000 rows set-based and export them again", async () => {
        const rows = Array.from(
          { length: 10_000 },
          (_, i) => `user${String(i).padStart(5, "0")}@bulk.example,subscribed,2024-04-01,旧ショップ`
        )
        const started = Date.now()
        const response = await api.post(
          "/admin/newsletter-subscriptions/import",
          { csv: [header, ...rows].join("\r\n") },
          { headers }
        )
        const importMs = Date.now() - started
        expect(response.data).toEqual({
          accepted: 10_000,
          created: 10_000,
          updated: 0,
          unchanged: 0,
          without_customer: 10_000,
          rejected: [],
        })

        const exportStarted = Date.now()
        const { text } = await download("/admin/newsletter-subscriptions/export")
        const exportMs = Date.now() - exportStarted
        const lines = text.split("\r\n")
        expect(lines).toHaveLength(10_001)
        expect(lines[1]).toMatch(/^"user00000@bulk\.example",,,,,"subscribed",0,"2024-04-01 00:00:00","[0-9: -]{19}","import","single",,,,$/)
        process.stderr.write(
          `newsletter-csv: imported 10,000 rows in ${importMs} ms; exported them in ${exportMs} ms\n`
        )
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const [{ count }] = await knex("newsletter_subscription_event").count("* as count")
        expect(Number(count)).toEqual(10_000)
      })
    })
  },
})
