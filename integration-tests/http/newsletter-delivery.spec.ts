import { Modules } from "@medusajs/framework/utils"
import { TestEventUtils } from "@medusajs/test-utils"
import dispatchNewslettersJob from "../../src/jobs/dispatch-newsletters"
import newsletterDeliveryEffectsJob from "../../src/jobs/newsletter-delivery-effects"
import { seedSubscribers } from "../helpers/seed"
import { useResendStandin } from "../helpers/standin"
import { useNewsletterSuite } from "../helpers/suite"
import { resendEvent, signWebhook } from "../helpers/webhooks"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(180 * 1000)

const stand = useResendStandin()
const HOOK = "/hooks/newsletter/resend"
// 2026-11-27 12:00 UTC = 21:00 in Tokyo.
const TOKYO_2059_59 = new Date("2026-11-27T11:59:59.000Z")

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const suite = useNewsletterSuite(getContainer, api, stand, {
      clockStart: () => new Date("2026-11-27T01:00:00.000Z"),
    })

    const reserveAt = async (scheduledAt: Date, overrides: Record<string, unknown> = {}) =>
      (await suite.reserveArticle({ scheduled_at: scheduledAt.toISOString(), ...overrides })).id

    /** Reserves an article 10 minutes ahead and sends it through the stand-in. */
    const sendArticle = async (overrides: Record<string, unknown> = {}) => {
      const id = await reserveAt(new Date(suite.clock.now().getTime() + 10 * 60_000), overrides)
      suite.clock.advanceMinutes(11)
      await dispatchNewslettersJob(getContainer())
      const messages = suite.messagesFor(id)
      const to = (email: string) => messages.find((m) => m.to[0] === email)!
      return { id, messages, to }
    }

    const post = (event: object, options: Parameters<typeof signWebhook>[1] = {}) => {
      const body = JSON.stringify(event)
      return api.post(HOOK, body, { headers: signWebhook(body, options) }).catch((e) => e.response)
    }

    const figures = async (id: string) => {
      const [n] = await suite.service.listNewsletters({ id })
      return {
        status: n.status,
        succeeded: n.succeeded_count,
        failed: n.failed_count,
        unsent: n.unsent_count,
        skipped: n.skipped_count,
        delivered: n.delivered_count,
        opened: n.opened_count,
        clicked: n.clicked_count,
        complained: n.complained_count,
        awaiting: n.awaiting_count,
        unknown: n.unknown_count,
      }
    }

    const subscriptionStatus = async (email: string) =>
      (await suite.service.listNewsletterSubscriptions({ email }))[0]?.status

    describe("signature", () => {
      it("should accept a valid signature and refuse a flipped byte, a wrong secret, a stale or missing one", async () => {
        await seedSubscribers(getContainer(), 1)
        const { id, messages } = await sendArticle()
        const event = resendEvent("email.delivered", messages[0])
        const body = JSON.stringify(event)
        const valid = signWebhook(body)

        const flipped = { ...valid, "svix-signature": valid["svix-signature"].replace(/.(=*)$/, (c, pad) => (c[0] === "A" ? "B" : "A") + pad) }
        const wrongSecret = signWebhook(body, { secret: "whsec_" + Buffer.from("another-secret-key-000000000000").toString("base64") })
        const stale = signWebhook(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })
        const { "svix-signature": _, ...missing } = valid
        for (const h of [flipped, wrongSecret, stale, missing]) {
          const response = await api.post(HOOK, body, { headers: h }).catch((e) => e.response)
          expect([response.status, response.data]).toEqual([
            401,
            {
              type: "unauthorized",
              code: "webhook_signature_invalid",
              message: "Invalid or expired webhook signature",
              params: {},
            },
          ])
        }
        const tampered = await api
          .post(HOOK, body.replace("email.delivered", "email.bounced"), { headers: valid })
          .catch((e) => e.response)
        expect([tampered.status, tampered.data.code]).toEqual([401, "webhook_signature_invalid"])
        expect((await figures(id)).delivered).toEqual(0)

        const accepted = await api.post(HOOK, body, { headers: valid })
        expect([accepted.status, accepted.data]).toEqual([200, { received: true, applied: true }])
        expect((await figures(id)).delivered).toEqual(1)
      })

      it("should acknowledge, log and ignore events for mail the plugin did not send", async () => {
        const info = jest.spyOn(getContainer().resolve("logger"), "info")
        const response = await post(resendEvent("email.delivered", { id: "re_other", to: ["x@example.jp"] }), {
          id: "msg_other_1",
        })
        expect([response.status, response.data]).toEqual([200, { received: true, applied: false }])
        expect(info).toHaveBeenCalledWith(
          "Resend webhook msg_other_1: email.delivered about mail the newsletter did not send (email id re_other); acknowledged, nothing changed"
        )
        info.mockRestore()
      })

      it("should acknowledge and log a signed event of a type it doesn't read, whatever its data", async () => {
        const info = jest.spyOn(getContainer().resolve("logger"), "info")
        const response = await post({ type: "contact.updated", data: { tags: 5, bounce: "x" } }, { id: "msg_contact_1" })
        const sent = await post({ type: "email.sent", data: {} }, { id: "msg_sent_1" })
        expect([response.status, response.data, sent.status, sent.data]).toEqual([
          200,
          { received: true, applied: false },
          200,
          { received: true, applied: false },
        ])
        // email.sent is expected (the worker records sends itself): no log line for it.
        expect(info.mock.calls.map(([message]) => message).filter((m) => String(m).startsWith("Resend webhook"))).toEqual([
          'Resend webhook msg_contact_1: event type "contact.updated" is not a delivery report; acknowledged, nothing changed',
        ])
        info.mockRestore()
      })

      it("should refuse a signed body that is not an event", async () => {
        const response = await post({ hello: "world" })
        expect([response.status, response.data.message, response.data.code, response.data.errors]).toEqual([
          400,
          "Invalid webhook event: type is required; data is required",
          "invalid_webhook_event",
          [
            { path: "type", code: "required", params: {} },
            { path: "data", code: "required", params: {} },
          ],
        ])
      })
    })

    describe("reports", () => {
      const scenario = (to: (email: string) => any) => [
        resendEvent("email.sent", to("taro001@example.jp")),
        resendEvent("email.delivered", to("taro001@example.jp")),
        resendEvent("email.opened", to("taro001@example.jp")),
        resendEvent("email.clicked", to("taro001@example.jp")),
        resendEvent("email.delivered", to("taro002@example.jp")),
        resendEvent("email.bounced", to("taro002@example.jp"), {
          bounce: { type: "Permanent", subType: "General", message: "The recipient's mailbox does not exist" },
        }),
        resendEvent("email.bounced", to("taro003@example.jp"), {
          bounce: { type: "Transient", subType: "MailboxFull", message: "Mailbox full" },
        }),
        resendEvent("email.delivered", to("taro004@example.jp")),
        resendEvent("email.complained", to("taro004@example.jp")),
        resendEvent("email.delivery_delayed", to("taro005@example.jp")),
        resendEvent("email.failed", to("taro005@example.jp"), { failed: { reason: "Delivery timed out" } }),
        resendEvent("email.suppressed", to("taro006@example.jp"), {
          suppressed: { type: "OnAccountSuppressionList", message: "Suppressed" },
        }),
      ]
      const expected = {
        status: "aggregated",
        succeeded: 2,
        failed: 4,
        unsent: 0,
        skipped: 0,
        delivered: 2,
        opened: 1,
        clicked: 1,
        complained: 1,
        awaiting: 0,
        unknown: 0,
      }

      /** Every event signed once and delivered twice: a repeat is the same delivery (same svix-id). */
      const signedTwice = (events: object[]) =>
        events.flatMap((event) => {
          const body = JSON.stringify(event)
          const signed = signWebhook(body)
          return [{ body, signed }, { body, signed }]
        })

      it("should count every kind of report, clean and unsubscribe customers (S16), and aggregate", async () => {
        await seedSubscribers(getContainer(), 6)
        const { id, to } = await sendArticle()
        for (const event of scenario(to)) {
          expect((await post(event)).status).toEqual(200)
        }
        expect(await figures(id)).toEqual(expected)

        const recipients = await suite.service.listNewsletterRecipients({ newsletter_id: id }, { order: { position: "ASC" } })
        expect(recipients.map((r) => [r.email, r.status, r.error_type])).toEqual([
          ["taro001@example.jp", "sent", null],
          ["taro002@example.jp", "failed", "permanent"],
          ["taro003@example.jp", "failed", "transient"],
          ["taro004@example.jp", "sent", null],
          ["taro005@example.jp", "failed", "failed"],
          ["taro006@example.jp", "failed", "suppressed"],
        ])
        expect(await Promise.all([1, 2, 3, 4, 5, 6].map((n) => subscriptionStatus(`taro00${n}@example.jp`)))).toEqual([
          "subscribed",
          "cleaned",
          "subscribed",
          "unsubscribed",
          "subscribed",
          "cleaned",
        ])
        const [cleaned] = await suite.service.listNewsletterSubscriptions({ email: "taro002@example.jp" }, { relations: ["events"] })
        const entry = cleaned.events.find((e) => e.to_status === "cleaned")!
        expect([entry.source, entry.newsletter_id, entry.reason, entry.reason_code, entry.params]).toEqual([
          "bounce",
          id,
          null,
          "bounce",
          { error_type: "permanent", provider_reason: "Permanent: General: The recipient's mailbox does not exist" },
        ])

        // Cleaned and unsubscribed customers are left out of the next reservation.
        const next = await reserveAt(new Date(suite.clock.now().getTime() + 10 * 60_000))
        const snapshot = await suite.service.listNewsletterRecipients({ newsletter_id: next })
        expect(snapshot.map((r) => r.email).sort()).toEqual([
          "taro001@example.jp",
          "taro003@example.jp",
          "taro005@example.jp",
        ])
      })

      it("should end in the same state with every event twice, in shuffled order", async () => {
        await seedSubscribers(getContainer(), 6)
        const { id, to } = await sendArticle()
        const deliveries = signedTwice(scenario(to))
        // A fixed shuffle (Park–Miller), so a failure can be replayed.
        let seed = 42
        const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
        for (let i = deliveries.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1))
          ;[deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]]
        }
        for (const { body, signed } of deliveries) {
          expect((await api.post(HOOK, body, { headers: signed })).status).toEqual(200)
        }
        expect(await figures(id)).toEqual(expected)
      })

      it("should end in the same state with every event twice, all in flight at once", async () => {
        await seedSubscribers(getContainer(), 6)
        const { id, to } = await sendArticle()
        const deliveries = signedTwice(scenario(to))
        const responses = await Promise.all(deliveries.map(({ body, signed }) => api.post(HOOK, body, { headers: signed })))
        expect(responses.map((r) => r.status)).toEqual(deliveries.map(() => 200))
        expect(await figures(id)).toEqual(expected)
        expect(
          await Promise.all([1, 2, 3, 4, 5, 6].map((n) => subscriptionStatus(`taro00${n}@example.jp`)))
        ).toEqual(["subscribed", "cleaned", "subscribed", "unsubscribed", "subscribed", "cleaned"])
      })

      it("should apply reports arriving at once exactly: each once, bounces after deliveries, repeats ignored", async () => {
        await seedSubscribers(getContainer(), 20)
        const { id, to } = await sendArticle()
        const email = (n: number) => `taro${String(n).padStart(3, "0")}@example.jp`
        const sign = (event: object) => {
          const body = JSON.stringify(event)
          return { body, signed: signWebhook(body) }
        }
        const numbers = Array.from({ length: 20 }, (_, i) => i + 1)
        const delivered = numbers.map((n) => sign(resendEvent("email.delivered", to(email(n)))))
        // In flight together, so that groups hold a delivery and the bounce of the same mail.
        const deliveries = [
          ...numbers.flatMap((n) => [
            delivered[n - 1],
            ...(n > 15
              ? [sign(resendEvent("email.bounced", to(email(n)), { bounce: { type: "Permanent", message: "No such user" } }))]
              : []),
          ]),
          // Resend retrying the first five deliveries while the originals are still in flight.
          ...delivered.slice(0, 5),
          ...numbers.slice(0, 10).map((n) => sign(resendEvent("email.opened", to(email(n))))),
        ]
        const responses = await Promise.all(deliveries.map(({ body, signed }) => api.post(HOOK, body, { headers: signed })))
        expect(responses.map((r) => r.status)).toEqual(deliveries.map(() => 200))
        // Of each repeated delivery, exactly one answer says it changed something; all others did.
        const retried = new Set(delivered.slice(0, 5))
        const applied = new Map<object, boolean[]>()
        deliveries.forEach((d, i) => applied.set(d, [...(applied.get(d) ?? []), responses[i].data.applied]))
        expect([...applied.values()].map((a) => a.sort())).toEqual(
          [...applied.keys()].map((d) => (retried.has(d as (typeof delivered)[number]) ? [false, true] : [true]))
        )

        expect(await figures(id)).toEqual(
          expect.objectContaining({ succeeded: 15, failed: 5, delivered: 15, opened: 10, awaiting: 0, status: "aggregated" })
        )
        const recipients = await suite.service.listNewsletterRecipients({ newsletter_id: id }, { order: { position: "ASC" } })
        expect(recipients.map((r) => [r.status, !!r.delivered_at, !!r.bounced_at])).toEqual(
          numbers.map((n) => (n > 15 ? ["failed", true, true] : ["sent", true, false]))
        )
        const subscriptions = await suite.service.listNewsletterSubscriptions(
          { email: numbers.map(email) },
          { relations: ["events"], order: { email: "ASC" } }
        )
        expect(subscriptions.map((s) => [s.status, s.events.filter((e) => e.to_status === "cleaned").length])).toEqual(
          numbers.map((n) => (n > 15 ? ["cleaned", 1] : ["subscribed", 0]))
        )
      })

      it("should clean an address after 3 transient errors in a row across articles", async () => {
        await seedSubscribers(getContainer(), 1)
        for (let round = 1; round <= 3; round++) {
          const { to } = await sendArticle()
          await post(
            resendEvent("email.bounced", to("taro001@example.jp"), {
              bounce: { type: "Transient", subType: "MailboxFull", message: "Mailbox full" },
            })
          )
          expect(await subscriptionStatus("taro001@example.jp")).toEqual(round < 3 ? "subscribed" : "cleaned")
        }
      })

      it("should reset the transient streak when a mail is delivered", async () => {
        await seedSubscribers(getContainer(), 1)
        const transient = { bounce: { type: "Transient", message: "Mailbox full" } }
        for (const outcome of ["transient", "transient", "delivered", "transient", "transient"]) {
          const { to } = await sendArticle()
          const message = to("taro001@example.jp")
          await post(
            outcome === "delivered"
              ? resendEvent("email.delivered", message)
              : resendEvent("email.bounced", message, transient)
          )
        }
        expect(await subscriptionStatus("taro001@example.jp")).toEqual("subscribed")
      })
    })

    describe("clicked links", () => {
      it("should list each link with its unique clicks, the unsubscribe link as one, repeats and redeliveries counted once", async () => {
        await seedSubscribers(getContainer(), 3)
        const { id, to } = await sendArticle()
        const unsubscribeLink = (email: string) => /^<(.+)>$/.exec(to(email).headers["List-Unsubscribe"])![1]
        const SALE = "https://shop.example.jp/sale?utm_source=newsletter"
        const TEA = "https://shop.example.jp/products/tea"
        const at = (minute: number) => `2026-11-27T01:${String(minute).padStart(2, "0")}:00.000Z`
        const click = (email: string, link: string, minute: number) =>
          resendEvent("email.clicked", to(email), {
            created_at: at(minute),
            click: { ipAddress: "203.0.113.7", link, timestamp: at(minute), userAgent: "Mozilla/5.0" },
          })
        const redelivered = JSON.stringify(click("taro001@example.jp", SALE, 20))
        const signed = signWebhook(redelivered)

        const answers = [
          await api.post(HOOK, redelivered, { headers: signed }),
          // The same click delivered again by Resend (same svix-id): nothing more.
          await api.post(HOOK, redelivered, { headers: signed }),
          // A second click of taro001 on the sale, reported earlier than it happened.
          await post(click("taro001@example.jp", SALE, 12)),
          await post(click("taro002@example.jp", SALE, 15)),
          await post(click("taro002@example.jp", unsubscribeLink("taro002@example.jp"), 16)),
          await post(click("taro003@example.jp", unsubscribeLink("taro003@example.jp"), 17)),
          await post(click("taro003@example.jp", TEA, 18)),
        ]
        expect(answers.map((r) => [r.status, r.data.applied])).toEqual([
          [200, true],
          [200, false],
          [200, true],
          [200, true],
          [200, true],
          [200, true],
          [200, true],
        ])

        const links = await api.get(`/admin/newsletters/${id}/links`, { headers: suite.headers })
        expect(links.data).toEqual({
          links: [
            { url: SALE, kind: "link", unique_clicks: 2, clicks: 3, first_clicked_at: at(12), last_clicked_at: at(20) },
            {
              url: "http://localhost:9000/hooks/newsletter/unsubscribe",
              kind: "unsubscribe",
              unique_clicks: 2,
              clicks: 2,
              first_clicked_at: at(16),
              last_clicked_at: at(17),
            },
            { url: TEA, kind: "link", unique_clicks: 1, clicks: 1, first_clicked_at: at(18), last_clicked_at: at(18) },
          ],
          count: 3,
          offset: 0,
          limit: 50,
        })
        expect(unsubscribeLink("taro002@example.jp")).toMatch(/^http:\/\/localhost:9000\/hooks\/newsletter\/unsubscribe\/[^/]+$/)
        // Unique clickers on the article: taro001, taro002, taro003.
        expect((await figures(id)).clicked).toEqual(3)

        const page = await api.get(`/admin/newsletters/${id}/links?limit=1&offset=2`, { headers: suite.headers })
        expect([page.data.count, page.data.links.map((l: { url: string }) => l.url)]).toEqual([3, [TEA]])
      })

      it("should answer 404 for an unknown article and 400 for a wrong page, with codes", async () => {
        const missing = await api.get(`/admin/newsletters/nl_missing/links`, { headers: suite.headers }).catch((e) => e.response)
        expect([missing.status, missing.data]).toEqual([
          404,
          {
            type: "not_found",
            code: "newsletter_not_found",
            message: 'Newsletter with id "nl_missing" was not found',
            params: { id: "nl_missing" },
          },
        ])
        await seedSubscribers(getContainer(), 1)
        const { id } = await suite.reserveArticle()
        const wrong = await api
          .get(`/admin/newsletters/${id}/links?limit=0&offset=-1&order=url`, { headers: suite.headers })
          .catch((e) => e.response)
        expect([wrong.status, wrong.data.code, wrong.data.errors]).toEqual([
          400,
          "invalid_request",
          [
            { path: "limit", code: "too_small", params: { minimum: 1, origin: "number" } },
            { path: "offset", code: "too_small", params: { minimum: 0, origin: "number" } },
            { path: "", code: "unknown_fields", params: { keys: ["order"] } },
          ],
        ])
        const empty = await api.get(`/admin/newsletters/${id}/links`, { headers: suite.headers })
        expect(empty.data).toEqual({ links: [], count: 0, offset: 0, limit: 50 })
      })
    })

    describe("processed webhook events", () => {
      it("should purge them after webhookEventRetentionDays (30) with the every-minute job, keeping the figures", async () => {
        await seedSubscribers(getContainer(), 2)
        const { id, to } = await sendArticle()
        await post(resendEvent("email.delivered", to("taro001@example.jp")))
        await post(resendEvent("email.bounced", to("taro002@example.jp"), { bounce: { type: "Permanent", message: "gone" } }))
        const stored = async () => [
          (await suite.service.listNewsletterWebhookEvents({})).length,
          (await suite.service.listNewsletterDeliveryEffects({})).map((e) => [e.kind, !!e.applied_at]),
        ]
        expect(await stored()).toEqual([2, [["clean", true]]])

        suite.clock.advanceMinutes(30 * 24 * 60 - 1)
        await newsletterDeliveryEffectsJob(getContainer())
        expect(await stored()).toEqual([2, [["clean", true]]])

        suite.clock.advanceMinutes(2)
        await newsletterDeliveryEffectsJob(getContainer())
        expect(await stored()).toEqual([0, []])
        expect(await figures(id)).toEqual(expect.objectContaining({ delivered: 1, failed: 1 }))
        expect(await subscriptionStatus("taro002@example.jp")).toEqual("cleaned")
      })
    })

    describe("aggregation", () => {
      it("should reach aggregated when the last final report arrives", async () => {
        await seedSubscribers(getContainer(), 2)
        const { id, to } = await sendArticle()
        expect((await figures(id)).status).toEqual("sent")
        await post(resendEvent("email.delivered", to("taro001@example.jp")))
        expect(await figures(id)).toEqual(expect.objectContaining({ status: "aggregating", awaiting: 1 }))
        await post(resendEvent("email.opened", to("taro001@example.jp")))
        expect((await figures(id)).status).toEqual("aggregating")
        await post(resendEvent("email.delivered", to("taro002@example.jp")))
        expect(await figures(id)).toEqual(expect.objectContaining({ status: "aggregated", awaiting: 0, unknown: 0 }))
      })

      it("should close at the aggregation window, showing unreported recipients as unknown", async () => {
        await seedSubscribers(getContainer(), 3)
        const { id, to } = await sendArticle()
        await post(resendEvent("email.delivered", to("taro001@example.jp")))
        suite.clock.advanceMinutes(72 * 60 - 2)
        await dispatchNewslettersJob(getContainer())
        expect((await figures(id)).status).toEqual("aggregating")
        suite.clock.advanceMinutes(2)
        await dispatchNewslettersJob(getContainer())
        expect(await figures(id)).toEqual(
          expect.objectContaining({ status: "aggregated", succeeded: 3, delivered: 1, awaiting: 2, unknown: 2 })
        )
      })
    })

    describe("error-rate stop (S15)", () => {
      it("should stop once 10% of at least 100 attempts failed, freeze unsent and never send again", async () => {
        await seedSubscribers(getContainer(), 300)
        // Resend rejects 30% of the addresses.
        const rejected = Array.from({ length: 300 }, (_, i) => `taro${String(i + 1).padStart(3, "0")}@example.jp`).filter(
          (_, i) => i % 10 < 3
        )
        stand.standin.fault({ type: "reject", addresses: rejected })
        const eventBus = getContainer().resolve(Modules.EVENT_BUS)
        // The event as emitted (the plugin's own subscriber, the admin's bell, handles it too).
        const emit = jest.spyOn(eventBus, "emit")
        const handled = TestEventUtils.waitSubscribersExecution("newsletter.stopped", eventBus)

        const { id } = await sendArticle()

        await handled
        const stopEvents = emit.mock.calls
          .flatMap(([messages]) => [messages].flat())
          .filter((m: any) => m.name === "newsletter.stopped")
        emit.mockRestore()
        expect(stopEvents.map((m: any) => m.data)).toEqual([
          {
            id,
            attempted: 100,
            failed: 30,
            error_rate: 0.3,
            threshold: 0.1,
            unsent: 200,
            previous_status: "sending",
          },
        ])
        const [stopped] = await suite.service.listNewsletters({ id })
        expect([stopped.status, stopped.succeeded_count, stopped.failed_count, stopped.unsent_count]).toEqual([
          "stopped",
          70,
          30,
          200,
        ])
        expect([stopped.status_reason, stopped.status_reason_code, stopped.status_reason_params]).toEqual([
          "Stopped: 30 of 100 attempted mails failed (30%, above the 10% limit). Clean the list before sending again.",
          "stopped_error_rate",
          { failed: 30, attempted: 100, error_rate_percent: 30, threshold_percent: 10 },
        ])
        expect(stand.standin.messages).toHaveLength(70)

        suite.clock.advanceMinutes(5)
        await dispatchNewslettersJob(getContainer())
        expect(stand.standin.messages).toHaveLength(70)
        expect((await figures(id)).unsent).toEqual(200)
        const { response } = await api.post(`/admin/newsletters/${id}/schedule`, {}, { headers: suite.headers }).catch((e) => e)
        expect([response.status, response.data.code, response.data.params, response.data.message]).toEqual([
          409,
          "newsletter_sending_started",
          { id, status: "stopped", action: "schedule" },
          `Sending of newsletter "${id}" has already started (status: stopped); it can no longer be reserved`,
        ])
      })
    })

    describe("sending windows (S12)", () => {
      const category = async () =>
        (
          await api.post(
            "/admin/newsletter-categories",
            { name: "セール", window_start: "08:00", window_end: "21:00" },
            { headers: suite.headers }
          )
        ).data.newsletter_category.id

      it("should send at 20:59:59, pause at 21:00 keeping 配信中, and resume at 08:00 next day", async () => {
        await seedSubscribers(getContainer(), 3)
        const id = await reserveAt(new Date(TOKYO_2059_59.getTime() - 60_000), { category_id: await category() })
        // The first request of 20:59:59 meets a quota error: the article is claimed, nothing sent yet.
        stand.standin.fault({ type: "quota", name: "daily_quota_exceeded" })
        suite.clock.set(TOKYO_2059_59)
        await dispatchNewslettersJob(getContainer())
        expect([(await figures(id)).status, stand.standin.requests.length]).toEqual(["sending", 1])

        suite.clock.set(new Date("2026-11-27T12:00:00.000Z")) // 21:00:00 Tokyo
        await dispatchNewslettersJob(getContainer())
        const paused = (await api.get(`/admin/newsletters/${id}`, { headers: suite.headers })).data.newsletter
        expect([paused.status, paused.unsent_count, stand.standin.requests.length]).toEqual(["sending", 3, 1])
        expect([paused.status_reason_code, paused.status_reason_params, paused.status_reason]).toEqual([
          "waiting_for_window",
          // 08:00 Tokyo the next day.
          { window_start: "08:00", window_end: "21:00", timezone: "Asia/Tokyo", opens_at: "2026-11-27T23:00:00.000Z" },
          "Waiting outside the category's sending window (08:00–21:00 Asia/Tokyo); sending goes on when it opens at " +
            "2026-11-27T23:00:00.000Z.",
        ])

        suite.clock.set(new Date("2026-11-27T22:59:59.000Z")) // 07:59:59 next day
        await dispatchNewslettersJob(getContainer())
        expect(stand.standin.messages).toHaveLength(0)

        suite.clock.set(new Date("2026-11-27T23:00:00.000Z")) // 08:00:00
        await dispatchNewslettersJob(getContainer())
        expect(stand.standin.messages).toHaveLength(3)
        expect(await figures(id)).toEqual(expect.objectContaining({ status: "sent", succeeded: 3, unsent: 0 }))
      })

      it("should make an article reserved outside its window 配信中 at its time, refuse a cancel, and send when the window opens (※1, ※3)", async () => {
        await seedSubscribers(getContainer(), 2)
        suite.clock.set(new Date("2026-11-27T12:30:00.000Z")) // 21:30 Tokyo
        const id = await reserveAt(new Date("2026-11-27T13:00:00.000Z"), { category_id: await category() }) // 22:00
        suite.clock.set(new Date("2026-11-27T12:59:59.000Z"))
        await dispatchNewslettersJob(getContainer())
        expect([(await figures(id)).status, stand.standin.requests.length]).toEqual(["scheduled", 0])

        // At its reserved time it is 配信中, whatever its window: it waits, saying why and until when.
        suite.clock.set(new Date("2026-11-27T13:00:00.000Z"))
        await dispatchNewslettersJob(getContainer())
        const waiting = (await api.get(`/admin/newsletters/${id}`, { headers: suite.headers })).data.newsletter
        expect([waiting.status, waiting.started_at, waiting.unsent_count, stand.standin.requests.length]).toEqual([
          "sending",
          "2026-11-27T13:00:00.000Z",
          2,
          0,
        ])
        expect([waiting.status_reason_code, waiting.status_reason_params]).toEqual([
          "waiting_for_window",
          { window_start: "08:00", window_end: "21:00", timezone: "Asia/Tokyo", opens_at: "2026-11-27T23:00:00.000Z" },
        ])

        // 配信中 can no longer be cancelled (※3), and nothing changes.
        const cancel = await api.post(`/admin/newsletters/${id}/cancel`, {}, { headers: suite.headers }).catch((e) => e)
        expect([cancel.response.status, cancel.response.data.code, cancel.response.data.params]).toEqual([
          409,
          "newsletter_sending_started",
          { id, status: "sending", action: "cancel" },
        ])
        suite.clock.set(new Date("2026-11-27T22:59:59.000Z")) // 07:59:59 Tokyo
        await dispatchNewslettersJob(getContainer())
        expect([(await figures(id)).status, stand.standin.requests.length]).toEqual(["sending", 0])

        suite.clock.set(new Date("2026-11-27T23:00:00.000Z")) // 08:00 Tokyo
        await dispatchNewslettersJob(getContainer())
        expect(stand.standin.messages.map((m) => m.to[0]).sort()).toEqual(["taro001@example.jp", "taro002@example.jp"])
        const sent = (await api.get(`/admin/newsletters/${id}`, { headers: suite.headers })).data.newsletter
        expect([sent.status, sent.started_at, sent.status_reason, sent.status_reason_code, sent.status_reason_params]).toEqual([
          "sent",
          "2026-11-27T13:00:00.000Z",
          null,
          null,
          null,
        ])
      })
    })
  },
})
