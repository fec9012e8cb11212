import { generateJwtToken } from "@medusajs/framework/utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createAdminHeaders, createCustomerHeaders, createPublishableKey } from "../helpers/auth"
import { report } from "../helpers/report"
import { minutesFromNow, seedCustomers, validArticle } from "../helpers/seed"
import { signWebhook } from "../helpers/webhooks"
import { NewsletterSubscriptionStatus } from "../../src/modules/newsletter/types"
import { IMPORT_SIZE_LIMIT } from "../../src/api/admin/newsletter-subscriptions/validators"
import { IMPORT_MAX_BYTES } from "../../src/lib/csv/import"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(10 * 60 * 1000)

type Case = {
  name: string
  method: "get" | "post" | "delete"
  url: string
  body?: unknown
  headers?: Record<string, string>
}

const INJECTIONS = ["' OR 1=1 --", "nl_1; DROP TABLE newsletter; --", "../../../etc/passwd", "<script>alert(1)</script>", "x".repeat(2000)]
const PLUGIN_TABLES = [
  "newsletter",
  "newsletter_category",
  "newsletter_recipient",
  "newsletter_batch",
  "newsletter_subscription",
  "newsletter_subscription_event",
  "newsletter_webhook_event",
  "newsletter_signup_request",
  "newsletter_rate_limit",
]

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    it("answers at least 200 malformed requests with a 4xx and a message, never a 5xx, changing no row", async () => {
      const container = getContainer()
      const { headers: admin } = await createAdminHeaders(container)
      const key = await createPublishableKey(container)
      const { headers: store } = await createCustomerHeaders(container, key, { email: "store@example.jp" })
      const [customer] = await seedCustomers(container, [
        { email: "taro@example.jp", subscription: NewsletterSubscriptionStatus.SUBSCRIBED },
      ])
      const article = (await api.post("/admin/newsletters", validArticle(), { headers: admin })).data.newsletter
      const category = (await api.post("/admin/newsletter-categories", { name: "セール" }, { headers: admin })).data
        .newsletter_category
      const secret = container.resolve("configModule").projectConfig.http.jwtSecret
      const forgedJwt = generateJwtToken(
        { actor_id: "user_x", actor_type: "user", auth_identity_id: "x", app_metadata: {} },
        { secret: "not-the-secret", expiresIn: "1d" }
      )
      const expiredJwt = generateJwtToken(
        { actor_id: "user_x", actor_type: "user", auth_identity_id: "x", app_metadata: {} },
        { secret, expiresIn: "-1s" } as any
      )

      const n = `/admin/newsletters/${article.id}`
      const c = `/admin/newsletter-categories/${category.id}`
      const s = `/admin/customers/${customer.id}/newsletter-subscription`
      const adminRoutes: Array<[Case["method"], string]> = [
        ["get", "/admin/newsletters"],
        ["post", "/admin/newsletters"],
        ["get", n],
        ["post", n],
        ["delete", n],
        ["post", `${n}/schedule`],
        ["post", `${n}/cancel`],
        ["post", `${n}/duplicate`],
        ["get", `${n}/preview`],
        ["post", `${n}/test-send`],
        ["post", `${n}/attention`],
        ["get", `${n}/recipients/export`],
        ["get", `${n}/unsubscribe-reasons`],
        ["post", "/admin/newsletters/audience/preview"],
        ["get", "/admin/newsletter-settings"],
        ["get", "/admin/newsletter-categories"],
        ["post", "/admin/newsletter-categories"],
        ["get", c],
        ["post", c],
        ["delete", c],
        ["get", s],
        ["post", s],
        ["get", "/admin/newsletter-subscriptions/export"],
        ["post", "/admin/newsletter-subscriptions/import"],
      ]
      const cases: Case[] = []
      const add = (name: string, method: Case["method"], url: string, body?: unknown, headers: Record<string, string> = admin) =>
        cases.push({ name, method, url, body, headers })

      // Authentication on every admin route.
      for (const [method, url] of adminRoutes) {
        add("no login", method, url, {}, {})
        add("garbage bearer", method, url, {}, { authorization: "Bearer garbage" })
        add("forged jwt", method, url, {}, { authorization: `Bearer ${forgedJwt}` })
        add("expired jwt", method, url, {}, { authorization: `Bearer ${expiredJwt}` })
      }
      // Bad JSON and huge bodies on every admin POST.
      for (const [method, url] of adminRoutes.filter(([m]) => m === "post")) {
        add("bad json", method, url, '{"subject": "x",', { ...admin, "content-type": "application/json" })
        add("huge body", method, url, { subject: "x".repeat(12 * 1024 * 1024) })
        add("array body", method, url, [1, 2, 3])
      }
      // Wrong types and missing fields.
      const articleBodies: unknown[] = [
        {},
        validArticle({ subject: 5 }),
        validArticle({ subject: "" }),
        validArticle({ subject: "x".repeat(300) }),
        validArticle({ body: ["x"] }),
        validArticle({ body: "" }),
        validArticle({ format: "pdf" }),
        validArticle({ format: null }),
        validArticle({ scheduled_at: "tomorrow" }),
        validArticle({ scheduled_at: "2026-13-45T99:00:00Z" }),
        validArticle({ scheduled_at: minutesFromNow(-60) }),
        validArticle({ scheduled_at: minutesFromNow(2) }),
        validArticle({ scheduled_at: 1700000000 }),
        validArticle({ category_id: 5 }),
        validArticle({ category_id: "nlcat_missing" }),
        validArticle({ audience: "everyone" }),
        validArticle({ promotion_id: {} }),
        validArticle({ promotion_id: "promo_missing", coupon_mode: "code" }),
        validArticle({ coupon_mode: "free" }),
        validArticle({ coupon_mode: "claim_link" }),
        validArticle({ body: "<#会員ランク>" }),
        validArticle({ body: "{{#each x}}{{/each}}" }),
        validArticle({ body: "{{ unclosed" }),
        validArticle({ format: "mjml", body: "<mjml><mj-body><mj-texte/></mj-body></mjml>" }),
        validArticle({ status: "sent" }),
        validArticle({ id: "nl_mine" }),
        validArticle({ total_count: 5 }),
        { subject: "x", body: "y", format: "text", scheduled_at: minutesFromNow(60), extra: { deep: true } },
      ]
      articleBodies.forEach((body, i) => add(`article body ${i}`, "post", "/admin/newsletters", body))
      articleBodies.slice(1).forEach((body, i) => {
        const partial = Object.fromEntries(
          Object.entries(body as Record<string, unknown>).filter(([k]) => !(k in validArticle()) || (body as any)[k] !== (validArticle() as any)[k])
        )
        add(`article edit ${i}`, "post", n, partial)
      })
      // Unknown and hostile ids.
      for (const id of INJECTIONS) {
        const e = encodeURIComponent(id)
        add("hostile id", "get", `/admin/newsletters/${e}`)
        add("hostile id", "post", `/admin/newsletters/${e}`, { subject: "x" })
        add("hostile id", "delete", `/admin/newsletters/${e}`)
        add("hostile id", "post", `/admin/newsletters/${e}/schedule`, {})
        add("hostile id", "post", `/admin/newsletters/${e}/cancel`, {})
        add("hostile id", "post", `/admin/newsletters/${e}/duplicate`, {})
        add("hostile id", "post", `/admin/newsletters/${e}/attention`, { action: "skip" })
        add("hostile id", "get", `/admin/newsletters/${e}/preview`)
        add("hostile id", "get", `${n}/preview?customer_id=${e}`)
        add("hostile id", "get", `/admin/newsletter-categories/${e}`)
        add("hostile id", "delete", `/admin/newsletter-categories/${e}`)
        add("hostile id", "get", `/admin/customers/${e}/newsletter-subscription`)
        add("hostile id", "post", `/admin/customers/${e}/newsletter-subscription`, { status: "subscribed" })
      }
      // Query strings.
      for (const query of ["status=done", "limit=-1", "limit=abc", "offset=-5", "order=%3B%20DROP%20TABLE%20newsletter", "status[$ne]=draft", "unknown=1"]) {
        add("list query", "get", `/admin/newsletters?${query}`)
      }
      add("preview query", "get", `${n}/preview?foo=bar`)
      // Resolving batches that need attention: a bad decision, or a draft with nothing sent.
      for (const body of [{}, { action: "resend" }, { action: 5 }, { action: "skip", batch: 1 }, { action: "send_again" }]) {
        add("attention body", "post", `${n}/attention`, body)
      }
      // Test send, categories, subscriptions.
      for (const body of [{}, { to: "" }, { to: " , " }, { to: "nope" }, { to: 5 }, { to: ["a@b.jp"] }, { to: Array(25).fill("a@b.jp").map((a, i) => `${i}${a}`).join(",") }, { to: "a@b.jp", cc: "x" }]) {
        add("test send body", "post", `${n}/test-send`, body)
      }
      for (const body of [{}, { name: "" }, { name: 5 }, { name: "x", window_start: "9:00", window_end: "21:00" }, { name: "x", window_start: "09:00" }, { name: "x", window_start: "09:00", window_end: "09:00" }, { name: "x", window_start: "25:00", window_end: "26:00" }, { name: "x", color: "red" }]) {
        add("category body", "post", "/admin/newsletter-categories", body)
        if (Object.keys(body).length) {
          add("category edit", "post", c, body)
        }
      }
      for (const body of [{}, { status: "gone" }, { status: 1 }, { status: "subscribed", reason: 5 }, { status: "subscribed", reason: "x".repeat(600) }, { status: "subscribed", source: "admin" }]) {
        add("subscription body", "post", s, body)
      }
      for (const body of [{}, { audience: "all" }, { audience: { unknown: 1 } }, { audience: { order_count: { gte: 5, lte: 1 } } }, { audience: { customer_groups: { in_any: ["cusgroup_missing"] } } }, { audience: { created_at: { gte: "yesterday" } } }]) {
        add("audience body", "post", "/admin/newsletters/audience/preview", body)
      }
      for (const body of [{}, { csv: 5 }, { csv: "" }, { csv: "name,age\nx,1" }, { csv: '"unclosed,quote\n' }]) {
        add("import body", "post", "/admin/newsletter-subscriptions/import", body)
      }
      // A file over the import's 20 MB (400 before parsing), and a body over its limit (413).
      add("import oversize file", "post", "/admin/newsletter-subscriptions/import", { csv: "x".repeat(IMPORT_MAX_BYTES + 1) })
      add("import oversize body", "post", "/admin/newsletter-subscriptions/import", { csv: "x".repeat(IMPORT_SIZE_LIMIT) })
      // The file itself as the body (text/csv): garbage, binary bytes, a header alone, another
      // charset or media type, and a file over 20 MB (413 by its length).
      const csvType = { ...admin, "content-type": "text/csv" }
      const importUrl = "/admin/newsletter-subscriptions/import"
      add("import csv garbage", "post", importUrl, '\u0000garbage,"unclosed\n;;;', csvType)
      add("import csv binary", "post", importUrl, Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), csvType)
      add("import csv header only", "post", importUrl, "email,status,consented_at,source\r\n", csvType)
      add("import csv wrong columns", "post", importUrl, "name,age\nx,1\n", csvType)
      add("import csv charset", "post", importUrl, "email,status,consented_at,source\n", { ...csvType, "content-type": "text/csv; charset=shift_jis" })
      add("import octet stream", "post", importUrl, Buffer.from("email,status\n"), { ...admin, "content-type": "application/octet-stream" })
      add("import csv oversize", "post", importUrl, Buffer.alloc(IMPORT_MAX_BYTES + 1, 0x2c), csvType)
      // Fields that are unknown or not exposed (an article's recipients, a promotion's rules).
      for (const fields of ["nope", "*recipients", "recipients.email", "+promotion.rules", "-secret", "id,subject,body,category.*"]) {
        add("bad fields", "get", `/admin/newsletters?fields=${encodeURIComponent(fields)}`)
        add("bad fields", "get", `${n}?fields=${encodeURIComponent(fields)}`)
      }
      for (const fields of ["secret", "*newsletters", "name,+deleted_at"]) {
        add("bad fields", "get", `/admin/newsletter-categories?fields=${encodeURIComponent(fields)}`)
        add("bad fields", "get", `${c}?fields=${encodeURIComponent(fields)}`)
      }
      // Store routes.
      const storeUrl = "/store/customers/me/newsletter-subscription"
      add("store no key", "get", storeUrl, undefined, { authorization: store.authorization })
      add("store no key", "post", storeUrl, { subscribed: true }, { authorization: store.authorization })
      add("store no login", "get", storeUrl, undefined, { "x-publishable-api-key": key })
      add("store no login", "post", storeUrl, { subscribed: true }, { "x-publishable-api-key": key })
      add("store bad key", "get", storeUrl, undefined, { ...store, "x-publishable-api-key": "pk_forged" })
      for (const body of [{}, { subscribed: "yes" }, { subscribed: 1 }, { subscribed: true, status: "cleaned" }, [true]]) {
        add("store body", "post", storeUrl, body, store)
      }
      add("store bad json", "post", storeUrl, "{", { ...store, "content-type": "application/json" })
      for (const token of ["forged", "a.b", "eyJwdXJwb3NlIjoiY291cG9uIiwiciI6Im5scmNwXzEifQ.AAAA", encodeURIComponent(INJECTIONS[0])]) {
        add("coupon claim", "post", `/store/newsletter-coupons/${token}/claim`, {}, store)
      }
      add("coupon claim no key", "post", "/store/newsletter-coupons/x.y/claim", {}, { authorization: store.authorization })
      // The storefront signup (ダブルオプトイン) and its confirmation: the publishable key, no login.
      const keyOnly = { "x-publishable-api-key": key }
      const signupUrl = "/store/newsletter-subscriptions"
      const confirmUrl = "/store/newsletter-subscriptions/confirm"
      add("signup no key", "post", signupUrl, { email: "new@example.jp" }, {})
      add("signup bad key", "post", signupUrl, { email: "new@example.jp" }, { "x-publishable-api-key": "pk_forged" })
      for (const body of [{}, { email: "" }, { email: "nope" }, { email: 5 }, { email: ["a@b.jp"] }, { email: `${"x".repeat(400)}@b.jp` }, { email: "a@b.jp", source_url: "javascript:alert(1)" }, { email: "a@b.jp", source_url: 5 }, { email: "a@b.jp", status: "subscribed" }, [{ email: "a@b.jp" }], { email: INJECTIONS[0] }]) {
        add("signup body", "post", signupUrl, body, keyOnly)
      }
      add("signup bad json", "post", signupUrl, '{"email":', { ...keyOnly, "content-type": "application/json" })
      add("signup huge body", "post", signupUrl, { email: "a@b.jp", source_url: `https://shop.example.jp/${"x".repeat(20_000)}` }, keyOnly)
      add("confirm no key", "post", confirmUrl, { token: "a.b.c" }, {})
      for (const body of [{}, { token: "" }, { token: 5 }, { token: "forged" }, { token: "a.b.c" }, { token: "eyJwdXJwb3NlIjoiY29uZmlybSIsInEiOiJubHNyZXFfMSJ9.AAAA" }, { token: INJECTIONS[1] }, { token: "x".repeat(5000) }, { token: "a.b.c", email: "a@b.jp" }]) {
        add("confirm body", "post", confirmUrl, body, keyOnly)
      }
      for (const token of ["garbage", "a.b.c", encodeURIComponent(INJECTIONS[2])]) {
        add("confirm page forged", "get", `/hooks/newsletter/confirm/${token}`, undefined, {})
        add("confirm page forged", "post", `/hooks/newsletter/confirm/${token}`, "", {
          "content-type": "application/x-www-form-urlencoded",
        })
      }
      // Hooks.
      const event = JSON.stringify({ type: "email.delivered", created_at: new Date().toISOString(), data: { email_id: "em_1" } })
      const signed = signWebhook(event)
      add("webhook unsigned", "post", "/hooks/newsletter/resend", event, { "content-type": "application/json" })
      add("webhook bad signature", "post", "/hooks/newsletter/resend", event, { ...signed, "svix-signature": "v1,AAAA" })
      add("webhook wrong secret", "post", "/hooks/newsletter/resend", event, signWebhook(event, { secret: "whsec_" + Buffer.from("wrong-secret-0000000000").toString("base64") }))
      add("webhook stale", "post", "/hooks/newsletter/resend", event, signWebhook(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 }))
      add("webhook future", "post", "/hooks/newsletter/resend", event, signWebhook(event, { timestamp: Math.floor(Date.now() / 1000) + 3600 }))
      add("webhook tampered", "post", "/hooks/newsletter/resend", event.replace("delivered", "bounced"), signed)
      add("webhook bad json", "post", "/hooks/newsletter/resend", "{not json", signWebhook("{not json"))
      add("webhook not an event", "post", "/hooks/newsletter/resend", '{"hello":1}', signWebhook('{"hello":1}'))
      add("webhook huge", "post", "/hooks/newsletter/resend", JSON.stringify({ type: "email.opened", data: { pad: "x".repeat(400 * 1024) } }), {})
      for (const token of ["garbage", "a.b", "eyJwdXJwb3NlIjoidW5zdWJzY3JpYmUiLCJyIjoibmxyY3BfMSJ9.AAAA", encodeURIComponent(INJECTIONS[1])]) {
        add("unsubscribe forged", "get", `/hooks/newsletter/unsubscribe/${token}`, undefined, {})
        add("unsubscribe forged", "post", `/hooks/newsletter/unsubscribe/${token}`, "List-Unsubscribe=One-Click", {
          "content-type": "application/x-www-form-urlencoded",
        })
        // The page's reason and subscribe-again forms (a forged link: nothing is read or written).
        add("unsubscribe reason forged", "post", `/hooks/newsletter/unsubscribe/${token}/reason`, "reason=too_many", {
          "content-type": "application/x-www-form-urlencoded",
        })
        add("resubscribe forged", "post", `/hooks/newsletter/unsubscribe/${token}/resubscribe`, "", {
          "content-type": "application/x-www-form-urlencoded",
        })
      }

      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const fingerprint = async () => {
        const parts: string[] = []
        for (const table of PLUGIN_TABLES) {
          const { rows } = await knex.raw(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS h FROM "${table}" t`)
          parts.push(`${table}:${rows[0].n}:${rows[0].h}`)
        }
        return parts
      }
      const before = await fingerprint()

      const answers = []
      for (const c of cases) {
        const response = await api.request({
          method: c.method,
          url: c.url,
          data: c.body,
          headers: c.headers,
          validateStatus: () => true,
          maxBodyLength: Infinity,
          maxContentLength: Infinity,
          transformRequest: typeof c.body === "string" ? [(d) => d] : undefined,
        })
        const message =
          typeof response.data === "string" ? response.data : response.data?.message
        answers.push({ ...c, status: response.status, message })
      }
      const after = await fingerprint()

      const wrong = answers
        .filter((a) => a.status < 400 || a.status >= 500 || typeof a.message !== "string" || !a.message.trim())
        .map((a) => `${a.name}: ${a.method.toUpperCase()} ${a.url.slice(0, 80)} → ${a.status} ${String(a.message).slice(0, 120)}`)
      const byStatus = answers.reduce<Record<number, number>>((acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }), {})
      report("malformed requests", { requests: answers.length, ...Object.fromEntries(Object.entries(byStatus).map(([k, v]) => [`http${k}`, v])), wrong: wrong.length })
      expect(answers.length).toBeGreaterThanOrEqual(200)
      expect(wrong).toEqual([])
      expect(after).toEqual(before)
    })
  },
})
