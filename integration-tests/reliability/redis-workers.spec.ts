import Redis from "ioredis"
import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import type NewsletterModuleService from "../../src/modules/newsletter/service"
import { createAdminHeaders } from "../helpers/auth"
import { report } from "../helpers/report"
import { validArticle } from "../helpers/seed"
import { seedSubscribersSql } from "../helpers/sql-seed"
import { useResendStandin } from "../helpers/standin"
import { startWorker, waitFor, Worker } from "../helpers/workers"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(10 * 60 * 1000)

// Redis database of this suite only; flushed before it starts.
const REDIS_URL = "redis://127.0.0.1:6379/7"
// No lead time here: the workers run the real every-minute job on the real clock.
// A 30 s lease needs an answer timeout of at most 14 s (two attempts' worst case must fit).
const ENV = {
  NEWSLETTER_TEST_MIN_LEAD: "0",
  NEWSLETTER_TEST_LEASE_SECONDS: "30",
  NEWSLETTER_TEST_RESEND_TIMEOUT: "10",
  NEWSLETTER_TEST_RPS: "100",
}
const stand = useResendStandin(ENV)

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const workers: Worker[] = []

    afterAll(async () => {
      workers.forEach((w) => w.process.kill("SIGTERM"))
      await Promise.all(workers.map((w) => w.exited))
    })

    it("two workers with Redis event bus, workflow engine and locking: 0 duplicates, 0 lost, the job once per minute", async () => {
      const redis = new Redis(REDIS_URL)
      await redis.flushdb()
      await redis.quit()

      const container = getContainer()
      const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
      const { headers } = await createAdminHeaders(container)
      await seedSubscribersSql(container, 2_000, "redis")

      const env = {
        ...ENV,
        DATABASE_URL: container.resolve("configModule").projectConfig.databaseUrl,
        RESEND_STANDIN_URL: stand.standin.url,
        MEDUSA_TEST_WORKER_MODE: "worker",
        NEWSLETTER_TEST_REDIS_URL: REDIS_URL,
        WORKER_RUN_SECONDS: "400",
      }
      workers.push(startWorker(env, "./integration-tests/scripts/idle-worker.ts"))
      workers.push(startWorker(env, "./integration-tests/scripts/idle-worker.ts"))
      await waitFor(() => workers.every((w) => w.output().includes("WORKER_READY")), 120_000, "both workers")

      const sendOne = async () => {
        const { newsletter } = (
          await api.post(
            "/admin/newsletters",
            validArticle({ scheduled_at: new Date(Date.now() + 2_000).toISOString() }),
            { headers }
          )
        ).data
        await api.post(`/admin/newsletters/${newsletter.id}/schedule`, {}, { headers })
        let status = "scheduled"
        const poll = setInterval(async () => {
          status = (await service.listNewsletters({ id: newsletter.id }))[0].status
        }, 500)
        try {
          await waitFor(() => status === "sent", 150_000, `newsletter ${newsletter.id} sent by the job`)
        } catch (e) {
          throw new Error(
            `${(e as Error).message}\n--- worker 1\n${workers[0].output().slice(-3000)}\n--- worker 2\n${workers[1]
              .output()
              .slice(-3000)}`
          )
        } finally {
          clearInterval(poll)
        }
        return newsletter.id as string
      }

      for (const round of [1, 2]) {
        const id = await sendOne()
        const [article] = await service.listNewsletters({ id })
        const batches = await service.listNewsletterBatches({ newsletter_id: id }, { take: 1000 })
        const perAddress = new Map<string, number>()
        stand.standin.messages
          .filter((m) => m.tags?.some((t) => t.name === "newsletter_id" && t.value === id))
          .forEach((m) => perAddress.set(m.to[0], (perAddress.get(m.to[0]) ?? 0) + 1))
        const messages = [...perAddress.values()].reduce((a, b) => a + b, 0)
        const figures = {
          sent: perAddress.size,
          duplicates: messages - perAddress.size,
          lost: 2_000 - perAddress.size,
        }
        const workerIds = new Set(batches.map((b) => b.worker_id))
        report(`redis workers, article ${round}`, {
          ...figures,
          started_at: article.started_at!.toISOString(),
          workers_that_sent: workerIds.size,
        })
        expect(figures).toEqual({ sent: 2_000, duplicates: 0, lost: 0 })
        expect([article.succeeded_count, article.unsent_count]).toEqual([2_000, 0])
        // One job run, on one of the two workers, sent the whole article: the job ran once that minute.
        expect(workerIds.size).toEqual(1)
        // The job starts on a minute boundary.
        expect(article.started_at!.getUTCSeconds()).toBeLessThan(20)
      }
    })
  },
})
