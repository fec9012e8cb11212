import dispatchNewslettersJob from "../../src/jobs/dispatch-newsletters"
import { report, seeded, shuffle } from "../helpers/report"
import { seedSubscribers } from "../helpers/seed"
import { seedSubscribersSql } from "../helpers/sql-seed"
import { useResendStandin } from "../helpers/standin"
import { useNewsletterSuite } from "../helpers/suite"
import { resendEvent, signWebhook } from "../helpers/webhooks"
import { startWorker, waitFor } from "../helpers/workers"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(15 * 60 * 1000)

// Short lease so a killed worker's batch is taken over within seconds; a 1 s answer timeout so a
// hung request becomes an unknown outcome that is retried with its key.
const ENV = {
  NEWSLETTER_TEST_LEASE_SECONDS: "5",
  NEWSLETTER_TEST_RPS: "100",
  NEWSLETTER_TEST_RESEND_TIMEOUT: "1",
}
const stand = useResendStandin(ENV)

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const suite = useNewsletterSuite(getContainer, api, stand)
    const { tally, storedCounters } = suite

    // This suite sets latency per test; start each from none (after the shared reset).
    beforeEach(() => {
      stand.standin.setLatency(0)
    })

    const reserve = async () => {
      const { id, recipient_count } = await suite.reserveArticle()
      return { id, total: recipient_count }
    }

    it("SIGKILL at 5 random points of a 20,000-recipient article: 0 duplicates, 0 lost", async () => {
      await seedSubscribersSql(getContainer(), 20_000)
      const { id, total } = await reserve()
      expect(total).toEqual(20_000)
      // Slow answers so that kills land while requests are in flight.
      stand.standin.setLatency(30)
      const random = seeded(2026)
      const killPoints = Array.from({ length: 5 }, () => 5 + Math.floor(random() * 180)).sort((a, b) => a - b)
      const env = {
        ...ENV,
        DATABASE_URL: getContainer().resolve("configModule").projectConfig.databaseUrl,
        RESEND_STANDIN_URL: stand.standin.url,
        NEWSLETTER_CLOCK_OFFSET_MS: String(11 * 60_000),
        WORKER_RUN_SECONDS: "300",
      }
      for (const point of killPoints) {
        const worker = startWorker(env)
        await waitFor(() => stand.standin.requests.length >= point, 120_000, `${point} requests`)
        worker.process.kill("SIGKILL")
        await worker.exited
      }
      const last = startWorker(env)
      expect(await last.exited).toEqual(0)

      const figures = tally(id, total)
      report("sigkill x5 on 20000", { killPoints: killPoints.join(","), ...figures, requests: stand.standin.requests.length })
      expect(figures).toEqual({ sent: 20_000, duplicates: 0, lost: 0 })
      expect(await storedCounters(id)).toEqual({
        status: "sent", total: 20_000, succeeded: 20_000, failed: 0, unsent: 0, skipped: 0,
      })
    })

    it("the stand-in failing 20% of requests (5xx, 429, timeouts, dropped connections): completes, exact counts", async () => {
      await seedSubscribersSql(getContainer(), 3_000, "fault")
      const { id, total } = await reserve()
      stand.standin.randomFaults({ rate: 0.2, seed: 11 })
      // Slow answers beyond the 1 s timeout: the plugin gives up waiting, the stand-in still sends.
      stand.standin.fault({ type: "delay", ms: 2500, times: 3 })
      suite.clock.advanceMinutes(11)
      let runs = 0
      for (; runs < 60; runs++) {
        await dispatchNewslettersJob(getContainer())
        const [n] = await suite.service.listNewsletters({ id })
        if (n.status !== "sending") {
          break
        }
        await new Promise((resolve) => setTimeout(resolve, 300))
      }
      const faults = stand.standin.requests.filter((r) => r.fault).length
      const figures = tally(id, total)
      report("20% faults on 3000", { ...figures, requests: stand.standin.requests.length, faults, runs: runs + 1 })
      expect(faults).toBeGreaterThanOrEqual(Math.floor(stand.standin.requests.length * 0.1))
      expect(figures).toEqual({ sent: 3_000, duplicates: 0, lost: 0 })
      expect(await storedCounters(id)).toEqual({
        status: "sent", total: 3_000, succeeded: 3_000, failed: 0, unsent: 0, skipped: 0,
      })
    })

    it("every webhook event three times in shuffled order: identical final counts and customer states", async () => {
      await seedSubscribers(getContainer(), 12)
      const { id } = await reserve()
      suite.clock.advanceMinutes(11)
      await dispatchNewslettersJob(getContainer())
      const to = (n: number) => stand.standin.messages.find((m) => m.to[0] === `taro${String(n).padStart(3, "0")}@example.jp`)!

      // The same story for two halves of the list: once in order, once tripled and shuffled.
      const story = (offset: number) => [
        resendEvent("email.delivered", to(offset + 1)),
        resendEvent("email.opened", to(offset + 1)),
        resendEvent("email.clicked", to(offset + 1)),
        resendEvent("email.delivered", to(offset + 2)),
        resendEvent("email.bounced", to(offset + 2), { bounce: { type: "Permanent", message: "No such user" } }),
        resendEvent("email.bounced", to(offset + 3), { bounce: { type: "Transient", message: "Mailbox full" } }),
        resendEvent("email.delivered", to(offset + 4)),
        resendEvent("email.complained", to(offset + 4)),
        resendEvent("email.delivery_delayed", to(offset + 5)),
        resendEvent("email.failed", to(offset + 5), { failed: { reason: "timed out" } }),
        resendEvent("email.suppressed", to(offset + 6), { suppressed: { type: "OnAccountSuppressionList" } }),
      ]
      // One signed delivery per event: repeats are the same delivery (same svix-id), as Resend retries.
      const signatures = new Map<object, ReturnType<typeof signWebhook>>()
      const deliver = async (events: object[]) => {
        for (const event of events) {
          const body = JSON.stringify(event)
          const signed = signatures.get(event) ?? signWebhook(body)
          signatures.set(event, signed)
          const response = await api.post("/hooks/newsletter/resend", body, { headers: signed })
          expect(response.status).toEqual(200)
        }
      }
      const state = async (offset: number) => {
        const rows = []
        for (let n = offset + 1; n <= offset + 6; n++) {
          const email = `taro${String(n).padStart(3, "0")}@example.jp`
          const [recipient] = await suite.service.listNewsletterRecipients({ newsletter_id: id, email })
          const [subscription] = await suite.service.listNewsletterSubscriptions({ email })
          rows.push([recipient.status, recipient.error_type, !!recipient.delivered_at, !!recipient.opened_at, !!recipient.clicked_at, !!recipient.complained_at, subscription.status])
        }
        return rows
      }

      await deliver(story(0))
      const once = await state(0)
      const tripled = story(6).flatMap((e) => [e, e, e])
      await deliver(shuffle(tripled, seeded(7)))
      const shuffled = await state(6)

      const [n] = await suite.service.listNewsletters({ id })
      report("webhooks x3 shuffled", { events: tripled.length, identical: JSON.stringify(once) === JSON.stringify(shuffled) })
      expect(shuffled).toEqual(once)
      expect([n.succeeded_count, n.failed_count, n.delivered_count, n.opened_count, n.clicked_count, n.complained_count]).toEqual([
        4, 8, 4, 2, 2, 2,
      ])
    })
  },
})
