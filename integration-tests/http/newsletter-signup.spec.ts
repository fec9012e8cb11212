import { asValue } from "@medusajs/framework/awilix"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { NEWSLETTER_CLOCK } from "../../src/lib/clock"
import { resolveLinkKeys } from "../../src/lib/dispatch/links"
import { signLinkToken } from "../../src/lib/tokens"
import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import type NewsletterModuleService from "../../src/modules/newsletter/service"
import newsletterSignupMailsJob from "../../src/jobs/newsletter-signup-mails"
import { createAdminHeaders, createCustomerHeaders, createPublishableKey } from "../helpers/auth"
import { movableClock } from "../helpers/seed"
import { useResendStandin } from "../helpers/standin"
import { tokyo } from "../helpers/time"
import { startWorker } from "../helpers/workers"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(240 * 1000)

const stand = useResendStandin()

const SIGNUP = "/store/newsletter-subscriptions"
const CONFIRM = "/store/newsletter-subscriptions/confirm"
const LINK = /http:\/\/localhost:9000\/hooks\/newsletter\/confirm\/([A-Za-z0-9_.-]+)/

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let clock: ReturnType<typeof movableClock>
    let service: NewsletterModuleService
    let publishableKey: string
    let admin: { headers: Record<string, string> }

    beforeEach(async () => {
      const container = getContainer()
      clock = movableClock()
      container.register(NEWSLETTER_CLOCK, asValue(clock))
      service = container.resolve(NEWSLETTER_MODULE)
      publishableKey = await createPublishableKey(container)
      admin = await createAdminHeaders(container)
      stand.standin.reset()
    })

    const knex = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const storeHeaders = (userAgent = "SignupBrowser/1.0") => ({
      "x-publishable-api-key": publishableKey,
      "user-agent": userAgent,
    })
    const answer = (promise: Promise<any>) =>
      promise.then(
        (r) => ({ status: r.status, data: r.data, headers: r.headers }),
        (e) => ({ status: e.response.status, data: e.response.data, headers: e.response.headers })
      )
    /** The pending requests whose confirmation mail is still owed (neither handed over nor refused). */
    const owedRows = async () =>
      (
        await knex()("newsletter_signup_request")
          .whereNull("mail_sent_at")
          .whereNull("confirmed_at")
          .whereNull("deleted_at")
          .select("email")
      ).map((r: any) => r.email)
    /** Waits, at most 15 s, until every owed confirmation mail left (the mail leaves after the 202). */
    const mailsSettled = async () => {
      const end = Date.now() + 15_000
      for (let owed = await owedRows(); owed.length; owed = await owedRows()) {
        if (Date.now() > end) {
          throw new Error(`confirmation mails still owed after 15 s: ${owed.join(", ")}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
    const postSignup = (email: string, extra: Record<string, unknown> = {}) =>
      answer(api.post(SIGNUP, { email, ...extra }, { headers: storeHeaders() }))
    /** A signup, once its confirmation mail (if any) has reached the stand-in or was refused. */
    const signup = async (email: string, extra: Record<string, unknown> = {}) => {
      const answered = await postSignup(email, extra)
      await mailsSettled()
      return answered
    }
    const confirm = (token: string, userAgent = "ConfirmBrowser/2.0") =>
      answer(api.post(CONFIRM, { token }, { headers: storeHeaders(userAgent) }))
    const mailsTo = (email: string) => stand.standin.messages.filter((m) => m.to[0] === email)
    const tokenIn = (mail: { text?: string }) => LINK.exec(mail.text ?? "")![1]
    const requestRows = async (email?: string) =>
      knex()("newsletter_signup_request")
        .where(email ? { email } : {})
        .select("email", "confirmed_at")
    const subscriptionRows = async () =>
      (await knex()("newsletter_subscription").select("email", "status", "opt_in_level").orderBy("email")).map(
        (r: any) => [r.email, r.status, r.opt_in_level]
      )
    const setStatus = (email: string, status: any, source: any) =>
      service.changeNewsletterSubscription({ email, status, source })
    const ACCEPTED = { status: 202, data: { accepted: true } }

    describe("POST /store/newsletter-subscriptions", () => {
      it("should answer the same 202 for a new, pending, subscribed, unsubscribed, cleaned and complained address, mailing only where it should", async () => {
        await setStatus("subscribed@example.jp", "subscribed", "admin")
        await setStatus("unsubscribed@example.jp", "subscribed", "admin")
        await setStatus("unsubscribed@example.jp", "unsubscribed", "unsubscribe_link")
        await setStatus("cleaned@example.jp", "cleaned", "bounce")
        await setStatus("complained@example.jp", "subscribed", "admin")
        await setStatus("complained@example.jp", "unsubscribed", "complaint")
        const before = await subscriptionRows()

        const answers = []
        for (const email of [
          "New@Example.jp",
          "new@example.jp", // pending: asked 0 minutes ago
          "subscribed@example.jp",
          "unsubscribed@example.jp",
          "cleaned@example.jp",
          "complained@example.jp",
        ]) {
          const { status, data } = await signup(email)
          answers.push({ status, data })
        }
        expect(answers).toEqual(Array(6).fill(ACCEPTED))

        // One mail to the new address (the second signup was within 10 minutes), one to the
        // unsubscribed one; none to the others.
        expect(stand.standin.messages.map((m) => m.to[0]).sort()).toEqual(["new@example.jp", "unsubscribed@example.jp"])
        expect((await requestRows()).map((r: any) => r.email).sort()).toEqual([
          "new@example.jp",
          "unsubscribed@example.jp",
        ])
        // A signup changes no subscription: the new address has none until it confirms.
        expect(await subscriptionRows()).toEqual(before)

        const [mail] = mailsTo("new@example.jp")
        expect(mail.subject).toEqual("【テストショップ】メールマガジン登録の確認")
        expect(mail.from).toEqual("テストショップ <news@shop.example>")
        const token = tokenIn(mail)
        expect(mail.text).toContain(`http://localhost:9000/hooks/newsletter/confirm/${token}`)
        expect(mail.text).toContain("住所: 東京都千代田区1-1-1")
        expect(mail.html).toContain(`<a href="http://localhost:9000/hooks/newsletter/confirm/${token}"`)
        expect(mail.idempotencyKey).toMatch(/^newsletter-signup\/nlsreq_/)
      })

      it("should send at most one confirmation mail per 10 minutes and 5 a day per address, silently", async () => {
        const sent: number[] = []
        for (let i = 0; i < 8; i++) {
          expect(await signup("taro@example.jp").then(({ status, data }) => ({ status, data }))).toEqual(ACCEPTED)
          sent.push(mailsTo("taro@example.jp").length)
          // 9 minutes: too soon; then 10 more minutes.
          clock.advanceMinutes(i % 2 === 0 ? 9 : 10)
        }
        // Mails at 0, 19, 38 and 57 minutes; the signups 9 minutes after each send nothing.
        expect(sent).toEqual([1, 1, 2, 2, 3, 3, 4, 4])
        for (let i = 0; i < 4; i++) {
          clock.advanceMinutes(10)
          await signup("taro@example.jp")
        }
        expect(mailsTo("taro@example.jp")).toHaveLength(5)
        // A day after the first mail, one more may go out.
        clock.set(new Date(clock.now().getTime() + 24 * 60 * 60_000))
        await signup("taro@example.jp")
        expect(mailsTo("taro@example.jp")).toHaveLength(6)
      })

      it("should answer 429 with retry-after and a code past the per-IP limit, and accept again after the window", async () => {
        for (let i = 0; i < 20; i++) {
          expect((await signup(`guest${i}@example.jp`)).status).toEqual(202)
        }
        clock.advanceMinutes(4)
        const refused = await signup("guest20@example.jp")
        expect([refused.status, refused.headers["retry-after"], refused.data]).toEqual([
          429,
          "360",
          {
            type: "not_allowed",
            code: "signup_rate_limited",
            message: "Too many signup requests from this address; try again in 360 seconds",
            params: { retry_after_seconds: 360 },
          },
        ])
        expect(mailsTo("guest20@example.jp")).toHaveLength(0)
        expect(await requestRows("guest20@example.jp")).toHaveLength(0)

        clock.advanceMinutes(6)
        expect((await signup("guest20@example.jp")).status).toEqual(202)
        expect(mailsTo("guest20@example.jp")).toHaveLength(1)
      })

      it("should hold both limits across two processes: a second Medusa process counts in the same tables", async () => {
        // The address this server sees the test's requests come from.
        await signup("first@example.jp")
        const [{ key }] = await knex()("newsletter_rate_limit").select("key")
        const ip = key.replace(/^signup-ip:/, "")

        // Another Medusa process (npx medusa exec) runs the same signup workflow 18 times from that IP:
        // one mail to shared@example.jp, nothing more to it (10 minutes), and 16 others.
        const emails = ["shared@example.jp", "shared@example.jp", ...Array.from({ length: 16 }, (_, i) => `w${i}@example.jp`)]
        const worker = startWorker(
          {
            DATABASE_URL: getContainer().resolve("configModule").projectConfig.databaseUrl,
            RESEND_STANDIN_URL: stand.standin.url,
            SIGNUP_EMAILS: emails.join(","),
            SIGNUP_IP: ip,
          },
          "./integration-tests/scripts/signup-worker.ts"
        )
        expect(await worker.exited).toEqual(0)
        const outcomes = JSON.parse(/SIGNUP_OUTCOMES (.*)/.exec(worker.output())![1])
        expect(outcomes).toEqual(Array(18).fill("accepted"))
        // That process may have stopped before its subscriber sent every mail: the every-minute
        // job sends what it left owed (5 minutes on: past the job's minute, inside the 10).
        clock.advanceMinutes(5)
        await newsletterSignupMailsJob(getContainer())
        await mailsSettled()
        expect(mailsTo("shared@example.jp")).toHaveLength(1)

        // This process: the address had its mail from the other process minutes ago (202, no
        // mail); the IP's 20th request is the last one accepted, the 21st is refused.
        expect(await signup("shared@example.jp").then(({ status }) => status)).toEqual(202)
        expect(mailsTo("shared@example.jp")).toHaveLength(1)
        expect(await signup("other@example.jp").then(({ status }) => status)).toEqual(429)
        const [{ hits }] = await knex()("newsletter_rate_limit").select("hits")
        expect(hits).toEqual(21)
        // 20 minutes later on this process's clock (the other process stamped its mail with the
        // real time, less than its boot later than this clock's start): a new window and a new mail.
        clock.advanceMinutes(20)
        expect(await signup("shared@example.jp").then(({ status }) => status)).toEqual(202)
        expect(mailsTo("shared@example.jp")).toHaveLength(2)
      })

      it("should answer a new and a subscribed address with the same work: the mail leaves after the 202", async () => {
        await setStatus("member@example.jp", "subscribed", "admin")
        // The stand-in takes 3 s over the mail: sent inside the request, it would be in before the 202.
        stand.standin.fault({ type: "delay", ms: 3000, times: 1 })
        const fresh = await postSignup("fresh@example.jp")
        const freshMailsAtAnswer = stand.standin.messages.length
        const member = await postSignup("member@example.jp")
        const memberMailsAtAnswer = stand.standin.messages.length
        expect([fresh.status, fresh.data, freshMailsAtAnswer]).toEqual([202, { accepted: true }, 0])
        expect([member.status, member.data, memberMailsAtAnswer]).toEqual([202, { accepted: true }, 0])
        // At the answers the new address's request is recorded, its mail owed; then it leaves.
        expect(await owedRows()).toEqual(["fresh@example.jp"])
        await mailsSettled()
        expect(stand.standin.messages.map((m) => m.to[0])).toEqual(["fresh@example.jp"])
      })

      it("should have the every-minute job send a confirmation mail a stopped process left owed, once", async () => {
        // A request recorded without its event, as by a process that stopped after answering.
        const { request_id } = await service.recordNewsletterSignupRequest({
          email: "orphan@example.jp",
          ip: null,
          user_agent: null,
          source_url: null,
          now: clock.now(),
          expires_at: new Date(clock.now().getTime() + 72 * 60 * 60_000),
        })
        await newsletterSignupMailsJob(getContainer())
        // Less than a minute old: the subscriber may still be at it.
        expect([mailsTo("orphan@example.jp").length, await owedRows()]).toEqual([0, ["orphan@example.jp"]])

        clock.advanceMinutes(2)
        await newsletterSignupMailsJob(getContainer())
        await newsletterSignupMailsJob(getContainer())
        expect([mailsTo("orphan@example.jp").length, await owedRows()]).toEqual([1, []])
        expect(mailsTo("orphan@example.jp")[0].idempotencyKey).toEqual(`newsletter-signup/${request_id}`)
        expect((await confirm(tokenIn(mailsTo("orphan@example.jp")[0]))).status).toEqual(200)
      })

      it("should keep no request when the confirmation mail is refused, so the address may sign up again at once", async () => {
        stand.standin.fault({ type: "reject", addresses: ["bounce@example.jp"] })
        expect(await signup("bounce@example.jp").then(({ status, data }) => ({ status, data }))).toEqual(ACCEPTED)
        expect(mailsTo("bounce@example.jp")).toHaveLength(0)
        expect(await requestRows()).toHaveLength(0)

        stand.standin.clearFaults()
        expect((await signup("bounce@example.jp")).status).toEqual(202)
        expect(mailsTo("bounce@example.jp")).toHaveLength(1)
        expect(await requestRows("bounce@example.jp")).toHaveLength(1)
      })

      it("should refuse a malformed body with the field's code and record nothing", async () => {
        const wrong = await answer(
          api.post(SIGNUP, { email: "not-an-address", source_url: "javascript", extra: 1 }, { headers: storeHeaders() })
        )
        expect([wrong.status, wrong.data.code, wrong.data.errors]).toEqual([
          400,
          "invalid_request",
          [
            { path: "email", code: "invalid_format", params: { format: "email" } },
            { path: "source_url", code: "invalid_format", params: { format: "url" } },
            { path: "", code: "unknown_fields", params: { keys: ["extra"] } },
          ],
        ])
        const withoutKey = await answer(api.post(SIGNUP, { email: "a@example.jp" }))
        expect(withoutKey.status).toEqual(400)
        expect(await requestRows()).toHaveLength(0)
        expect(stand.standin.messages).toHaveLength(0)
      })
    })

    describe("confirming", () => {
      it("should subscribe a confirmed address once, with the consent evidence in the history and the CSV", async () => {
        const requestedAt = clock.now()
        await signup("hanako@example.jp", { source_url: "https://shop.example.jp/footer" })
        const token = tokenIn(mailsTo("hanako@example.jp")[0])
        clock.advanceMinutes(5)
        const confirmedAt = clock.now()

        const confirmed = await confirm(token)
        expect([confirmed.status, confirmed.data]).toEqual([
          200,
          { newsletter_subscription: { email: "hanako@example.jp", status: "subscribed", opt_in_level: "confirmed" } },
        ])
        const used = await confirm(token)
        expect([used.status, used.data]).toEqual([
          409,
          {
            type: "conflict",
            code: "confirmation_token_used",
            message: "The confirmation link was already used",
            params: {},
          },
        ])

        const list = (await api.get("/admin/newsletter-subscriptions", { headers: admin.headers })).data
        expect(list.newsletter_subscriptions.map((s: any) => [s.email, s.status, s.opt_in_level])).toEqual([
          ["hanako@example.jp", "subscribed", "confirmed"],
        ])
        const detail = (
          await api.get(`/admin/newsletter-subscriptions/${list.newsletter_subscriptions[0].id}`, {
            headers: admin.headers,
          })
        ).data.newsletter_subscription
        const [{ key }] = await knex()("newsletter_rate_limit").select("key")
        const ip = key.replace(/^signup-ip:/, "")
        expect(detail.history).toEqual([
          {
            id: expect.any(String),
            from_status: null,
            to_status: "subscribed",
            source: "signup_confirmation",
            reason: null,
            reason_code: null,
            params: null,
            newsletter_id: null,
            actor_id: null,
            consented_at: confirmedAt.toISOString(),
            evidence: {
              requested_at: requestedAt.toISOString(),
              confirmed_at: confirmedAt.toISOString(),
              request_ip: ip,
              request_user_agent: "SignupBrowser/1.0",
              confirm_ip: ip,
              confirm_user_agent: "ConfirmBrowser/2.0",
              source_url: "https://shop.example.jp/footer",
            },
            created_at: expect.any(String),
          },
        ])

        const csv = (await api.get("/admin/newsletter-subscriptions/export?lang=en", { headers: admin.headers })).data
        expect(csv.split("\r\n")[1]).toEqual(
          `"hanako@example.jp",,,,,"subscribed",0,"${tokyo(confirmedAt)}",` +
            `"${tokyo(new Date(detail.history[0].created_at))}","signup_confirmation","confirmed",` +
            `"${tokyo(requestedAt)}","${ip}","ConfirmBrowser/2.0","https://shop.example.jp/footer"`
        )

        // A guest who registers later keeps the consent: one record per address.
        const registered = await createCustomerHeaders(getContainer(), publishableKey, { email: "hanako@example.jp" })
        const mine = (
          await api.get(`/admin/customers/${registered.customer.id}/newsletter-subscription`, { headers: admin.headers })
        ).data.newsletter_subscription
        expect([mine.id, mine.status, mine.opt_in_level, mine.history.length]).toEqual([
          detail.id,
          "subscribed",
          "confirmed",
          1,
        ])
        // Signing up again while subscribed: the same 202, no mail.
        expect((await signup("hanako@example.jp")).status).toEqual(202)
        expect(mailsTo("hanako@example.jp")).toHaveLength(1)
      })

      it("should refuse an expired link with 410 and leave no subscription", async () => {
        await signup("late@example.jp")
        const token = tokenIn(mailsTo("late@example.jp")[0])
        clock.advanceMinutes(72 * 60)
        const expired = await confirm(token)
        expect([expired.status, expired.data.code]).toEqual([410, "confirmation_token_expired"])
        const page = await answer(api.get(`/hooks/newsletter/confirm/${token}`))
        expect([page.status, page.data.includes("有効期限が切れています")]).toEqual([410, true])
        expect(await subscriptionRows()).toEqual([])

        // The every-minute job deletes the expired request (kept a day for the per-address limits).
        clock.advanceMinutes(1)
        expect(await service.purgeNewsletterSignupRecords({ before: clock.now(), limit: 100 })).toEqual({
          requests: 1,
          counters: 1,
        })
        expect(await requestRows()).toHaveLength(0)
      })

      it("should refuse a forged, altered or foreign token with 400 and change nothing", async () => {
        await signup("taro@example.jp")
        const token = tokenIn(mailsTo("taro@example.jp")[0])
        const [kid, payload, signature] = token.split(".")
        const keys = resolveLinkKeys(getContainer(), await service.getOptions())
        const forged = [
          `${kid}.${payload}.${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`,
          // Another expiry with the old signature.
          `${kid}.${Buffer.from(JSON.stringify({ exp: 9999999999, purpose: "confirm", q: "nlsreq_x" })).toString("base64url")}.${signature}`,
          // Signed for the unsubscribe link.
          signLinkToken({ purpose: "unsubscribe", q: JSON.parse(Buffer.from(payload, "base64url").toString()).q }, keys),
          "nonsense",
        ]
        for (const bad of forged) {
          const refused = await confirm(bad)
          expect([refused.status, refused.data]).toEqual([
            400,
            {
              type: "invalid_data",
              code: "confirmation_token_invalid",
              message: "The confirmation link is not valid",
              params: {},
            },
          ])
        }
        expect(await subscriptionRows()).toEqual([])
        expect((await requestRows()).map((r: any) => r.confirmed_at)).toEqual([null])
      })

      it("should confirm through the plugin's own page: GET shows a button, POST confirms once", async () => {
        await signup("page@example.jp")
        const token = tokenIn(mailsTo("page@example.jp")[0])
        const shown = await answer(api.get(`/hooks/newsletter/confirm/${token}`))
        expect([shown.status, shown.data.includes('<form method="post"><button type="submit">登録を完了する</button>')]).toEqual([
          200,
          true,
        ])
        // A GET (a link scanner's prefetch) confirms nothing.
        expect(await subscriptionRows()).toEqual([])

        const done = await answer(api.post(`/hooks/newsletter/confirm/${token}`, ""))
        expect([done.status, done.data.includes("page@example.jp へのメールマガジンの配信を開始します")]).toEqual([200, true])
        expect(await subscriptionRows()).toEqual([["page@example.jp", "subscribed", "confirmed"]])
        const again = await answer(api.post(`/hooks/newsletter/confirm/${token}`, ""))
        expect([again.status, again.data.includes("使用済み")]).toEqual([409, true])
        const forged = await answer(api.get(`/hooks/newsletter/confirm/${token}x`))
        expect([forged.status, forged.data.includes("このリンクは無効です")]).toEqual([400, true])
      })

      it("should re-subscribe an unsubscribed address only through a new confirmation, and never a cleaned one", async () => {
        await setStatus("back@example.jp", "subscribed", "admin")
        await setStatus("back@example.jp", "unsubscribed", "unsubscribe_link")
        await signup("back@example.jp")
        expect(await subscriptionRows()).toEqual([["back@example.jp", "unsubscribed", "single"]])
        expect((await confirm(tokenIn(mailsTo("back@example.jp")[0]))).status).toEqual(200)
        expect(await subscriptionRows()).toEqual([["back@example.jp", "subscribed", "confirmed"]])

        // Cleaned between the signup and the click: the confirmation is refused and nothing changes.
        await signup("gone@example.jp")
        await setStatus("gone@example.jp", "cleaned", "bounce")
        const refused = await confirm(tokenIn(mailsTo("gone@example.jp")[0]))
        expect([refused.status, refused.data.code]).toEqual([400, "subscription_address_cleaned"])
        expect((await subscriptionRows())[1]).toEqual(["gone@example.jp", "cleaned", "single"])
        expect((await requestRows("gone@example.jp")).map((r: any) => r.confirmed_at)).toEqual([null])
      })

      it("should record a logged-in customer's subscription as single opt-in", async () => {
        const customer = await createCustomerHeaders(getContainer(), publishableKey, { email: "me@example.jp" })
        await api.post("/store/customers/me/newsletter-subscription", { subscribed: true }, { headers: customer.headers })
        const view = (
          await api.get(`/admin/customers/${customer.customer.id}/newsletter-subscription`, { headers: admin.headers })
        ).data.newsletter_subscription
        expect([view.status, view.opt_in_level, view.history[0].evidence]).toEqual(["subscribed", "single", null])
      })
    })
  },
})
