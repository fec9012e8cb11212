import { asValue } from "@medusajs/framework/awilix"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import dispatchNewslettersJob from "../../src/jobs/dispatch-newsletters"
import { NEWSLETTER_CLOCK } from "../../src/lib/clock"
import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import type NewsletterModuleService from "../../src/modules/newsletter/service"
import { createAdminHeaders } from "../helpers/auth"
import { minutesFromNow, movableClock, seedSubscribers, validArticle } from "../helpers/seed"
import { useResendStandin } from "../helpers/standin"
import { startWorker, waitFor } from "../helpers/workers"

jest.setTimeout(300 * 1000)

// Small batches, so an article spans many requests; a short lease, so a dead worker's batch is
// taken over within seconds. Read by this suite's app and by the worker processes alike.
const WORKER_ENV = {
  NEWSLETTER_TEST_BATCH_SIZE: "10",
  NEWSLETTER_TEST_LEASE_SECONDS: "5",
  NEWSLETTER_TEST_RPS: "50",
}
const stand = useResendStandin(WORKER_ENV)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    let service: NewsletterModuleService
    let clock: ReturnType<typeof movableClock>

    beforeEach(async () => {
      const container = getContainer()
      clock = movableClock()
      container.register(NEWSLETTER_CLOCK, asValue(clock))
      ;({ headers } = await createAdminHeaders(container))
      service = container.resolve(NEWSLETTER_MODULE)
      stand.standin.reset()
      stand.standin.setLatency(0)
      stand.standin.setRateLimit(null)
    })

    const reserve = async () => {
      const { newsletter } = (
        await api.post(
          "/admin/newsletters",
          validArticle({ scheduled_at: minutesFromNow(10), subject: "<#顧客名>様" }),
          { headers }
        )
      ).data
      await api.post(`/admin/newsletters/${newsletter.id}/schedule`, {}, { headers })
      return newsletter.id as string
    }

    const workerEnv = () => ({
      ...WORKER_ENV,
      DATABASE_URL: getContainer().resolve("configModule").projectConfig.databaseUrl,
      RESEND_STANDIN_URL: stand.standin.url,
      // The workers' clocks are past the send time.
      NEWSLETTER_CLOCK_OFFSET_MS: String(11 * 60_000),
      WORKER_RUN_SECONDS: "90",
    })

    /** Messages the stand-in accepted for one article, by recipient address. */
    const deliveries = (newsletterId: string) => {
      const counts = new Map<string, number>()
      stand.standin.messages
        .filter((m) => m.tags?.some((t) => t.name === "newsletter_id" && t.value === newsletterId))
        .forEach((m) => counts.set(m.to[0], (counts.get(m.to[0]) ?? 0) + 1))
      return counts
    }

    const expectSentExactlyOnce = async (newsletterId: string, total: number) => {
      const counts = deliveries(newsletterId)
      expect(counts.size).toEqual(total)
      expect([...counts.values()].filter((n) => n !== 1)).toEqual([])
      const [article] = await service.listNewsletters({ id: newsletterId })
      expect([
        article.status,
        article.total_count,
        article.succeeded_count,
        article.failed_count,
        article.unsent_count,
        article.skipped_count,
      ]).toEqual(["sent", total, total, 0, 0, 0])
      const recipients = await service.listNewsletterRecipients(
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
      const batches = await service.listNewsletterBatches({ newsletter_id: id }, { take: 100 })
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
        expect(deliveries(id).size).toBeLessThan(200)

        const successor = startWorker(workerEnv())
        expect(await successor.exited).toEqual(0)
        await expectSentExactlyOnce(id, 200)
      }
    )

    it("should complete with exact counts and no duplicates while 20% of requests fail in mixed ways", async () => {
      await seedSubscribers(getContainer(), 250)
      const id = await reserve()
      stand.standin.randomFaults({ rate: 0.2, seed: 7 })
      clock.advanceMinutes(11)

      for (let run = 0; run < 30; run++) {
        await dispatchNewslettersJob(getContainer())
        const [article] = await service.listNewsletters({ id })
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
      clock.advanceMinutes(11)

      for (let run = 0; run < 10; run++) {
        await dispatchNewslettersJob(getContainer())
        const [article] = await service.listNewsletters({ id })
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
