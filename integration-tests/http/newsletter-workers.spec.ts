import dispatchNewslettersJob from "../../src/jobs/dispatch-newsletters"
import { seedSubscribers } from "../helpers/seed"
import { useResendStandin } from "../helpers/standin"
import { useNewsletterSuite } from "../helpers/suite"
import { startWorker, waitFor } from "../helpers/workers"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(300 * 1000)

// Small batches, so an article spans many requests; a short lease, so a dead worker's batch is
// taken over within seconds (a 1 s answer timeout, so the options accept that lease). Read by this
// suite's app and by the worker processes alike.
const WORKER_ENV = {
  NEWSLETTER_TEST_BATCH_SIZE: "10",
  NEWSLETTER_TEST_LEASE_SECONDS: "5",
  NEWSLETTER_TEST_RESEND_TIMEOUT: "1",
  NEWSLETTER_TEST_RPS: "50",
}
const stand = useResendStandin(WORKER_ENV)

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const suite = useNewsletterSuite(getContainer, api, stand)
    const { tally, storedCounters } = suite

    // This suite sets latency and rate limits per test; start each from none (after the shared reset).
    beforeEach(() => {
      stand.standin.setLatency(0)
      stand.standin.setRateLimit(null)
    })

    const reserve = async () => (await suite.reserveArticle({ subject: "<#顧客名>様" })).id

    const workerEnv = () => ({
      ...WORKER_ENV,
      DATABASE_URL: getContainer().resolve("configModule").projectConfig.databaseUrl,
      RESEND_STANDIN_URL: stand.standin.url,
      // The workers' clocks are past the send time.
      NEWSLETTER_CLOCK_OFFSET_MS: String(11 * 60_000),
      WORKER_RUN_SECONDS: "90",
    })

    const expectSentExactlyOnce = async (newsletterId: string, total: number) => {
      expect(tally(newsletterId, total)).toEqual({ sent: total, duplicates: 0, lost: 0 })
      expect(await storedCounters(newsletterId)).toEqual({
        status: "sent", total, succeeded: total, failed: 0, unsent: 0, skipped: 0,
      })
      const recipients = await suite.service.listNewsletterRecipients(
        { newsletter_id: newsletterId },
        { take: 10_000 }
      )
      const acceptedIds = new Set(stand.standin.messages.map((m) => m.id))
      expect(recipients.filter((r) => r.status !== "sent" || !acceptedIds.has(r.provider_message_id!))).toEqual([])
    }

    it("should share one article between two worker processes with no duplicate and no loss", async () => {
      await seedSubscribers(getContainer(), 400)
      const id = await reserve()
      stand.standin.setLatency(100)

      const workers = [startWorker(workerEnv()), startWorker(workerEnv())]
      const codes = await Promise.all(workers.map((w) => w.exited))
      expect(codes).toEqual([0, 0])

      await expectSentExactlyOnce(id, 400)
      const batches = await suite.service.listNewsletterBatches({ newsletter_id: id }, { take: 100 })
      expect(batches.map((b) => b.status)).toEqual(Array(40).fill("done"))
      // Both processes did part of the work.
      expect(new Set(batches.map((b) => b.worker_id)).size).toEqual(2)
    })

    it.each([3, 9, 16])(
      "should send every mail exactly once when a worker is killed after %i requests",
      async (killAfter) => {
        await seedSubscribers(getContainer(), 200)
        const id = await reserve()
        // Slow answers: the kill very likely lands while a request is in flight.
        stand.standin.setLatency(150)

        const doomed = startWorker(workerEnv())
        await waitFor(() => stand.standin.requests.length >= killAfter, 60_000, `${killAfter} requests`)
        doomed.process.kill("SIGKILL")
        expect(await doomed.exited).toEqual(null)
        expect(tally(id, 200).sent).toBeLessThan(200)

        const successor = startWorker(workerEnv())
        expect(await successor.exited).toEqual(0)
        await expectSentExactlyOnce(id, 200)
      }
    )

    it("should complete with exact counts and no duplicates while 20% of requests fail in mixed ways", async () => {
      await seedSubscribers(getContainer(), 250)
      const id = await reserve()
      stand.standin.randomFaults({ rate: 0.2, seed: 7 })
      suite.clock.advanceMinutes(11)

      for (let run = 0; run < 30; run++) {
        await dispatchNewslettersJob(getContainer())
        const [article] = await suite.service.listNewsletters({ id })
        if (article.status !== "sending") {
          break
        }
        // Released batches wait for their backoff; the next job run comes later.
        await new Promise((resolve) => setTimeout(resolve, 200))
      }

      const faulted = stand.standin.requests.filter((r) => r.fault)
      expect(faulted.length).toBeGreaterThan(3)
      await expectSentExactlyOnce(id, 250)
    })

    it("should wait retry-after after every 429 and still send everything once", async () => {
      await seedSubscribers(getContainer(), 100)
      const id = await reserve()
      // Resend allows 2 requests/s; the plugin is configured for 50: the stand-in answers 429s.
      stand.standin.setRateLimit(2)
      suite.clock.advanceMinutes(11)

      for (let run = 0; run < 10; run++) {
        await dispatchNewslettersJob(getContainer())
        const [article] = await suite.service.listNewsletters({ id })
        if (article.status !== "sending") {
          break
        }
      }

      const requests = stand.standin.requests
      const limited = requests.filter((r) => r.status === 429)
      expect(limited.length).toBeGreaterThan(0)
      for (const refused of limited) {
        const retry = requests.find((r) => r.idempotencyKey === refused.idempotencyKey && r.at > refused.at)!
        // retry-after is at least one second.
        expect(retry.at - refused.at).toBeGreaterThanOrEqual(1000)
      }
      await expectSentExactlyOnce(id, 100)
    })
  },
})
