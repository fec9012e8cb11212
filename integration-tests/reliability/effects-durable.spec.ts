import { writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import path from "node:path"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import dispatchNewslettersJob from "../../src/jobs/dispatch-newsletters"
import newsletterDeliveryEffectsJob from "../../src/jobs/newsletter-delivery-effects"
import { ResendWebhookEventSchema, toDeliveryEvent } from "../../src/lib/webhooks/resend-event"
import { report } from "../helpers/report"
import { seedSubscribersSql } from "../helpers/sql-seed"
import { useResendStandin } from "../helpers/standin"
import { useNewsletterSuite } from "../helpers/suite"
import { resendEvent, signWebhook } from "../helpers/webhooks"
import { startWorker } from "../helpers/workers"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(10 * 60 * 1000)

const stand = useResendStandin({ NEWSLETTER_TEST_RPS: "100" })
const HOOK = "/hooks/newsletter/resend"
const RECIPIENTS = 520
/** Real kills of a Medusa process between a report's commit and its effect. */
const KILLS = 3
/** Reports the killed processes are given (the first ones of the list). */
const KILL_PHASE_REPORTS = 12
/** Reports in flight at once over HTTP. */
const WAVE = 25

// Faults live in the database, not in the plugin: a trigger on the history table (written by
// every effect that changes a subscription, inside the effect's transaction, after its report
// committed) sleeps while mode "kill" is on, so the test can SIGKILL the process right there, or
// fails every third such transaction while mode "fail" is on.
const FAULTS_SQL = [
  `CREATE TABLE effects_test_faults ("mode" text PRIMARY KEY)`,
  `CREATE SEQUENCE effects_test_fault_calls`,
  `CREATE SEQUENCE effects_test_fault_hits`,
  `CREATE FUNCTION effects_test_fault() RETURNS trigger AS $$
   BEGIN
     IF EXISTS (SELECT 1 FROM effects_test_faults WHERE "mode" = 'kill') THEN
       PERFORM pg_sleep(60);
     END IF;
     IF EXISTS (SELECT 1 FROM effects_test_faults WHERE "mode" = 'fail')
        AND nextval('effects_test_fault_calls') % 3 = 0 THEN
       PERFORM nextval('effects_test_fault_hits');
       RAISE EXCEPTION 'injected fault after the report was recorded';
     END IF;
     RETURN NEW;
   END $$ LANGUAGE plpgsql`,
  `CREATE TRIGGER effects_test_fault BEFORE INSERT ON "newsletter_subscription_event"
   FOR EACH ROW EXECUTE FUNCTION effects_test_fault()`,
]

/** What recipient n (1-based) reports: a complaint, a permanent bounce, a transient bounce or a delivery. */
const storyOf = (n: number) => (["delivered", "complaint", "bounce", "transient"] as const)[n % 4]

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const suite = useNewsletterSuite(getContainer, api, stand)

    it("kill the process between a report's commit and its effect, and fail effects: 0 effects lost", async () => {
      const container = getContainer()
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const sql = async (query: string, params: unknown[] = []) => (await knex.raw(query, params)).rows
      const email = (n: number) => `dur${String(n).padStart(7, "0")}@example.jp`

      await seedSubscribersSql(container, RECIPIENTS, "dur")
      const { id, recipient_count } = await suite.reserveArticle()
      expect(recipient_count).toEqual(RECIPIENTS)
      suite.clock.advanceMinutes(11)
      await dispatchNewslettersJob(container)
      expect(suite.tally(id, RECIPIENTS)).toEqual({ sent: RECIPIENTS, duplicates: 0, lost: 0 })

      // One report per recipient, each signed once with its own svix-id, as Resend sends them.
      const messages = new Map(suite.messagesFor(id).map((m) => [m.to[0], m]))
      const reports = Array.from({ length: RECIPIENTS }, (_, i) => {
        const n = i + 1
        const message = messages.get(email(n))!
        const story = storyOf(n)
        const event =
          story === "complaint"
            ? resendEvent("email.complained", message)
            : story === "bounce"
              ? resendEvent("email.bounced", message, {
                  bounce: { type: "Permanent", subType: "General", message: "No such user" },
                })
              : story === "transient"
                ? resendEvent("email.bounced", message, { bounce: { type: "Transient", message: "Mailbox full" } })
                : resendEvent("email.delivered", message)
        return { n, story, svixId: `msg_durable_${n}`, body: JSON.stringify(event), event }
      })
      const answers: Array<{ status: number; applied: boolean }> = []
      const deliver = async (items: typeof reports) => {
        for (let i = 0; i < items.length; i += WAVE) {
          const wave = items.slice(i, i + WAVE)
          const responses = await Promise.all(
            wave.map((r) =>
              api
                .post(HOOK, r.body, { headers: signWebhook(r.body, { id: r.svixId }) })
                .catch((e) => e.response)
            )
          )
          responses.forEach((res) => answers.push({ status: res.status, applied: res.data?.applied === true }))
        }
      }

      for (const statement of FAULTS_SQL) {
        await sql(statement)
      }

      // 1. Real kills: a separate Medusa process applies the first reports and is SIGKILLed while
      //    an effect's transaction is open (its report already committed). Each next process gets
      //    the same list: what was recorded comes back a duplicate, so it goes one effect further.
      const reportsFile = path.join(tmpdir(), `effects-durable-${process.pid}.json`)
      writeFileSync(
        reportsFile,
        JSON.stringify(
          reports
            .slice(0, KILL_PHASE_REPORTS)
            .map((r) => toDeliveryEvent(ResendWebhookEventSchema.parse(r.event), r.svixId, new Date(), { couponPath: "newsletter-coupons" }))
        )
      )
      await sql(`INSERT INTO effects_test_faults VALUES ('kill')`)
      const env = {
        DATABASE_URL: container.resolve("configModule").projectConfig.databaseUrl,
        RESEND_STANDIN_URL: stand.standin.url,
        REPORTS_FILE: reportsFile,
      }
      const sleeping = async () =>
        (await sql(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`
        )) as Array<{ pid: number }>
      let killed = 0
      for (let k = 0; k < KILLS; k++) {
        const deliverer = startWorker(env, "./integration-tests/scripts/deliver-reports.ts")
        let held: Array<{ pid: number }> = []
        const deadline = Date.now() + 90_000
        while (!(held = await sleeping()).length) {
          if (Date.now() > deadline || deliverer.output().includes("REPORTS_DONE")) {
            throw new Error(`No effect reached the kill point:\n${deliverer.output().slice(-2000)}`)
          }
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
        deliverer.process.kill("SIGKILL")
        await deliverer.exited
        // The dead process's connection would sleep on; end it so its transaction rolls back now.
        for (const { pid } of held) {
          await sql(`SELECT pg_terminate_backend(?)`, [pid])
        }
        while ((await sleeping()).length) {
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
        killed++
      }
      await sql(`DELETE FROM effects_test_faults`)
      const recordedByKilled = (await sql(`SELECT count(*)::int AS n FROM "newsletter_webhook_event"`))[0].n
      const owedAfterKills = (
        await sql(`SELECT count(*)::int AS n FROM "newsletter_delivery_effect" WHERE "applied_at" IS NULL`)
      )[0].n

      // 2. Injected failures over HTTP: every third effect transaction fails after its report committed.
      await sql(`INSERT INTO effects_test_faults VALUES ('fail')`)
      await deliver(reports.slice(KILL_PHASE_REPORTS))
      // 3. Resend delivers every report again (same svix-id): recorded ones are duplicates.
      await deliver(reports)
      await sql(`DELETE FROM effects_test_faults`)
      const injected = (
        await sql(`SELECT (CASE WHEN is_called THEN last_value ELSE 0 END)::int AS n FROM effects_test_fault_hits`)
      )[0].n
      const owedBeforeJob = (
        await sql(`SELECT count(*)::int AS n FROM "newsletter_delivery_effect" WHERE "applied_at" IS NULL`)
      )[0].n
      const failedAttempts = (
        await sql(`SELECT COALESCE(sum("attempts"), 0)::int AS n FROM "newsletter_delivery_effect"`)
      )[0].n

      // 4. The every-minute job ("after the restart") applies whatever is owed.
      await newsletterDeliveryEffectsJob(container)

      const owedAfterJob = (
        await sql(`SELECT count(*)::int AS n FROM "newsletter_delivery_effect" WHERE "applied_at" IS NULL`)
      )[0].n
      const subscriptions = (await sql(
        `SELECT "email", "status", "transient_error_count" FROM "newsletter_subscription" WHERE "email" LIKE 'dur%'`
      )) as Array<{ email: string; status: string; transient_error_count: number }>
      const byEmail = new Map(subscriptions.map((s) => [s.email, s]))
      const history = (await sql(
        `SELECT s."email", e."from_status", e."to_status", e."source", e."reason", e."reason_code", e."params", e."newsletter_id"
         FROM "newsletter_subscription_event" e JOIN "newsletter_subscription" s ON s."id" = e."subscription_id"`
      )) as Array<Record<string, string>>
      const expected = { complaint: "unsubscribed", bounce: "cleaned", transient: "subscribed", delivered: "subscribed" }
      const wrong = reports.filter((r) => byEmail.get(email(r.n))?.status !== expected[r.story])
      const count = (story: string) => reports.filter((r) => r.story === story).length
      const unsubscribed = reports.filter((r) => r.story === "complaint" && byEmail.get(email(r.n))?.status === "unsubscribed").length
      const cleaned = reports.filter((r) => r.story === "bounce" && byEmail.get(email(r.n))?.status === "cleaned").length

      report("effects durable", {
        reports: RECIPIENTS,
        httpDeliveries: answers.length,
        kills: killed,
        injectedFailures: injected,
        owedAfterKills,
        owedBeforeJob,
        owedAfterJob,
        unsubscribed: `${unsubscribed}/${count("complaint")}`,
        cleaned: `${cleaned}/${count("bounce")}`,
        lost: wrong.length,
      })

      expect(killed).toEqual(KILLS)
      expect(KILLS + injected).toBeGreaterThanOrEqual(20)
      // Every killed process left exactly the effect it was applying owed, its report recorded.
      expect(owedAfterKills).toEqual(KILLS)
      expect(failedAttempts).toEqual(injected)
      expect(owedBeforeJob).toEqual(KILLS + injected)
      expect(answers.filter((a) => a.status !== 200)).toEqual([])
      // Each report was applied exactly once: by a killed process or by one HTTP delivery.
      expect(recordedByKilled + answers.filter((a) => a.applied).length).toEqual(RECIPIENTS)
      expect(owedAfterJob).toEqual(0)
      expect(wrong.map((r) => `${email(r.n)} ${r.story}: ${byEmail.get(email(r.n))?.status}`)).toEqual([])
      expect([unsubscribed, cleaned]).toEqual([count("complaint"), count("bounce")])
      expect(reports.filter((r) => r.story === "transient").map((r) => byEmail.get(email(r.n))!.transient_error_count)).toEqual(
        reports.filter((r) => r.story === "transient").map(() => 1)
      )
      // Exactly one history entry per changed address, naming the article and the reason.
      expect(history).toHaveLength(count("complaint") + count("bounce"))
      const entries = new Map(history.map((h) => [h.email, h]))
      expect(entries.size).toEqual(history.length)
      for (const r of reports.filter((x) => x.story === "complaint" || x.story === "bounce")) {
        const h = entries.get(email(r.n))!
        expect([h.from_status, h.to_status, h.source, h.reason, h.reason_code, h.params, h.newsletter_id]).toEqual(
          r.story === "complaint"
            ? ["subscribed", "unsubscribed", "complaint", null, "complaint", {}, id]
            : [
                "subscribed",
                "cleaned",
                "bounce",
                null,
                "bounce",
                { error_type: "permanent", provider_reason: "Permanent: General: No such user" },
                id,
              ]
        )
      }

      await sql(`DROP TRIGGER effects_test_fault ON "newsletter_subscription_event"`)
    })
  },
})
