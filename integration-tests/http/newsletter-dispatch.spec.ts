import dispatchNewslettersJob from "../../src/jobs/dispatch-newsletters"
import { NewsletterSubscriptionStatus as Sub } from "../../src/modules/newsletter/types"
import { seedCustomers, seedSubscribers, validArticle } from "../helpers/seed"
import { useResendStandin } from "../helpers/standin"
import { counters, useNewsletterSuite } from "../helpers/suite"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(180 * 1000)

const stand = useResendStandin()

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const suite = useNewsletterSuite(getContainer, api, stand)
    const { reserveArticle: reserve, article } = suite

    describe("dispatch job", () => {
      it("should not send before the send time", async () => {
        await seedSubscribers(getContainer(), 3)
        const newsletter = await reserve()
        suite.clock.advanceMinutes(9)
        await dispatchNewslettersJob(getContainer())
        expect(stand.standin.messages).toHaveLength(0)
        expect(counters(await article(newsletter.id))).toEqual({
          status: "scheduled", total: 3, succeeded: 0, failed: 0, unsent: 3, skipped: 0,
        })
      })

      it("should send 250 reserved mails exactly once, 100 per request, with tags and headers rendered", async () => {
        await seedSubscribers(getContainer(), 250)
        const newsletter = await reserve({
          subject: "<#顧客名>様へ 冬のセール",
          body: "<#姓> <#名> 様\n<#メールアドレス> 宛にお送りしています。\n<#ショップ名>",
        })
        expect(newsletter.recipient_count).toEqual(250)
        suite.clock.advanceMinutes(11)
        const startedAt = suite.clock.now().toISOString()

        await dispatchNewslettersJob(getContainer())

        const { messages, requests } = stand.standin
        expect(messages).toHaveLength(250)
        expect(new Set(messages.map((m) => m.to[0])).size).toEqual(250)
        // Batches 2 and 3 may leave in either order (the article's lanes send them side by side).
        const byKey = [...requests].sort((a, b) => a.idempotencyKey!.localeCompare(b.idempotencyKey!))
        expect(byKey.map((r) => [r.path, r.status, r.itemCount, r.idempotencyKey])).toEqual([
          ["/emails/batch", 200, 100, `newsletter/${newsletter.id}/batch/1`],
          ["/emails/batch", 200, 100, `newsletter/${newsletter.id}/batch/2`],
          ["/emails/batch", 200, 50, `newsletter/${newsletter.id}/batch/3`],
        ])

        const first = messages.find((m) => m.to[0] === "taro001@example.jp")!
        expect(first.from).toEqual("テストショップ <news@shop.example>")
        expect(first.subject).toEqual("山田 太郎様へ 冬のセール")
        expect(first.text!.startsWith("山田 太郎 様\ntaro001@example.jp 宛にお送りしています。\nテストショップ")).toBe(true)
        const recipients = await suite.service.listNewsletterRecipients(
          { newsletter_id: newsletter.id },
          { order: { position: "ASC" }, take: 1000 }
        )
        const recipient = recipients.find((r) => r.email === "taro001@example.jp")!
        expect(first.tags).toEqual([
          { name: "newsletter_id", value: newsletter.id },
          { name: "recipient_id", value: recipient.id },
        ])
        expect(first.headers!["List-Unsubscribe-Post"]).toEqual("List-Unsubscribe=One-Click")
        expect(first.headers!["List-Unsubscribe"]).toMatch(
          /^<http:\/\/localhost:9000\/hooks\/newsletter\/unsubscribe\/[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+>$/
        )
        // The footer carries the sender identity and the unsubscribe link.
        const unsubscribeUrl = first.headers!["List-Unsubscribe"].slice(1, -1)
        expect(first.text).toContain("テストショップ")
        expect(first.text).toContain("東京都千代田区1-1-1")
        expect(first.text).toContain("support@shop.example")
        expect(first.text).toContain(unsubscribeUrl)

        expect(recipients.map((r) => r.status)).toEqual(Array(250).fill("sent"))
        const idByEmail = new Map(messages.map((m) => [m.to[0], m.id]))
        expect(recipients.every((r) => r.provider_message_id === idByEmail.get(r.email))).toBe(true)

        const sent = await article(newsletter.id)
        expect(counters(sent)).toEqual({
          status: "sent", total: 250, succeeded: 250, failed: 0, unsent: 0, skipped: 0,
        })
        expect(sent.started_at).toEqual(startedAt)
        expect(sent.finished_at).toEqual(startedAt)

        // A later run finds nothing to do: nobody gets the mail twice.
        suite.clock.advanceMinutes(1)
        await dispatchNewslettersJob(getContainer())
        expect(stand.standin.messages).toHaveLength(250)
      })

      it("should send one batch alone until 100 mails were attempted, then 4 batches at once", async () => {
        await seedSubscribers(getContainer(), 700)
        const newsletter = await reserve()
        // Each request takes 1 s at the stand-in: far longer than a lane takes to prepare its next
        // batch, even on a loaded machine, so the four lanes' requests are sure to overlap.
        stand.standin.setLatency(1000)
        suite.clock.advanceMinutes(11)

        try {
          await dispatchNewslettersJob(getContainer())
        } finally {
          stand.standin.setLatency(0)
        }

        const { messages, requests } = stand.standin
        expect(messages).toHaveLength(700)
        expect(new Set(messages.map((m) => m.to[0])).size).toEqual(700)
        expect(requests.map((r) => r.status)).toEqual(Array(7).fill(200))
        // The first batch goes alone: the error-rate stop (errorRate.minAttempts 100) judges it
        // before more leave. Then the lanes (dispatch.concurrency 4) overlap their requests.
        expect(requests[0]).toEqual(expect.objectContaining({ idempotencyKey: `newsletter/${newsletter.id}/batch/1`, concurrent: 0 }))
        expect(requests[1].at).toBeGreaterThanOrEqual(requests[0].at + 1000)
        expect(Math.max(...requests.map((r) => r.concurrent))).toEqual(3)
        expect(counters(await article(newsletter.id))).toEqual({
          status: "sent", total: 700, succeeded: 700, failed: 0, unsent: 0, skipped: 0,
        })
      })

      it("should skip those who opted out after the reservation, without counting an error", async () => {
        await seedSubscribers(getContainer(), 5)
        const newsletter = await reserve()
        await suite.service.updateNewsletterSubscriptions([
          { selector: { email: "taro002@example.jp" }, data: { status: Sub.UNSUBSCRIBED } },
          { selector: { email: "taro004@example.jp" }, data: { status: Sub.CLEANED } },
        ] as any)
        suite.clock.advanceMinutes(11)
        await dispatchNewslettersJob(getContainer())

        expect(stand.standin.messages.map((m) => m.to[0]).sort()).toEqual([
          "taro001@example.jp",
          "taro003@example.jp",
          "taro005@example.jp",
        ])
        expect(counters(await article(newsletter.id))).toEqual({
          status: "sent", total: 5, succeeded: 3, failed: 0, unsent: 0, skipped: 2,
        })
        const skipped = await suite.service.listNewsletterRecipients(
          { newsletter_id: newsletter.id, status: "skipped" },
          { order: { position: "ASC" } }
        )
        expect(skipped.map((r) => [r.email, r.error_code, r.error_reason])).toEqual([
          ["taro002@example.jp", "unsubscribed_after_reservation", "unsubscribed after the reservation"],
          ["taro004@example.jp", "cleaned_after_reservation", "cleaned after the reservation"],
        ])
        const listed = (
          await api.get(`/admin/newsletters/${newsletter.id}/recipients?status=skipped`, { headers: suite.headers })
        ).data.recipients
        expect(listed.map((r: any) => [r.email, r.error_code])).toEqual([
          ["taro002@example.jp", "unsubscribed_after_reservation"],
          ["taro004@example.jp", "cleaned_after_reservation"],
        ])
      })

      it("should fail an article when nobody is left to send to (S11)", async () => {
        await seedSubscribers(getContainer(), 2)
        const newsletter = await reserve()
        const subscriptions = await suite.service.listNewsletterSubscriptions({})
        await suite.service.updateNewsletterSubscriptions(
          subscriptions.map((s) => ({ id: s.id, status: Sub.UNSUBSCRIBED }))
        )
        suite.clock.advanceMinutes(11)
        await dispatchNewslettersJob(getContainer())

        expect(stand.standin.requests).toHaveLength(0)
        const failed = await article(newsletter.id)
        expect(counters(failed)).toEqual({
          status: "failed", total: 2, succeeded: 0, failed: 0, unsent: 0, skipped: 2,
        })
        expect([failed.status_reason, failed.status_reason_code, failed.status_reason_params]).toEqual([
          "Nobody was left to send to: every recipient unsubscribed or was cleaned after the reservation",
          "nobody_left",
          { skipped: 2 },
        ])
      })

      it("should count a recipient Resend rejects as failed with the reason, and send the rest", async () => {
        await seedSubscribers(getContainer(), 4)
        const newsletter = await reserve()
        stand.standin.fault({ type: "reject", addresses: ["taro003@example.jp"] })
        suite.clock.advanceMinutes(11)
        await dispatchNewslettersJob(getContainer())

        expect(stand.standin.messages.map((m) => m.to[0]).sort()).toEqual([
          "taro001@example.jp",
          "taro002@example.jp",
          "taro004@example.jp",
        ])
        expect(counters(await article(newsletter.id))).toEqual({
          status: "sent", total: 4, succeeded: 3, failed: 1, unsent: 0, skipped: 0,
        })
        const [rejected] = await suite.service.listNewsletterRecipients({ newsletter_id: newsletter.id, status: "failed" })
        expect([rejected.email, rejected.error_type, rejected.error_reason!.length > 0]).toEqual([
          "taro003@example.jp",
          "rejected",
          true,
        ])
      })

      it("should pause on a quota error with the reason shown, and resume at the next run", async () => {
        await seedSubscribers(getContainer(), 3)
        const newsletter = await reserve()
        stand.standin.fault({ type: "quota", name: "daily_quota_exceeded" })
        suite.clock.advanceMinutes(11)

        await dispatchNewslettersJob(getContainer())
        const paused = await article(newsletter.id)
        expect(counters(paused)).toEqual({
          status: "sending", total: 3, succeeded: 0, failed: 0, unsent: 3, skipped: 0,
        })
        expect(paused.status_reason).toMatch(
          /^Sending paused: daily_quota_exceeded: .+\. It resumes at the next run that succeeds\.$/
        )
        expect([paused.status_reason_code, Object.keys(paused.status_reason_params)]).toEqual([
          "paused_quota",
          ["provider_message"],
        ])
        expect(paused.status_reason_params.provider_message).toMatch(/^daily_quota_exceeded: .+/)
        expect(stand.standin.messages).toHaveLength(0)

        suite.clock.advanceMinutes(1)
        await dispatchNewslettersJob(getContainer())
        const resumed = await article(newsletter.id)
        expect(counters(resumed)).toEqual({
          status: "sent", total: 3, succeeded: 3, failed: 0, unsent: 0, skipped: 0,
        })
        expect([resumed.status_reason, resumed.status_reason_code, resumed.status_reason_params]).toEqual([null, null, null])
        expect(stand.standin.messages).toHaveLength(3)
      })

      it("should retry a lost answer with the same key and record the mails once", async () => {
        await seedSubscribers(getContainer(), 3)
        const newsletter = await reserve()
        stand.standin.fault({ type: "drop" })
        suite.clock.advanceMinutes(11)
        await dispatchNewslettersJob(getContainer())

        const { requests, messages } = stand.standin
        expect(requests.map((r) => [r.dropped ?? null, r.replayed ?? false, r.idempotencyKey])).toEqual([
          ["after", false, `newsletter/${newsletter.id}/batch/1`],
          [null, true, `newsletter/${newsletter.id}/batch/1`],
        ])
        expect(messages).toHaveLength(3)
        const recipients = await suite.service.listNewsletterRecipients({ newsletter_id: newsletter.id })
        expect(recipients.map((r) => r.provider_message_id).sort()).toEqual(messages.map((m) => m.id).sort())
        expect(counters(await article(newsletter.id))).toEqual({
          status: "sent", total: 3, succeeded: 3, failed: 0, unsent: 0, skipped: 0,
        })
      })
    })

    describe("GET /admin/newsletters/:id/recipients", () => {
      it("should list recipients in snapshot order, filter by status, search and page", async () => {
        await seedSubscribers(getContainer(), 4)
        const newsletter = await reserve()
        stand.standin.fault({ type: "reject", addresses: ["taro003@example.jp"] })
        suite.clock.advanceMinutes(11)
        await dispatchNewslettersJob(getContainer())

        const all = (await api.get(`/admin/newsletters/${newsletter.id}/recipients`, { headers: suite.headers })).data
        expect([all.count, all.offset, all.limit]).toEqual([4, 0, 50])
        expect(all.recipients.map((r: any) => [r.position, r.email, r.status])).toEqual([
          [1, "taro001@example.jp", "sent"],
          [2, "taro002@example.jp", "sent"],
          [3, "taro003@example.jp", "failed"],
          [4, "taro004@example.jp", "sent"],
        ])
        const failed = (await api.get(`/admin/newsletters/${newsletter.id}/recipients?status=failed`, { headers: suite.headers })).data
        expect(failed.recipients.map((r: any) => [r.email, r.error_type])).toEqual([["taro003@example.jp", "rejected"]])
        const search = (await api.get(`/admin/newsletters/${newsletter.id}/recipients?q=TARO004`, { headers: suite.headers })).data
        expect(search.recipients.map((r: any) => r.email)).toEqual(["taro004@example.jp"])
        const page = (await api.get(`/admin/newsletters/${newsletter.id}/recipients?limit=2&offset=2`, { headers: suite.headers })).data
        expect([page.count, page.recipients.map((r: any) => r.position)]).toEqual([4, [3, 4]])

        const bad = await api.get(`/admin/newsletters/${newsletter.id}/recipients?status=lost`, { headers: suite.headers }).catch((e) => e)
        expect([bad.response.status, bad.response.data.message, bad.response.data.errors]).toEqual([
          400,
          "Invalid request: status must be one of: pending, sent, failed, skipped",
          [{ path: "status", code: "invalid_value", params: { values: ["pending", "sent", "failed", "skipped"] } }],
        ])
        const wrong = await api
          .get(`/admin/newsletters/${newsletter.id}/recipients?limit=0&offset=x&sort=email`, { headers: suite.headers })
          .catch((e) => e)
        expect([wrong.response.status, wrong.response.data.code, wrong.response.data.errors]).toEqual([
          400,
          "invalid_request",
          [
            { path: "limit", code: "too_small", params: { minimum: 1, origin: "number" } },
            { path: "offset", code: "invalid_type", params: { expected: "number" } },
            { path: "", code: "unknown_fields", params: { keys: ["sort"] } },
          ],
        ])
        const missing = await api.get("/admin/newsletters/nl_missing/recipients", { headers: suite.headers }).catch((e) => e)
        expect([missing.response.status, missing.response.data.message, missing.response.data.code]).toEqual([
          404,
          'Newsletter with id "nl_missing" was not found',
          "newsletter_not_found",
        ])
      })
    })

    describe("GET /admin/newsletter-settings", () => {
      it("should say which transport is active, and the rules the screens need", async () => {
        const response = await api.get("/admin/newsletter-settings", { headers: suite.headers })
        expect(response.data.newsletter_settings).toEqual({
          transport: { name: "resend", description: `Resend (${stand.standin.url})` },
          timezone: "Asia/Tokyo",
          min_lead_minutes: 3,
          requests_per_second: 50,
          sender: {
            name: "テストショップ",
            postalAddress: "東京都千代田区1-1-1",
            contact: "support@shop.example",
          },
          tags: [
            "<#顧客名>",
            "<#姓>",
            "<#名>",
            "<#メールアドレス>",
            "<#ショップ名>",
            "<#配信停止URL>",
            "<#クーポンURL>",
            "<#クーポンコード>",
          ],
          // 配信設定の状態: nothing sent yet, so nothing to warn about.
          webhooks: { secret_configured: true, last_received_at: null, retention_days: 30 },
          warnings: [],
        })
        const { response: anonymous } = await api.get("/admin/newsletter-settings").catch((e) => e)
        expect(anonymous.status).toEqual(401)
      })
    })

    describe("GET /admin/newsletters/:id/preview", () => {
      it("should render for sample data and for a real customer, escaping customer data in HTML", async () => {
        const [customer] = await seedCustomers(getContainer(), [
          { email: "Evil@Example.jp", last_name: "<script>", first_name: "\"太郎\"", subscription: Sub.SUBSCRIBED },
        ])
        const { newsletter } = (
          await api.post(
            "/admin/newsletters",
            validArticle({ format: "html", subject: "<#顧客名>様", body: "<p><#顧客名>様</p>" }),
            { headers: suite.headers }
          )
        ).data

        const sample = (await api.get(`/admin/newsletters/${newsletter.id}/preview`, { headers: suite.headers })).data.preview
        expect(sample.recipient.sample).toEqual(true)
        expect(sample.subject).toEqual("山田 太郎様")

        const real = (
          await api.get(`/admin/newsletters/${newsletter.id}/preview?customer_id=${customer.id}`, { headers: suite.headers })
        ).data.preview
        expect(real.recipient).toEqual({
          email: "evil@example.jp",
          first_name: "\"太郎\"",
          last_name: "<script>",
          customer_id: customer.id,
          sample: false,
        })
        expect(real.subject).toEqual("<script> \"太郎\"様")
        expect(real.html).toContain("<p>&lt;script&gt; &quot;太郎&quot;様</p>")
        expect(real.html).not.toContain("<script>")
        expect(real.text).toContain("<script> \"太郎\"様")
      })

      it("should answer 404 for an unknown article or customer", async () => {
        const missing = await api.get("/admin/newsletters/nl_missing/preview", { headers: suite.headers }).catch((e) => e)
        expect([missing.response.status, missing.response.data.message, missing.response.data.code]).toEqual([
          404,
          'Newsletter with id "nl_missing" was not found',
          "newsletter_not_found",
        ])
        const { newsletter } = (await api.post("/admin/newsletters", validArticle(), { headers: suite.headers })).data
        const noCustomer = await api
          .get(`/admin/newsletters/${newsletter.id}/preview?customer_id=cus_missing`, { headers: suite.headers })
          .catch((e) => e)
        expect([noCustomer.response.status, noCustomer.response.data.message, noCustomer.response.data.params]).toEqual([
          404,
          'Customer with id "cus_missing" was not found',
          { id: "cus_missing" },
        ])
        expect(noCustomer.response.data.code).toEqual("customer_not_found")
      })
    })

    describe("POST /admin/newsletters/:id/test-send", () => {
      it("should send at once to each distinct address with sample data, result per address (S5)", async () => {
        const { newsletter } = (
          await api.post("/admin/newsletters", validArticle({ subject: "<#顧客名>様へ" }), { headers: suite.headers })
        ).data
        const response = await api.post(
          `/admin/newsletters/${newsletter.id}/test-send`,
          { to: "owner@shop.example, Staff@Shop.example、owner@shop.example" },
          { headers: suite.headers }
        )
        const { messages } = stand.standin
        expect(messages.map((m) => [m.to[0], m.subject])).toEqual([
          ["owner@shop.example", "[テスト] 山田 太郎様へ"],
          ["staff@shop.example", "[テスト] 山田 太郎様へ"],
        ])
        expect(response.data).toEqual({
          transport: "resend",
          results: [
            { email: "owner@shop.example", status: "sent", id: messages[0].id },
            { email: "staff@shop.example", status: "sent", id: messages[1].id },
          ],
        })
      })

      it("should refuse invalid addresses and more than 20, sending nothing", async () => {
        const { newsletter } = (await api.post("/admin/newsletters", validArticle(), { headers: suite.headers })).data
        const invalid = await api
          .post(`/admin/newsletters/${newsletter.id}/test-send`, { to: "ok@shop.example, nope, a@b" }, { headers: suite.headers })
          .catch((e) => e)
        expect([invalid.response.status, invalid.response.data.message, invalid.response.data.errors]).toEqual([
          400,
          "Invalid request: to contains invalid email addresses: nope, a@b",
          [{ path: "to", code: "test_addresses_invalid", params: { addresses: ["nope", "a@b"] } }],
        ])
        const many = Array.from({ length: 21 }, (_, i) => `t${i}@shop.example`).join(",")
        const tooMany = await api
          .post(`/admin/newsletters/${newsletter.id}/test-send`, { to: many }, { headers: suite.headers })
          .catch((e) => e)
        expect([tooMany.response.status, tooMany.response.data.message, tooMany.response.data.errors]).toEqual([
          400,
          "Invalid request: to may contain at most 20 addresses (got 21)",
          [{ path: "to", code: "test_addresses_too_many", params: { max: 20, count: 21 } }],
        ])
        const empty = await api
          .post(`/admin/newsletters/${newsletter.id}/test-send`, { to: " , " }, { headers: suite.headers })
          .catch((e) => e)
        expect([empty.response.status, empty.response.data.message, empty.response.data.errors]).toEqual([
          400,
          "Invalid request: to must contain at least one email address",
          [{ path: "to", code: "test_addresses_empty", params: {} }],
        ])
        const missingTo = await api
          .post(`/admin/newsletters/${newsletter.id}/test-send`, { cc: "x@shop.example" }, { headers: suite.headers })
          .catch((e) => e)
        expect([missingTo.response.status, missingTo.response.data.code, missingTo.response.data.errors]).toEqual([
          400,
          "invalid_request",
          [
            { path: "to", code: "required", params: {} },
            { path: "", code: "unknown_fields", params: { keys: ["cc"] } },
          ],
        ])
        expect(stand.standin.requests).toHaveLength(0)
      })
    })

    describe("one-click unsubscribe", () => {
      const sendOne = async () => {
        await seedSubscribers(getContainer(), 1)
        const newsletter = await reserve()
        suite.clock.advanceMinutes(11)
        await dispatchNewslettersJob(getContainer())
        const [message] = stand.standin.messages
        return { newsletter, url: new URL(message.headers!["List-Unsubscribe"].slice(1, -1)) }
      }

      it("should unsubscribe on POST without login or key, and record it (RFC 8058)", async () => {
        const { newsletter, url } = await sendOne()
        const page = await api.get(url.pathname)
        expect(page.status).toEqual(200)
        expect(page.data).toContain("taro001@example.jp へのメールマガジンの配信を停止します。")
        // A GET never unsubscribes.
        const [still] = await suite.service.listNewsletterSubscriptions({ email: "taro001@example.jp" })
        expect(still.status).toEqual("subscribed")

        const post = await api.post(url.pathname, "List-Unsubscribe=One-Click", {
          headers: { "content-type": "application/x-www-form-urlencoded" },
        })
        expect(post.status).toEqual(200)
        const [subscription] = await suite.service.listNewsletterSubscriptions(
          { email: "taro001@example.jp" },
          { relations: ["events"] }
        )
        expect(subscription.status).toEqual("unsubscribed")
        const last = subscription.events.find((e) => e.to_status === "unsubscribed")!
        expect([last.from_status, last.source, last.newsletter_id, last.reason, last.reason_code]).toEqual([
          "subscribed",
          "unsubscribe_link",
          newsletter.id,
          null,
          "unsubscribe_link",
        ])

        // A second click is harmless.
        const again = await api.post(url.pathname, "List-Unsubscribe=One-Click", {
          headers: { "content-type": "application/x-www-form-urlencoded" },
        })
        expect(again.status).toEqual(200)
      })

      it("should refuse a forged or altered token and change nothing", async () => {
        const { url } = await sendOne()
        const [kid, payload, signature] = url.pathname.split("/").pop()!.split(".")
        const forged = Buffer.from(JSON.stringify({ purpose: "unsubscribe", r: "nlrcp_other" })).toString("base64url")
        const attempts = [
          `/hooks/newsletter/unsubscribe/${kid}.${forged}.${signature}`,
          `/hooks/newsletter/unsubscribe/${kid}.${payload}.${signature.slice(0, -2)}xx`,
          // The 0.1 shape (no key id) of the same link: its signature was made with the derived key.
          `/hooks/newsletter/unsubscribe/${payload}.${signature}`,
          "/hooks/newsletter/unsubscribe/garbage",
        ]
        for (const path of attempts) {
          const { response } = await api.post(path, "").catch((e) => e)
          expect(response.status).toEqual(400)
          expect(response.data).toContain("このリンクは無効です")
        }
        const [subscription] = await suite.service.listNewsletterSubscriptions({ email: "taro001@example.jp" })
        expect(subscription.status).toEqual("subscribed")
      })
    })
  },
})
