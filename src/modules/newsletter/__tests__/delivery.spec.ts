import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import type { DeliveryEventInput } from "../../../lib/webhooks/types"
import { createNewsletter, createSubscription, moduleSuite } from "../__fixtures__"
import NewsletterModuleService from "../service"
import {
  NewsletterLinkKind,
  NewsletterRecipientStatus,
  NewsletterStatus,
  NewsletterSubscriptionStatus,
} from "../types"

jest.setTimeout(60 * 1000)

const NOW = new Date("2026-11-27T12:00:00.000Z")

/** A report as the webhook route makes it (see resend-event.ts). */
const report = (
  eventId: string,
  kind: DeliveryEventInput["kind"],
  emailId: string | null,
  extra: Partial<DeliveryEventInput> = {}
): DeliveryEventInput => ({
  eventId,
  type: `email.${kind}`,
  kind,
  emailId,
  recipientId: null,
  occurredAt: NOW,
  now: NOW,
  ...extra,
})
const bounce = (eventId: string, emailId: string, type: string, reason: string) =>
  report(eventId, "error", emailId, { type: "email.bounced", errorType: type, reason })

moduleIntegrationTestRunner<NewsletterModuleService>({
  ...moduleSuite,
  testSuite: ({ MikroOrmWrapper, service }) => {
    const sql = (query: string, params: unknown[] = []) => MikroOrmWrapper.forkManager().execute(query, params)

    /**
     * A sent article of four recipients, all accepted by Resend (em_1 … em_4) and subscribed,
     * plus a fifth whose send the worker has not recorded yet (still pending, no email id).
     */
    const sentArticle = async () => {
      const article = await createNewsletter(service, {
        status: NewsletterStatus.SENT,
        total_count: 5,
        succeeded_count: 4,
        unsent_count: 1,
        awaiting_count: 4,
      })
      const recipients = await service.createNewsletterRecipients(
        [1, 2, 3, 4, 5].map((n) => ({
          newsletter_id: article.id,
          position: n,
          email: `taro00${n}@example.jp`,
          customer_id: `cus_${n}`,
          status: n < 5 ? NewsletterRecipientStatus.SENT : NewsletterRecipientStatus.PENDING,
          provider_message_id: n < 5 ? `em_${n}` : null,
        }))
      )
      for (const n of [1, 2, 3, 4, 5]) {
        await createSubscription(service, { email: `taro00${n}@example.jp`, customer_id: `cus_${n}` })
      }
      return { id: article.id, recipients }
    }

    const effectRows = async () =>
      await sql(
        `SELECT "id", "event_id", "kind", "email", "customer_id", "newsletter_id", "error_type", "reason",
                "streak", "applied_at", "attempts", "last_error"
         FROM "newsletter_delivery_effect" ORDER BY "email", "created_at", "id"`
      )
    const figures = async (id: string) => {
      const [n] = await service.listNewsletters({ id })
      return [n.succeeded_count, n.failed_count, n.awaiting_count, n.delivered_count, n.complained_count]
    }
    const statuses = async () =>
      (await service.listNewsletterSubscriptions({}, { order: { email: "ASC" } })).map((s) => [s.email, s.status])
    const history = async (email: string) => {
      const [subscription] = await service.listNewsletterSubscriptions({ email }, { relations: ["events"] })
      return subscription.events
        .sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime())
        .map((e) => [e.from_status, e.to_status, e.source, e.reason, e.reason_code, e.params, e.newsletter_id])
    }

    const MIXED = [
      report("msg_1", "delivered", "em_1"),
      bounce("msg_2", "em_2", "permanent", "Permanent: General: No such user"),
      report("msg_3", "complained", "em_3"),
      bounce("msg_4", "em_4", "transient", "Transient: MailboxFull: Full"),
    ]

    describe("applyDeliveryEvents", () => {
      it("should write the recipients, the article's counters and the effect each report owes, in one statement", async () => {
        const { id, recipients } = await sentArticle()

        const outcomes = await service.applyDeliveryEvents(MIXED)

        const effects = await effectRows()
        expect(outcomes.map((o) => o.outcome)).toEqual(["applied", "applied", "applied", "applied"])
        expect(outcomes.map((o) => (o.outcome === "applied" ? [o.recipient_id, o.became_error, o.transient_error_streak] : null))).toEqual([
          [recipients[0].id, false, null],
          [recipients[1].id, true, null],
          [recipients[2].id, false, null],
          [recipients[3].id, true, 1],
        ])
        // Each outcome names the effect it stored, the delivery none.
        const byEmail = new Map(effects.map((e) => [e.email, e.id]))
        expect(outcomes.map((o) => (o.outcome === "applied" ? o.effect_id : undefined))).toEqual([
          null,
          byEmail.get("taro002@example.jp"),
          byEmail.get("taro003@example.jp"),
          byEmail.get("taro004@example.jp"),
        ])
        expect(effects.map(({ id: _id, ...e }) => e)).toEqual([
          {
            event_id: "msg_2",
            kind: "clean",
            email: "taro002@example.jp",
            customer_id: "cus_2",
            newsletter_id: id,
            error_type: "permanent",
            reason: "Permanent: General: No such user",
            streak: null,
            applied_at: null,
            attempts: 0,
            last_error: null,
          },
          {
            event_id: "msg_3",
            kind: "unsubscribe",
            email: "taro003@example.jp",
            customer_id: "cus_3",
            newsletter_id: id,
            error_type: null,
            reason: null,
            streak: null,
            applied_at: null,
            attempts: 0,
            last_error: null,
          },
          {
            event_id: "msg_4",
            kind: "streak",
            email: "taro004@example.jp",
            customer_id: "cus_4",
            newsletter_id: id,
            error_type: "transient",
            reason: "Transient: MailboxFull: Full",
            streak: 1,
            applied_at: null,
            attempts: 0,
            last_error: null,
          },
        ])
        const rows = await service.listNewsletterRecipients({ newsletter_id: id }, { order: { position: "ASC" } })
        expect(rows.map((r) => [r.status, r.error_type, !!r.delivered_at, !!r.bounced_at, !!r.complained_at])).toEqual([
          ["sent", null, true, false, false],
          ["failed", "permanent", false, true, false],
          ["sent", null, false, false, true],
          ["failed", "transient", false, false, false],
          ["pending", null, false, false, false],
        ])
        // succeeded, failed, awaiting, delivered, complained
        expect(await figures(id)).toEqual([2, 2, 1, 1, 1])
        // Nothing changes a subscription before its effect is applied; only the streak counted.
        expect(await statuses()).toEqual([1, 2, 3, 4, 5].map((n) => [`taro00${n}@example.jp`, "subscribed"]))
        const [streak] = await service.listNewsletterSubscriptions({ email: "taro004@example.jp" })
        expect(streak.transient_error_count).toEqual(1)
        // Stamped with the reports' clock reading (the retention is counted on it).
        const recorded = await sql(`SELECT "event_id", "created_at" FROM "newsletter_webhook_event" ORDER BY "event_id"`)
        expect(recorded.map((r) => [r.event_id, new Date(r.created_at).toISOString()])).toEqual(
          ["msg_1", "msg_2", "msg_3", "msg_4"].map((eventId) => [eventId, NOW.toISOString()])
        )
      })

      it("should change nothing when the same reports come again (deduplicated by event id)", async () => {
        const { id } = await sentArticle()
        await service.applyDeliveryEvents(MIXED)
        const before = [await figures(id), await effectRows()]

        const again = await service.applyDeliveryEvents(MIXED)

        expect(again.map((o) => o.outcome)).toEqual(["duplicate", "duplicate", "duplicate", "duplicate"])
        expect([await figures(id), await effectRows()]).toEqual(before)
        const [streak] = await service.listNewsletterSubscriptions({ email: "taro004@example.jp" })
        expect(streak.transient_error_count).toEqual(1)
      })

      it("should tell unknown mail, mail not recorded yet and a second report of one address apart, writing none of them", async () => {
        const { id, recipients } = await sentArticle()

        const outcomes = await service.applyDeliveryEvents([
          report("msg_a", "complained", "em_other"),
          report("msg_b", "complained", null, { recipientId: recipients[4].id }),
          report("msg_c", "delivered", "em_1"),
          report("msg_d", "complained", "em_1"),
        ])

        expect(outcomes.map((o) => o.outcome)).toEqual(["unknown", "not_recorded", "applied", "deferred"])
        expect(await sql(`SELECT "event_id" FROM "newsletter_webhook_event"`)).toEqual([{ event_id: "msg_c" }])
        expect(await effectRows()).toEqual([])
        expect(await figures(id)).toEqual([4, 0, 3, 1, 0])

        // The deferred report goes in the next group.
        const [next] = await service.applyDeliveryEvents([report("msg_d", "complained", "em_1")])
        expect(next.outcome).toEqual("applied")
        expect((await effectRows()).map((e) => [e.event_id, e.kind, e.email])).toEqual([
          ["msg_d", "unsubscribe", "taro001@example.jp"],
        ])
      })

      it("should count the streak of a subscribed address on every transient error, and store none without a subscription", async () => {
        await sentArticle()
        await sql(`DELETE FROM "newsletter_subscription" WHERE "email" = 'taro001@example.jp'`)

        for (const n of [1, 2, 3]) {
          // One report a minute: the effects are stamped with the reports' clock.
          const now = new Date(NOW.getTime() + n * 60_000)
          await service.applyDeliveryEvents([
            { ...bounce(`msg_t${n}`, "em_4", "transient", `try ${n}`), now },
            report(`msg_f${n}`, "error", "em_1", { type: "email.failed", errorType: "failed", reason: "timed out", now }),
          ])
        }

        expect((await effectRows()).map((e) => [e.event_id, e.kind, e.email, e.streak, e.reason])).toEqual([
          ["msg_t1", "streak", "taro004@example.jp", 1, "try 1"],
          ["msg_t2", "streak", "taro004@example.jp", 2, "try 2"],
          ["msg_t3", "streak", "taro004@example.jp", 3, "try 3"],
        ])
        const [counted] = await service.listNewsletterSubscriptions({ email: "taro004@example.jp" })
        expect(counted.transient_error_count).toEqual(3)
      })

      it("should record neither the report nor its effect when the effect can't be written", async () => {
        const { id } = await sentArticle()
        await sql(`CREATE FUNCTION refuse_effect() RETURNS trigger AS $$
                   BEGIN RAISE EXCEPTION 'no effects today'; END $$ LANGUAGE plpgsql`)
        await sql(`CREATE TRIGGER refuse_effect BEFORE INSERT ON "newsletter_delivery_effect"
                   FOR EACH ROW EXECUTE FUNCTION refuse_effect()`)

        const error = await service.applyDeliveryEvents([MIXED[1]]).catch((e) => e)

        expect(error.message).toContain("no effects today")
        expect(await sql(`SELECT "event_id" FROM "newsletter_webhook_event"`)).toEqual([])
        expect(await figures(id)).toEqual([4, 0, 4, 0, 0])
        const [recipient] = await service.listNewsletterRecipients({ newsletter_id: id, email: "taro002@example.jp" })
        expect([recipient.status, recipient.bounced_at]).toEqual(["sent", null])

        // Resend delivers it again once the cause is gone: now report and effect go in together.
        await sql(`DROP TRIGGER refuse_effect ON "newsletter_delivery_effect"`)
        const [outcome] = await service.applyDeliveryEvents([MIXED[1]])
        expect(outcome.outcome).toEqual("applied")
        expect((await effectRows()).map((e) => [e.event_id, e.kind])).toEqual([["msg_2", "clean"]])
      })
    })

    describe("link clicks", () => {
      const minute = (n: number) => new Date(NOW.getTime() + n * 60_000)
      const TEA = { url: "https://shop.example.jp/products/tea", kind: NewsletterLinkKind.LINK }
      const SALE = { url: "https://shop.example.jp/sale", kind: NewsletterLinkKind.LINK }
      const UNSUBSCRIBE = { url: "https://api.example.jp/hooks/newsletter/unsubscribe", kind: NewsletterLinkKind.UNSUBSCRIBE }
      const click = (eventId: string, emailId: string, link: DeliveryEventInput["link"], at: number) =>
        report(eventId, "clicked", emailId, { link, occurredAt: minute(at) })
      const clickRows = async () =>
        (
          await sql(
            `SELECT c."recipient_id", c."newsletter_id", c."url", c."kind", c."first_clicked_at", c."last_clicked_at",
                    c."clicks", r."email"
             FROM "newsletter_link_click" c JOIN "newsletter_recipient" r ON r."id" = c."recipient_id"
             ORDER BY r."email", c."url"`
          )
        ).map((row) => [
          row.email,
          row.url,
          row.kind,
          new Date(row.first_clicked_at).toISOString(),
          new Date(row.last_clicked_at).toISOString(),
          row.clicks,
        ])

      it("should keep one row per recipient and link, each report counted once, whatever the order", async () => {
        const { id, recipients } = await sentArticle()
        const iso = (n: number) => minute(n).toISOString()

        const first = await service.applyDeliveryEvents([
          click("msg_c1", "em_1", TEA, 10),
          click("msg_c2", "em_2", TEA, 5),
          click("msg_c3", "em_3", UNSUBSCRIBE, 7),
          // A second report of em_1 in the same group waits for the next one.
          click("msg_c4", "em_1", SALE, 11),
        ])
        // An earlier click of em_1 on the tea link comes late; em_4 unsubscribes by its own link.
        const second = await service.applyDeliveryEvents([
          click("msg_c4", "em_1", SALE, 11),
          click("msg_c5", "em_2", TEA, 3),
          click("msg_c6", "em_4", UNSUBSCRIBE, 8),
        ])
        const third = await service.applyDeliveryEvents([click("msg_c7", "em_1", TEA, 2)])
        // Resend delivers some of them again: nothing changes.
        const again = await service.applyDeliveryEvents([
          click("msg_c1", "em_1", TEA, 10),
          click("msg_c5", "em_2", TEA, 3),
          click("msg_c6", "em_4", UNSUBSCRIBE, 8),
        ])

        expect([first, second, third, again].map((group) => group.map((o) => o.outcome))).toEqual([
          ["applied", "applied", "applied", "deferred"],
          ["applied", "applied", "applied"],
          ["applied"],
          ["duplicate", "duplicate", "duplicate"],
        ])
        expect(await clickRows()).toEqual([
          ["taro001@example.jp", TEA.url, "link", iso(2), iso(10), 2],
          ["taro001@example.jp", SALE.url, "link", iso(11), iso(11), 1],
          ["taro002@example.jp", TEA.url, "link", iso(3), iso(5), 2],
          ["taro003@example.jp", UNSUBSCRIBE.url, "unsubscribe", iso(7), iso(7), 1],
          ["taro004@example.jp", UNSUBSCRIBE.url, "unsubscribe", iso(8), iso(8), 1],
        ])
        expect(
          (await sql(`SELECT DISTINCT "newsletter_id" FROM "newsletter_link_click"`)).map((r) => r.newsletter_id)
        ).toEqual([id])
        // The recipient's first click is the first one applied; the article counts unique clickers.
        const [clicker] = await service.listNewsletterRecipients({ id: recipients[0].id })
        expect(new Date(clicker.clicked_at!).toISOString()).toEqual(iso(10))
        const [article] = await service.listNewsletters({ id })
        expect(article.clicked_count).toEqual(4)

        expect(await service.listNewsletterLinks({ newsletter_id: id, limit: 20, offset: 0 })).toEqual({
          count: 3,
          links: [
            { ...TEA, unique_clicks: 2, clicks: 4, first_clicked_at: minute(2), last_clicked_at: minute(10) },
            { ...UNSUBSCRIBE, unique_clicks: 2, clicks: 2, first_clicked_at: minute(7), last_clicked_at: minute(8) },
            { ...SALE, unique_clicks: 1, clicks: 1, first_clicked_at: minute(11), last_clicked_at: minute(11) },
          ],
        })
        const page = await service.listNewsletterLinks({ newsletter_id: id, limit: 1, offset: 1 })
        expect([page.count, page.links.map((l) => l.url)]).toEqual([3, [UNSUBSCRIBE.url]])
        expect(await service.listNewsletterLinks({ newsletter_id: id, limit: 20, offset: 3 })).toEqual({ count: 3, links: [] })
        expect(await service.listNewsletterLinks({ newsletter_id: "nl_other", limit: 20, offset: 0 })).toEqual({
          count: 0,
          links: [],
        })
      })

      it("should write no link for a click without one, a click on unknown mail or on mail not recorded yet", async () => {
        const { id, recipients } = await sentArticle()

        const outcomes = await service.applyDeliveryEvents([
          click("msg_c1", "em_1", null, 1),
          click("msg_c2", "em_other", TEA, 1),
          report("msg_c3", "clicked", null, { recipientId: recipients[4].id, link: TEA }),
        ])

        expect(outcomes.map((o) => o.outcome)).toEqual(["applied", "unknown", "not_recorded"])
        expect(await clickRows()).toEqual([])
        const [article] = await service.listNewsletters({ id })
        expect(article.clicked_count).toEqual(1)
      })
    })

    describe("unconfirmed mails", () => {
      it("should count a bounce of an unconfirmed mail out of the unconfirmed ones, and give the figures the error rate reads", async () => {
        const { id, recipients } = await sentArticle()
        // taro001's batch was answered 409 on a retry: sent, provider id unknown.
        await sql(`UPDATE "newsletter_recipient" SET "provider_message_id" = NULL WHERE "id" = ?`, [recipients[0].id])
        await sql(`UPDATE "newsletter" SET "status" = 'sending', "unconfirmed_count" = 1 WHERE "id" = ?`, [id])

        const [bounced, delivered] = await service.applyDeliveryEvents([
          { ...bounce("msg_u1", "em_unknown", "permanent", "No such user"), recipientId: recipients[0].id },
          report("msg_u2", "delivered", "em_2"),
        ])

        expect(bounced.outcome === "applied" && [bounced.became_error, bounced.article]).toEqual([
          true,
          {
            id,
            status: "sending",
            succeeded_count: 3,
            failed_count: 1,
            unconfirmed_count: 0,
            unsent_count: 1,
            awaiting_count: 2,
            counted_at: expect.anything(),
            finished_at: null,
          },
        ])
        expect(delivered.outcome).toEqual("applied")
        const [article] = await service.listNewsletters({ id })
        expect([article.succeeded_count, article.failed_count, article.unconfirmed_count]).toEqual([3, 1, 0])
      })
    })

    describe("applyDeliveryEffects", () => {
      it("should apply each owed effect once with its history entry and stamp it applied", async () => {
        const { id } = await sentArticle()
        await service.applyDeliveryEvents(MIXED)
        const owed = await effectRows()

        const results = await service.applyDeliveryEffects()

        // Oldest first; one statement made them all, so in id order.
        expect(results.map((r) => r.id)).toEqual(owed.map((e) => e.id).sort())
        const kindOf = new Map(owed.map((e) => [e.id, e.kind]))
        const done = results.map((r) => [
          kindOf.get(r.id),
          r.applied,
          r.subscription && [r.subscription.changed, r.subscription.from, r.subscription.to],
        ])
        expect(done.sort((x, y) => String(x[0]).localeCompare(String(y[0])))).toEqual([
          ["clean", true, [true, "subscribed", "cleaned"]],
          // Streak 1 of 3: applied, asks for no change.
          ["streak", true, null],
          ["unsubscribe", true, [true, "subscribed", "unsubscribed"]],
        ])
        expect(await statuses()).toEqual([
          ["taro001@example.jp", "subscribed"],
          ["taro002@example.jp", "cleaned"],
          ["taro003@example.jp", "unsubscribed"],
          ["taro004@example.jp", "subscribed"],
          ["taro005@example.jp", "subscribed"],
        ])
        expect(await history("taro002@example.jp")).toEqual([
          [
            "subscribed",
            "cleaned",
            "bounce",
            null,
            "bounce",
            { error_type: "permanent", provider_reason: "Permanent: General: No such user" },
            id,
          ],
        ])
        expect(await history("taro003@example.jp")).toEqual([
          ["subscribed", "unsubscribed", "complaint", null, "complaint", {}, id],
        ])
        expect(await history("taro004@example.jp")).toEqual([])
        const applied = await effectRows()
        expect(applied.map((e) => [e.applied_at !== null, e.attempts, e.last_error])).toEqual([
          [true, 0, null],
          [true, 0, null],
          [true, 0, null],
        ])

        // Idempotent: nothing is owed any more, nothing is written again.
        expect(await service.applyDeliveryEffects()).toEqual([])
        expect(await sql(`SELECT count(*)::int AS n FROM "newsletter_subscription_event"`)).toEqual([{ n: 2 }])
      })

      it("should clean at the third transient error in a row, naming the streak", async () => {
        const { id } = await sentArticle()
        for (const n of [1, 2, 3]) {
          await service.applyDeliveryEvents([bounce(`msg_t${n}`, "em_4", "transient", `Mailbox full ${n}`)])
          await service.applyDeliveryEffects()
        }
        expect(await history("taro004@example.jp")).toEqual([
          [
            "subscribed",
            "cleaned",
            "bounce",
            null,
            "transient_errors",
            { count: 3, provider_reason: "Mailbox full 3" },
            id,
          ],
        ])
      })

      it("should leave a complaint about a cleaned or never subscribed address without a change", async () => {
        await sentArticle()
        await sql(`UPDATE "newsletter_subscription" SET "status" = 'cleaned' WHERE "email" = 'taro001@example.jp'`)
        await sql(`DELETE FROM "newsletter_subscription" WHERE "email" = 'taro002@example.jp'`)
        await service.applyDeliveryEvents([report("msg_x", "complained", "em_1"), report("msg_y", "complained", "em_2")])

        const results = await service.applyDeliveryEffects()

        const done = results.map((r) => [r.applied, r.subscription?.changed, r.subscription?.to ?? null])
        expect(done.sort((x, y) => String(x[2]).localeCompare(String(y[2])))).toEqual([
          [true, false, "cleaned"],
          [true, false, null],
        ])
        expect(await statuses()).toEqual([
          ["taro001@example.jp", "cleaned"],
          ["taro003@example.jp", "subscribed"],
          ["taro004@example.jp", "subscribed"],
          ["taro005@example.jp", "subscribed"],
        ])
        expect(await sql(`SELECT count(*)::int AS n FROM "newsletter_subscription_event"`)).toEqual([{ n: 0 }])
      })

      it("should keep a failing effect owed with its error while the others are applied, then apply it later", async () => {
        await sentArticle()
        await service.applyDeliveryEvents(MIXED)
        // The history of taro003 can't be written for now (a real database error, not a test hook).
        await sql(`CREATE FUNCTION refuse_history() RETURNS trigger AS $$
                   BEGIN
                     IF EXISTS (SELECT 1 FROM "newsletter_subscription" s
                                WHERE s."id" = NEW."subscription_id" AND s."email" = 'taro003@example.jp') THEN
                       RAISE EXCEPTION 'history unavailable';
                     END IF;
                     RETURN NEW;
                   END $$ LANGUAGE plpgsql`)
        await sql(`CREATE TRIGGER refuse_history BEFORE INSERT ON "newsletter_subscription_event"
                   FOR EACH ROW EXECUTE FUNCTION refuse_history()`)

        const results = await service.applyDeliveryEffects()

        const failing = (await effectRows()).find((e) => e.email === "taro003@example.jp")!
        expect(results.filter((r) => !r.applied)).toEqual([
          { id: failing.id, applied: false, subscription: null, error: expect.stringContaining("history unavailable") },
        ])
        expect(results.filter((r) => r.applied)).toHaveLength(2)
        expect([failing.applied_at, failing.attempts, failing.last_error]).toEqual([
          null,
          1,
          expect.stringContaining("history unavailable"),
        ])
        // Its subscription change rolled back with it; the others went through.
        expect(await statuses()).toEqual([
          ["taro001@example.jp", "subscribed"],
          ["taro002@example.jp", "cleaned"],
          ["taro003@example.jp", "subscribed"],
          ["taro004@example.jp", "subscribed"],
          ["taro005@example.jp", "subscribed"],
        ])

        await sql(`DROP TRIGGER refuse_history ON "newsletter_subscription_event"`)
        const retried = await service.applyDeliveryEffects()
        expect(retried.map((r) => [r.id, r.applied, r.subscription?.to])).toEqual([[failing.id, true, "unsubscribed"]])
        const after = (await effectRows()).find((e) => e.id === failing.id)!
        expect([after.applied_at !== null, after.attempts]).toEqual([true, 1])
        expect(await history("taro003@example.jp")).toEqual([
          ["subscribed", "unsubscribed", "complaint", null, "complaint", {}, expect.any(String)],
        ])
      })

      it("should apply only the given effects when ids are given", async () => {
        await sentArticle()
        await service.applyDeliveryEvents(MIXED)
        const clean = (await effectRows()).find((e) => e.kind === "clean")!

        const results = await service.applyDeliveryEffects({ ids: [clean.id, "nleff_unknown"] })

        expect(results.map((r) => [r.id, r.applied])).toEqual([[clean.id, true]])
        expect((await effectRows()).filter((e) => e.applied_at).map((e) => e.id)).toEqual([clean.id])
      })

      it("should apply each effect exactly once when several processes apply at the same time", async () => {
        await sentArticle()
        await service.applyDeliveryEvents(MIXED)

        const runs = await Promise.all([1, 2, 3, 4].map(() => service.applyDeliveryEffects()))

        expect(runs.flat().filter((r) => r.applied).length).toEqual(3)
        expect(runs.flat().filter((r) => !r.applied)).toEqual([])
        expect(await sql(`SELECT count(*)::int AS n FROM "newsletter_subscription_event"`)).toEqual([{ n: 2 }])
        expect((await effectRows()).every((e) => e.applied_at !== null)).toEqual(true)
      })
    })

    describe("purgeProcessedWebhookEvents", () => {
      it("should delete old event rows and old applied effects in bounded runs, keeping owed effects", async () => {
        await sentArticle()
        await service.applyDeliveryEvents(MIXED)
        const [clean] = (await effectRows()).filter((e) => e.kind === "clean")
        await service.applyDeliveryEffects({ ids: [clean.id] })
        // Everything recorded 40 days ago; one more event from today.
        await sql(`UPDATE "newsletter_webhook_event" SET "created_at" = now() - interval '40 days'`)
        await sql(
          `UPDATE "newsletter_delivery_effect" SET "created_at" = now() - interval '40 days',
             "applied_at" = CASE WHEN "applied_at" IS NOT NULL THEN now() - interval '40 days' END`
        )
        await service.applyDeliveryEvents([report("msg_new", "opened", "em_1")])
        const before = new Date(Date.now() - 30 * 24 * 3600 * 1000)

        expect(await service.purgeProcessedWebhookEvents({ before, limit: 3 })).toEqual({ events: 3, effects: 1 })
        expect(await service.purgeProcessedWebhookEvents({ before, limit: 3 })).toEqual({ events: 1, effects: 0 })
        expect(await service.purgeProcessedWebhookEvents({ before, limit: 3 })).toEqual({ events: 0, effects: 0 })

        expect(await sql(`SELECT "event_id" FROM "newsletter_webhook_event"`)).toEqual([{ event_id: "msg_new" }])
        // The owed complaint and streak stay, however old.
        expect((await effectRows()).map((e) => [e.kind, e.applied_at])).toEqual([
          ["unsubscribe", null],
          ["streak", null],
        ])
      })
    })
  },
})
