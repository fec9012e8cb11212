import { asValue } from "@medusajs/framework/awilix"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { TestEventUtils } from "@medusajs/test-utils"
import { NEWSLETTER_CLOCK } from "../../src/lib/clock"
import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import type NewsletterModuleService from "../../src/modules/newsletter/service"
import {
  NewsletterStatus,
  NewsletterSubscriptionStatus as Sub,
} from "../../src/modules/newsletter/types"
import { createAdminHeaders } from "../helpers/auth"
import { minutesFromNow, seedCustomers, validArticle } from "../helpers/seed"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(120 * 1000)

const LEAD_TIME_ERROR =
  /^scheduled_at must be at least 3 minutes from now \(earliest: \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Asia\/Tokyo\)\)$/

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    let service: NewsletterModuleService

    beforeEach(async () => {
      const container = getContainer()
      // Each test starts on the system clock; a test that moves time registers its own.
      container.register(NEWSLETTER_CLOCK, asValue({ now: () => new Date() }))
      ;({ headers } = await createAdminHeaders(container))
      service = container.resolve(NEWSLETTER_MODULE)
    })

    const create = async (overrides: Record<string, unknown> = {}) =>
      (await api.post("/admin/newsletters", validArticle(overrides), { headers })).data.newsletter

    const createPromotion = async (code: string) =>
      (
        await getContainer()
          .resolve(Modules.PROMOTION)
          .createPromotions([
            {
              code,
              type: "standard",
              status: "active",
              application_method: {
                type: "percentage",
                target_type: "order",
                allocation: "across",
                value: 10,
              },
            },
          ])
      )[0]

    const seedAudience = () =>
      seedCustomers(getContainer(), [
        { email: "taro@example.jp", first_name: "太郎", last_name: "山田", has_account: true, subscription: Sub.SUBSCRIBED },
        { email: " TARO@Example.jp ", first_name: "タロウ", last_name: "ヤマダ" },
        { email: "hanako@example.jp", first_name: "花子", last_name: "佐藤", subscription: Sub.SUBSCRIBED },
        { email: "jiro@example.jp", subscription: Sub.UNSUBSCRIBED },
        { email: "saburo@example.jp", subscription: Sub.CLEANED },
        { email: "not-an-address", subscription: Sub.SUBSCRIBED },
        { email: "shiro@example.jp" },
      ])

    const scheduled = async () => {
      await seedAudience()
      const newsletter = await create()
      await api.post(`/admin/newsletters/${newsletter.id}/schedule`, {}, { headers })
      return newsletter
    }

    describe("authentication", () => {
      it("should answer 401 to every route without an admin login", async () => {
        const calls = [
          api.get("/admin/newsletters"),
          api.post("/admin/newsletters", validArticle()),
          api.get("/admin/newsletters/nl_1"),
          api.post("/admin/newsletters/nl_1", { subject: "x" }),
          api.delete("/admin/newsletters/nl_1"),
          api.post("/admin/newsletters/nl_1/schedule", {}),
          api.post("/admin/newsletters/nl_1/cancel", {}),
        ]
        const statuses = (await Promise.all(calls.map((c) => c.catch((e) => e)))).map(
          (e) => e.response.status
        )
        expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401])
      })
    })

    describe("POST /admin/newsletters", () => {
      it("should create a draft with the given fields and zero counters", async () => {
        const scheduledAt = minutesFromNow(30)
        const response = await api.post(
          "/admin/newsletters",
          validArticle({ scheduled_at: scheduledAt, format: "html", body: "<p><#顧客名> 様</p>" }),
          { headers }
        )
        expect(response.status).toEqual(200)
        expect(response.data.newsletter).toEqual(
          expect.objectContaining({
            id: expect.stringMatching(/^nl_/),
            subject: "冬のセールのお知らせ",
            body: "<p><#顧客名> 様</p>",
            format: "html",
            scheduled_at: scheduledAt,
            status: "draft",
            audience: {},
            coupon_mode: "none",
            promotion_id: null,
            category: null,
            started_at: null,
            total_count: 0,
            succeeded_count: 0,
            failed_count: 0,
            unsent_count: 0,
            skipped_count: 0,
          })
        )
      })

      it("should emit newsletter.created", async () => {
        const eventBus = getContainer().resolve(Modules.EVENT_BUS)
        const emitted = TestEventUtils.waitSubscribersExecution("newsletter.created", eventBus)
        const newsletter = await create()
        const [event] = (await emitted) as any[]
        expect(event.data).toEqual({ id: newsletter.id })
      })

      it("should name every missing required field (S1)", async () => {
        const { response } = await api.post("/admin/newsletters", {}, { headers }).catch((e) => e)
        expect(response.status).toEqual(400)
        expect(response.data).toEqual({
          type: "invalid_data",
          code: "invalid_request",
          message:
            "Invalid request: subject is required; body is required; format is required; scheduled_at is required",
          params: {},
          errors: [
            { path: "subject", code: "required", params: {} },
            { path: "body", code: "required", params: {} },
            { path: "format", code: "required", params: {} },
            { path: "scheduled_at", code: "required", params: {} },
          ],
        })
      })

      it("should name each wrong field", async () => {
        const { response } = await api
          .post(
            "/admin/newsletters",
            validArticle({ subject: "  ", format: "pdf", scheduled_at: "tomorrow", extra: 1 }),
            { headers }
          )
          .catch((e) => e)
        expect(response.status).toEqual(400)
        expect(response.data.message).toEqual(
          "Invalid request: subject must not be empty; format must be one of: text, html, mjml; " +
            "scheduled_at must be an ISO 8601 date-time with a time zone, e.g. 2026-12-01T10:00:00+09:00; " +
            "unknown field: extra"
        )
        // Each problem at its path, with the code the admin says it by.
        expect([response.data.code, response.data.errors]).toEqual([
          "invalid_request",
          [
            { path: "subject", code: "required", params: {} },
            { path: "format", code: "invalid_value", params: { values: ["text", "html", "mjml"] } },
            { path: "scheduled_at", code: "invalid_format", params: { format: "datetime" } },
            { path: "", code: "unknown_fields", params: { keys: ["extra"] } },
          ],
        ])
      })

      it("should refuse a send time only 2 minutes ahead (S4)", async () => {
        const { response } = await api
          .post("/admin/newsletters", validArticle({ scheduled_at: minutesFromNow(2) }), { headers })
          .catch((e) => e)
        expect(response.status).toEqual(400)
        expect(response.data.type).toEqual("invalid_data")
        expect(response.data.message).toMatch(LEAD_TIME_ERROR)
        const params = {
          min_minutes: 3,
          earliest_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/),
          time_zone: "Asia/Tokyo",
        }
        expect([response.data.code, response.data.params, response.data.errors]).toEqual([
          "send_time_too_soon",
          params,
          [{ path: "scheduled_at", code: "send_time_too_soon", params }],
        ])
        expect(await service.listNewsletters()).toEqual([])
      })

      it("should refuse an unknown category and a coupon mode without promotion", async () => {
        const unknownCategory = await api
          .post("/admin/newsletters", validArticle({ category_id: "nlcat_missing" }), { headers })
          .catch((e) => e)
        expect(unknownCategory.response.status).toEqual(400)
        expect(unknownCategory.response.data.message).toEqual(
          'category_id: newsletter category "nlcat_missing" does not exist'
        )
        expect([unknownCategory.response.data.code, unknownCategory.response.data.errors]).toEqual([
          "unknown_category",
          [{ path: "category_id", code: "unknown_category", params: { id: "nlcat_missing" } }],
        ])

        const noPromotion = await api
          .post("/admin/newsletters", validArticle({ coupon_mode: "claim_link" }), { headers })
          .catch((e) => e)
        expect(noPromotion.response.status).toEqual(400)
        expect(noPromotion.response.data.message).toEqual(
          "promotion_id is required when coupon_mode is claim_link"
        )
        expect([noPromotion.response.data.code, noPromotion.response.data.errors]).toEqual([
          "promotion_required",
          [{ path: "promotion_id", code: "promotion_required", params: { coupon_mode: "claim_link" } }],
        ])

        const unknownPromotion = await api
          .post(
            "/admin/newsletters",
            validArticle({ coupon_mode: "code", promotion_id: "promo_missing" }),
            { headers }
          )
          .catch((e) => e)
        expect(unknownPromotion.response.status).toEqual(400)
        expect(unknownPromotion.response.data.message).toEqual(
          'promotion_id: promotion "promo_missing" does not exist'
        )
        expect([unknownPromotion.response.data.code, unknownPromotion.response.data.params]).toEqual([
          "unknown_promotion",
          { id: "promo_missing" },
        ])
        expect(await service.listNewsletters()).toEqual([])
      })

      it("should refuse an unknown custom tag, listing the valid ones (S2)", async () => {
        const { response } = await api
          .post("/admin/newsletters", validArticle({ body: "<#会員ランク> のお客様へ" }), { headers })
          .catch((e) => e)
        expect(response.status).toEqual(400)
        expect(response.data.message).toEqual(
          "Unknown tag <#会員ランク> in body. Valid tags: <#顧客名>, <#姓>, <#名>, <#メールアドレス>, " +
            "<#ショップ名>, <#配信停止URL>, <#クーポンURL>, <#クーポンコード>"
        )
        const valid = ["<#顧客名>", "<#姓>", "<#名>", "<#メールアドレス>", "<#ショップ名>", "<#配信停止URL>", "<#クーポンURL>", "<#クーポンコード>"]
        expect([response.data.code, response.data.params, response.data.errors]).toEqual([
          "unknown_tag",
          { tag: "<#会員ランク>", field: "body", valid },
          [{ path: "body", code: "unknown_tag", params: { tag: "<#会員ランク>", field: "body", valid } }],
        ])
        expect(await service.listNewsletters()).toEqual([])

        const draft = await create()
        const edit = await api
          .post(`/admin/newsletters/${draft.id}`, { subject: "<#ポイント>をプレゼント" }, { headers })
          .catch((e) => e)
        expect(edit.response.status).toEqual(400)
        expect(edit.response.data.message).toMatch(/^Unknown tag <#ポイント> in subject\. Valid tags: /)
        expect(edit.response.data.errors).toEqual([
          { path: "subject", code: "unknown_tag", params: { tag: "<#ポイント>", field: "subject", valid } },
        ])
      })

      it("should refuse MJML that does not compile, naming the line", async () => {
        const { response } = await api
          .post(
            "/admin/newsletters",
            validArticle({
              format: "mjml",
              body: "<mjml><mj-body><mj-section><mj-column>\n<mj-texte>x</mj-texte></mj-column></mj-section></mj-body></mjml>",
            }),
            { headers }
          )
          .catch((e) => e)
        expect(response.status).toEqual(400)
        expect(response.data.message).toEqual(
          "Invalid MJML in body: line 2 <mj-texte>: Element mj-texte doesn't exist or is not registered"
        )
        const params = { field: "body", line: 2, tag: "mj-texte", count: 1 }
        expect([response.data.code, response.data.params, response.data.errors]).toEqual([
          "invalid_mjml",
          params,
          [{ path: "body", code: "invalid_mjml", params }],
        ])
      })

      it("should link the announced promotion and return its code", async () => {
        const promotion = await createPromotion("WINTER10")
        const newsletter = await create({ promotion_id: promotion.id, coupon_mode: "code" })
        expect([newsletter.promotion_id, newsletter.coupon_mode, newsletter.promotion]).toEqual([
          promotion.id,
          "code",
          { id: promotion.id, code: "WINTER10" },
        ])
      })
    })

    describe("GET /admin/newsletters", () => {
      it("should list with counters, filter by status, search the subject and page", async () => {
        const sale = await scheduled()
        await create({ subject: "年末セール第2弾" })
        await create({ subject: "新商品のご案内" })

        const all = await api.get("/admin/newsletters?order=subject", { headers })
        expect(all.data.count).toEqual(3)
        expect(all.data.newsletters.map((n: any) => n.subject)).toEqual([
          "冬のセールのお知らせ",
          "年末セール第2弾",
          "新商品のご案内",
        ])
        expect(all.data.newsletters[0]).toEqual(
          expect.objectContaining({ status: "scheduled", total_count: 2, unsent_count: 2 })
        )

        const byStatus = await api.get("/admin/newsletters?status=scheduled", { headers })
        expect(byStatus.data.newsletters.map((n: any) => n.id)).toEqual([sale.id])

        const search = await api.get(`/admin/newsletters?q=${encodeURIComponent("セール")}&order=subject`, {
          headers,
        })
        expect(search.data.newsletters.map((n: any) => n.subject)).toEqual([
          "冬のセールのお知らせ",
          "年末セール第2弾",
        ])

        const page = await api.get("/admin/newsletters?order=subject&limit=1&offset=1", { headers })
        expect(page.data).toEqual(
          expect.objectContaining({ count: 3, offset: 1, limit: 1 })
        )
        expect(page.data.newsletters.map((n: any) => n.subject)).toEqual(["年末セール第2弾"])
      })

      it("should refuse a field it does not offer, naming it (an article's recipients are not a field)", async () => {
        const newsletter = await create()
        const some = await api.get("/admin/newsletters?fields=subject,category.name", { headers })
        expect(some.data.newsletters).toEqual([{ id: newsletter.id, subject: newsletter.subject, category: null }])

        const answers = []
        for (const url of [
          "/admin/newsletters?fields=*recipients",
          "/admin/newsletters?fields=subject,recipients.email,promotion.rules",
          `/admin/newsletters/${newsletter.id}?fields=%2Bnope`,
        ]) {
          const { response } = await api.get(url, { headers }).catch((e) => e)
          const [problem] = response.data.errors
          answers.push([
            response.status,
            response.data.message.replace(/ \(allowed: .*\)$/, ""),
            response.data.code,
            problem.path,
            problem.code,
            problem.params.keys,
          ])
        }
        expect(answers).toEqual([
          [400, "Invalid request: fields may not name recipients.*", "invalid_request", "fields", "unknown_fields", ["recipients.*"]],
          [
            400,
            "Invalid request: fields may not name recipients.email, promotion.rules",
            "invalid_request",
            "fields",
            "unknown_fields",
            ["recipients.email", "promotion.rules"],
          ],
          [400, "Invalid request: fields may not name nope", "invalid_request", "fields", "unknown_fields", ["nope"]],
        ])
      })

      it("should give the detail page the delivery-report figures it adds with +fields", async () => {
        const newsletter = await create()
        const fields = ["delivered_count", "opened_count", "clicked_count", "complained_count", "awaiting_count",
          "unknown_count", "counted_at", "aggregated_at"]
        const { data } = await api.get(
          `/admin/newsletters/${newsletter.id}?fields=${fields.map((f) => `%2B${f}`).join(",")}`,
          { headers }
        )
        expect(fields.map((f) => [f, data.newsletter[f]])).toEqual([
          ["delivered_count", 0],
          ["opened_count", 0],
          ["clicked_count", 0],
          ["complained_count", 0],
          ["awaiting_count", 0],
          ["unknown_count", 0],
          ["counted_at", null],
          ["aggregated_at", null],
        ])
        expect(data.newsletter.subject).toEqual(newsletter.subject)
      })

      it("should refuse an unknown status filter", async () => {
        const { response } = await api
          .get("/admin/newsletters?status=done", { headers })
          .catch((e) => e)
        expect(response.status).toEqual(400)
        expect(response.data).toEqual({
          type: "invalid_data",
          code: "invalid_request",
          message: expect.stringMatching(/^Invalid request: status /),
          params: {},
          errors: [
            {
              path: "status",
              code: "invalid_value",
              params: {
                values: ["draft", "scheduled", "sending", "sent", "aggregating", "aggregated", "cancelled", "stopped", "failed"],
              },
            },
          ],
        })
      })
    })

    describe("GET /admin/newsletters/:id", () => {
      it("should return one article", async () => {
        const newsletter = await create()
        const response = await api.get(`/admin/newsletters/${newsletter.id}`, { headers })
        expect(response.data.newsletter).toEqual(newsletter)
      })

      it("should answer 404 for an unknown id", async () => {
        const { response } = await api.get("/admin/newsletters/nl_missing", { headers }).catch((e) => e)
        expect(response.status).toEqual(404)
        expect(response.data).toEqual({
          type: "not_found",
          code: "newsletter_not_found",
          message: 'Newsletter with id "nl_missing" was not found',
          params: { id: "nl_missing" },
        })
      })
    })

    describe("POST /admin/newsletters/:id", () => {
      it("should edit a draft", async () => {
        const newsletter = await create()
        const category = (
          await api.post(
            "/admin/newsletter-categories",
            { name: "セール", window_start: "09:00", window_end: "21:00" },
            { headers }
          )
        ).data.newsletter_category
        const response = await api.post(
          `/admin/newsletters/${newsletter.id}`,
          { subject: "件名を変更", category_id: category.id },
          { headers }
        )
        expect(response.data.newsletter).toEqual(
          expect.objectContaining({
            subject: "件名を変更",
            body: newsletter.body,
            status: "draft",
            category: { id: category.id, name: "セール", window_start: "09:00", window_end: "21:00" },
          })
        )
      })

      it("should keep the snapshot of a scheduled article when only its content changes", async () => {
        const newsletter = await scheduled()
        const response = await api.post(
          `/admin/newsletters/${newsletter.id}`,
          { body: "本文を修正しました", scheduled_at: minutesFromNow(90) },
          { headers }
        )
        expect(response.data.newsletter).toEqual(
          expect.objectContaining({ body: "本文を修正しました", status: "scheduled", total_count: 2 })
        )
        expect(await service.listNewsletterRecipients({ newsletter_id: newsletter.id })).toHaveLength(2)
      })

      it("should send a scheduled article back to draft when its audience changes", async () => {
        const newsletter = await scheduled()
        const response = await api.post(
          `/admin/newsletters/${newsletter.id}`,
          { audience: { q: "佐藤" } },
          { headers }
        )
        expect(response.data.newsletter).toEqual(
          expect.objectContaining({
            audience: { q: "佐藤" },
            status: "draft",
            total_count: 0,
            unsent_count: 0,
          })
        )
        expect(await service.listNewsletterRecipients({ newsletter_id: newsletter.id })).toEqual([])

        // It can be reserved again, with a fresh snapshot of the new audience (q: 佐藤 → hanako).
        const again = await api.post(`/admin/newsletters/${newsletter.id}/schedule`, {}, { headers })
        expect(again.data.recipient_count).toEqual(1)
        const recipients = await service.listNewsletterRecipients({ newsletter_id: newsletter.id })
        expect(recipients.map((r) => r.email)).toEqual(["hanako@example.jp"])
      })

      it("should refuse to edit an article that is sending with a conflict, naming its status", async () => {
        const newsletter = await scheduled()
        await service.transitionNewsletter({ id: newsletter.id, to: NewsletterStatus.SENDING })
        const { response } = await api
          .post(`/admin/newsletters/${newsletter.id}`, { subject: "x" }, { headers })
          .catch((e) => e)
        expect(response.status).toEqual(409)
        expect(response.data.message).toEqual(
          `Sending of newsletter "${newsletter.id}" has already started (status: sending); it can no longer be edited`
        )
        expect([response.data.code, response.data.params]).toEqual([
          "newsletter_sending_started",
          { id: newsletter.id, status: "sending", action: "edit" },
        ])
      })

      it("should refuse a new send time only 2 minutes ahead", async () => {
        const newsletter = await create()
        const { response } = await api
          .post(`/admin/newsletters/${newsletter.id}`, { scheduled_at: minutesFromNow(2) }, { headers })
          .catch((e) => e)
        expect(response.status).toEqual(400)
        expect(response.data.message).toMatch(LEAD_TIME_ERROR)
        expect(response.data.code).toEqual("send_time_too_soon")
        const [stored] = await service.listNewsletters({ id: newsletter.id })
        expect(stored.scheduled_at.toISOString()).toEqual(newsletter.scheduled_at)
      })

      it("should answer 404 for an unknown id and 400 for a wrong field", async () => {
        const missing = await api
          .post("/admin/newsletters/nl_missing", { subject: "x" }, { headers })
          .catch((e) => e)
        expect(missing.response.status).toEqual(404)
        expect(missing.response.data.message).toEqual('Newsletter with id "nl_missing" was not found')
        expect([missing.response.data.code, missing.response.data.params]).toEqual([
          "newsletter_not_found",
          { id: "nl_missing" },
        ])

        const newsletter = await create()
        const wrong = await api
          .post(`/admin/newsletters/${newsletter.id}`, { format: "pdf" }, { headers })
          .catch((e) => e)
        expect(wrong.response.status).toEqual(400)
        expect(wrong.response.data.message).toEqual("Invalid request: format must be one of: text, html, mjml")
        expect(wrong.response.data.errors).toEqual([
          { path: "format", code: "invalid_value", params: { values: ["text", "html", "mjml"] } },
        ])
      })
    })

    describe("DELETE /admin/newsletters/:id", () => {
      it("should delete a draft", async () => {
        const newsletter = await create()
        const response = await api.delete(`/admin/newsletters/${newsletter.id}`, { headers })
        expect(response.data).toEqual({ id: newsletter.id, object: "newsletter", deleted: true })
        const { response: gone } = await api
          .get(`/admin/newsletters/${newsletter.id}`, { headers })
          .catch((e) => e)
        expect(gone.status).toEqual(404)
      })

      it("should delete a cancelled article and refuse a scheduled one", async () => {
        const newsletter = await scheduled()
        const { response } = await api
          .delete(`/admin/newsletters/${newsletter.id}`, { headers })
          .catch((e) => e)
        expect(response.status).toEqual(400)
        expect(response.data.message).toEqual(
          `Newsletter "${newsletter.id}" is scheduled; only draft and cancelled newsletters can be deleted`
        )
        expect([response.data.code, response.data.params]).toEqual([
          "newsletter_not_deletable",
          { id: newsletter.id, status: "scheduled", action: "delete" },
        ])

        await api.post(`/admin/newsletters/${newsletter.id}/cancel`, {}, { headers })
        const deleted = await api.delete(`/admin/newsletters/${newsletter.id}`, { headers })
        expect(deleted.data.deleted).toEqual(true)
      })

      it("should answer 404 for an unknown id", async () => {
        const { response } = await api.delete("/admin/newsletters/nl_missing", { headers }).catch((e) => e)
        expect(response.status).toEqual(404)
        expect(response.data).toEqual({
          type: "not_found",
          code: "newsletter_not_found",
          message: 'Newsletter with id "nl_missing" was not found',
          params: { id: "nl_missing" },
        })
      })
    })

    describe("POST /admin/newsletters/:id/schedule", () => {
      it("should snapshot every subscribed customer, one per normalized email (S8)", async () => {
        await seedAudience()
        const newsletter = await create()
        const eventBus = getContainer().resolve(Modules.EVENT_BUS)
        const emitted = TestEventUtils.waitSubscribersExecution("newsletter.scheduled", eventBus)

        const response = await api.post(`/admin/newsletters/${newsletter.id}/schedule`, {}, { headers })

        expect(response.status).toEqual(200)
        expect(response.data.recipient_count).toEqual(2)
        expect(response.data.newsletter).toEqual(
          expect.objectContaining({
            status: "scheduled",
            total_count: 2,
            unsent_count: 2,
            succeeded_count: 0,
            failed_count: 0,
            skipped_count: 0,
          })
        )
        const [event] = (await emitted) as any[]
        expect(event.data).toEqual({ id: newsletter.id })

        const customers = await getContainer()
          .resolve(Modules.CUSTOMER)
          .listCustomers({ email: ["taro@example.jp", "hanako@example.jp"] })
        const idOf = (email: string) => customers.find((c) => c.email === email)!.id
        const recipients = await service.listNewsletterRecipients(
          { newsletter_id: newsletter.id },
          { order: { position: "ASC" } }
        )
        expect(
          recipients.map((r) => [r.position, r.email, r.customer_id, r.last_name, r.first_name, r.status])
        ).toEqual([
          [1, "hanako@example.jp", idOf("hanako@example.jp"), "佐藤", "花子", "pending"],
          [2, "taro@example.jp", idOf("taro@example.jp"), "山田", "太郎", "pending"],
        ])
      })

      it("should fix the list at reservation: later subscribers are not added", async () => {
        const newsletter = await scheduled()
        await seedCustomers(getContainer(), [{ email: "late@example.jp", subscription: Sub.SUBSCRIBED }])
        const recipients = await service.listNewsletterRecipients({ newsletter_id: newsletter.id })
        expect(recipients.map((r) => r.email).sort()).toEqual(["hanako@example.jp", "taro@example.jp"])
      })

      it("should refuse to reserve twice, naming the status", async () => {
        const newsletter = await scheduled()
        const { response } = await api
          .post(`/admin/newsletters/${newsletter.id}/schedule`, {}, { headers })
          .catch((e) => e)
        expect(response.status).toEqual(400)
        expect(response.data.message).toEqual(
          `Newsletter "${newsletter.id}" is scheduled and cannot be moved to scheduled`
        )
        expect([response.data.code, response.data.params]).toEqual([
          "newsletter_transition_not_allowed",
          { id: newsletter.id, status: "scheduled", action: "schedule", to: "scheduled" },
        ])
        expect(await service.listNewsletterRecipients({ newsletter_id: newsletter.id })).toHaveLength(2)
      })

      it("should refuse when nobody is subscribed and leave the draft as it was", async () => {
        await seedCustomers(getContainer(), [{ email: "jiro@example.jp", subscription: Sub.UNSUBSCRIBED }])
        const newsletter = await create()
        const { response } = await api
          .post(`/admin/newsletters/${newsletter.id}/schedule`, {}, { headers })
          .catch((e) => e)
        expect(response.status).toEqual(400)
        expect(response.data.message).toEqual(
          "No subscribed customer matches this newsletter's audience; there is nobody to send it to"
        )
        expect([response.data.code, response.data.params]).toEqual(["newsletter_audience_empty", { id: newsletter.id }])
        const [stored] = await service.listNewsletters({ id: newsletter.id })
        expect([stored.status, stored.total_count]).toEqual(["draft", 0])
        expect(await service.listNewsletterRecipients({ newsletter_id: newsletter.id })).toEqual([])
      })

      it("should check the lead time again at reservation (S4)", async () => {
        await seedAudience()
        const newsletter = await create({ scheduled_at: minutesFromNow(10) })
        // Eight minutes pass while the owner reviews the article.
        getContainer().register(
          NEWSLETTER_CLOCK,
          asValue({ now: () => new Date(Date.now() + 8 * 60_000) })
        )
        const { response } = await api
          .post(`/admin/newsletters/${newsletter.id}/schedule`, {}, { headers })
          .catch((e) => e)
        expect(response.status).toEqual(400)
        expect(response.data.message).toMatch(LEAD_TIME_ERROR)
        expect(response.data.code).toEqual("send_time_too_soon")
        expect(await service.listNewsletterRecipients({ newsletter_id: newsletter.id })).toEqual([])
      })

      it("should answer 404 for an unknown id", async () => {
        const { response } = await api
          .post("/admin/newsletters/nl_missing/schedule", {}, { headers })
          .catch((e) => e)
        expect(response.status).toEqual(404)
        expect(response.data).toEqual({
          type: "not_found",
          code: "newsletter_not_found",
          message: 'Newsletter with id "nl_missing" was not found',
          params: { id: "nl_missing" },
        })
      })
    })

    describe("POST /admin/newsletters/:id/cancel", () => {
      it("should cancel a scheduled article (S14)", async () => {
        const newsletter = await scheduled()
        const eventBus = getContainer().resolve(Modules.EVENT_BUS)
        const emitted = TestEventUtils.waitSubscribersExecution("newsletter.cancelled", eventBus)

        const response = await api.post(`/admin/newsletters/${newsletter.id}/cancel`, {}, { headers })

        expect(response.data.newsletter).toEqual(
          expect.objectContaining({ status: "cancelled", cancelled_at: expect.any(String) })
        )
        const [event] = (await emitted) as any[]
        expect(event.data).toEqual({ id: newsletter.id })
      })

      it("should answer 409 once sending has started", async () => {
        const newsletter = await scheduled()
        await service.transitionNewsletter({ id: newsletter.id, to: NewsletterStatus.SENDING })
        const { response } = await api
          .post(`/admin/newsletters/${newsletter.id}/cancel`, {}, { headers })
          .catch((e) => e)
        expect(response.status).toEqual(409)
        expect(response.data).toEqual({
          type: "conflict",
          code: "newsletter_sending_started",
          message: `Sending of newsletter "${newsletter.id}" has already started (status: sending); it can no longer be cancelled`,
          params: { id: newsletter.id, status: "sending", action: "cancel" },
        })
        const [stored] = await service.listNewsletters({ id: newsletter.id })
        expect(stored.status).toEqual("sending")
      })

      it("should refuse to cancel a draft or a cancelled article", async () => {
        const draft = await create()
        const notScheduled = await api
          .post(`/admin/newsletters/${draft.id}/cancel`, {}, { headers })
          .catch((e) => e)
        expect(notScheduled.response.status).toEqual(400)
        expect(notScheduled.response.data.message).toEqual(
          `Newsletter "${draft.id}" is draft and cannot be moved to cancelled`
        )
        expect([notScheduled.response.data.code, notScheduled.response.data.params]).toEqual([
          "newsletter_transition_not_allowed",
          { id: draft.id, status: "draft", action: "cancel", to: "cancelled" },
        ])
      })

      it("should answer 404 for an unknown id", async () => {
        const { response } = await api
          .post("/admin/newsletters/nl_missing/cancel", {}, { headers })
          .catch((e) => e)
        expect(response.status).toEqual(404)
        expect(response.data).toEqual({
          type: "not_found",
          code: "newsletter_not_found",
          message: 'Newsletter with id "nl_missing" was not found',
          params: { id: "nl_missing" },
        })
      })
    })

    describe("POST /admin/newsletters/:id/duplicate", () => {
      const createCategory = async () =>
        (
          await api.post(
            "/admin/newsletter-categories",
            { name: "セール", window_start: "09:00", window_end: "21:00" },
            { headers }
          )
        ).data.newsletter_category

      it.each([
        NewsletterStatus.DRAFT,
        NewsletterStatus.SCHEDULED,
        NewsletterStatus.SENDING,
        NewsletterStatus.SENT,
        NewsletterStatus.AGGREGATING,
        NewsletterStatus.AGGREGATED,
        NewsletterStatus.CANCELLED,
        NewsletterStatus.STOPPED,
        NewsletterStatus.FAILED,
      ])("should copy a %s article into a new draft with zero counters", async (status) => {
        const now = new Date("2026-11-27T12:34:00.000Z")
        getContainer().register(NEWSLETTER_CLOCK, asValue({ now: () => now }))
        const category = await createCategory()
        const promotion = await createPromotion(`COPY-${status}`)
        const original = await create({
          subject: "冬のセールのお知らせ",
          body: "<p><#顧客名> 様</p>",
          format: "html",
          scheduled_at: "2026-11-27T14:00:00.000Z",
          category_id: category.id,
          audience: { email_domain: ["example.jp"] },
          promotion_id: promotion.id,
          coupon_mode: "code",
        })
        await service.updateNewsletters({
          id: original.id,
          status,
          status_reason: "理由",
          status_reason_code: "stopped_error_rate",
          status_reason_params: { failed: 1 },
          send_context: { frozen: true },
          total_count: 3,
          succeeded_count: 2,
          failed_count: 1,
          delivered_count: 2,
          opened_count: 1,
          clicked_count: 1,
        })
        const eventBus = getContainer().resolve(Modules.EVENT_BUS)
        const emitted = TestEventUtils.waitSubscribersExecution("newsletter.created", eventBus)

        const response = await api.post(`/admin/newsletters/${original.id}/duplicate`, undefined, {
          headers,
        })

        expect(response.status).toEqual(200)
        const copy = response.data.newsletter
        expect(copy.id).not.toEqual(original.id)
        expect(copy).toEqual({
          id: expect.stringMatching(/^nl_/),
          subject: "冬のセールのお知らせ",
          body: "<p><#顧客名> 様</p>",
          format: "html",
          // One day after the clock (12:34Z), rounded up to the next hour of Asia/Tokyo.
          scheduled_at: "2026-11-28T13:00:00.000Z",
          audience: { email_domain: ["example.jp"] },
          promotion_id: promotion.id,
          coupon_mode: "code",
          status: "draft",
          status_reason: null,
          status_reason_code: null,
          status_reason_params: null,
          started_at: null,
          finished_at: null,
          cancelled_at: null,
          total_count: 0,
          succeeded_count: 0,
          failed_count: 0,
          unsent_count: 0,
          skipped_count: 0,
          unconfirmed_count: 0,
          delivered_count: 0,
          opened_count: 0,
          clicked_count: 0,
          category_id: category.id,
          category: {
            id: category.id,
            name: "セール",
            window_start: "09:00",
            window_end: "21:00",
          },
          promotion: { id: promotion.id, code: `COPY-${status}` },
          created_at: expect.any(String),
          updated_at: expect.any(String),
        })
        const [stored] = await service.listNewsletters({ id: copy.id })
        expect([stored.send_context, stored.customer_group_id]).toEqual([null, null])
        expect(await service.listNewsletterRecipients({ newsletter_id: copy.id })).toEqual([])
        const [event] = (await emitted) as any[]
        expect(event.data).toEqual({ id: copy.id })
        const [unchanged] = await service.listNewsletters({ id: original.id })
        expect([unchanged.status, unchanged.total_count]).toEqual([status, 3])
      })

      it("should leave out a category and a promotion deleted since", async () => {
        const category = await createCategory()
        const promotion = await createPromotion("GONE10")
        const original = await create({
          category_id: category.id,
          promotion_id: promotion.id,
          coupon_mode: "code",
        })
        await service.updateNewsletters({ id: original.id, status: NewsletterStatus.STOPPED })
        await service.deleteNewsletterCategories([category.id])
        await getContainer().resolve(Modules.PROMOTION).deletePromotions([promotion.id])

        const response = await api.post(`/admin/newsletters/${original.id}/duplicate`, {}, { headers })

        expect(
          [response.data.newsletter.category_id, response.data.newsletter.promotion_id, response.data.newsletter.coupon_mode]
        ).toEqual([null, null, "none"])
        expect(response.data.newsletter.subject).toEqual(original.subject)
      })

      it("should answer 404 for an unknown id", async () => {
        const { response } = await api
          .post("/admin/newsletters/nl_missing/duplicate", {}, { headers })
          .catch((e) => e)
        expect(response.status).toEqual(404)
        expect(response.data).toEqual({
          type: "not_found",
          code: "newsletter_not_found",
          message: 'Newsletter with id "nl_missing" was not found',
          params: { id: "nl_missing" },
        })
      })

      it("should refuse any body field, naming it, and create nothing", async () => {
        const original = await create()
        const { response } = await api
          .post(`/admin/newsletters/${original.id}/duplicate`, { subject: "別の件名" }, { headers })
          .catch((e) => e)
        expect([response.status, response.data.message, response.data.code, response.data.errors]).toEqual([
          400,
          "Invalid request: unknown field: subject",
          "invalid_request",
          [{ path: "", code: "unknown_fields", params: { keys: ["subject"] } }],
        ])
        expect((await service.listNewsletters({})).map((n) => n.id)).toEqual([original.id])
      })

      it("should answer 401 without an admin login", async () => {
        const original = await create()
        const { response } = await api
          .post(`/admin/newsletters/${original.id}/duplicate`, {})
          .catch((e) => e)
        expect(response.status).toEqual(401)
        expect((await service.listNewsletters({})).map((n) => n.id)).toEqual([original.id])
      })
    })

    describe("a request that loses a race", () => {
      /**
       * Moves the article to `status` in another transaction that holds its row until the
       * request's guarded write waits for it, then commits: the request validated the old status
       * and finds the new one when it writes, exactly as when the dispatcher claims meanwhile.
       */
      const racing = async (id: string, status: NewsletterStatus, request: () => Promise<unknown>) => {
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        let outcome: Promise<any> = Promise.resolve()
        await knex.transaction(async (trx: any) => {
          await trx("newsletter").where({ id }).update({ status })
          outcome = request().catch((e) => e)
          for (let waited = 0; ; waited++) {
            const { rows } = await knex.raw(
              `SELECT count(*)::int AS n FROM pg_stat_activity
               WHERE datname = current_database() AND wait_event_type = 'Lock'`
            )
            if (rows[0].n > 0) {
              return
            }
            if (waited > 500) {
              throw new Error("the request never reached its write")
            }
            await new Promise((resolve) => setTimeout(resolve, 10))
          }
        })
        return (await outcome).response
      }

      it("should answer 409 naming the status to an edit that loses against the claim, and change nothing", async () => {
        const newsletter = await scheduled()
        const response = await racing(newsletter.id, NewsletterStatus.SENDING, () =>
          api.post(`/admin/newsletters/${newsletter.id}`, { subject: "遅すぎた件名" }, { headers })
        )
        expect(response.status).toEqual(409)
        expect(response.data).toEqual({
          type: "conflict",
          code: "newsletter_sending_started",
          message: `Sending of newsletter "${newsletter.id}" has already started (status: sending); it can no longer be edited`,
          params: { id: newsletter.id, status: "sending", action: "edit" },
        })
        const [stored] = await service.listNewsletters({ id: newsletter.id })
        expect([stored.status, stored.subject]).toEqual(["sending", newsletter.subject])
      })

      it("should answer 409 to a delete that loses against a reservation, and delete nothing", async () => {
        const newsletter = await create()
        const response = await racing(newsletter.id, NewsletterStatus.SCHEDULED, () =>
          api.delete(`/admin/newsletters/${newsletter.id}`, { headers })
        )
        expect([response.status, response.data.code, response.data.params, response.data.message]).toEqual([
          409,
          "newsletter_changed_meanwhile",
          { id: newsletter.id, status: "scheduled", action: "delete" },
          `Newsletter "${newsletter.id}" changed meanwhile: it is now scheduled, so it can't be deleted`,
        ])
        expect(await service.listNewsletters({ id: newsletter.id })).toHaveLength(1)
      })

      it("should answer 409 to a reservation that loses against another, and snapshot nothing", async () => {
        await seedAudience()
        const newsletter = await create()
        const response = await racing(newsletter.id, NewsletterStatus.SCHEDULED, () =>
          api.post(`/admin/newsletters/${newsletter.id}/schedule`, {}, { headers })
        )
        expect([response.status, response.data.code, response.data.params, response.data.message]).toEqual([
          409,
          "newsletter_changed_meanwhile",
          { id: newsletter.id, status: "scheduled", action: "schedule" },
          `Newsletter "${newsletter.id}" changed meanwhile: it is now scheduled, so it can't be reserved`,
        ])
        expect(await service.listNewsletterRecipients({ newsletter_id: newsletter.id })).toEqual([])
      })

      it("should answer 409 to a cancel that loses against the claim, saying sending started", async () => {
        const newsletter = await scheduled()
        const response = await racing(newsletter.id, NewsletterStatus.SENDING, () =>
          api.post(`/admin/newsletters/${newsletter.id}/cancel`, {}, { headers })
        )
        expect([response.status, response.data.code, response.data.message]).toEqual([
          409,
          "newsletter_sending_started",
          `Sending of newsletter "${newsletter.id}" has already started (status: sending); it can no longer be cancelled`,
        ])
        const [stored] = await service.listNewsletters({ id: newsletter.id })
        expect([stored.status, stored.cancelled_at]).toEqual(["sending", null])
      })
    })
  },
})
