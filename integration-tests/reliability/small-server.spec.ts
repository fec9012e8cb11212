import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { report } from "../helpers/report"
import { seedSubscribersSql } from "../helpers/sql-seed"
import { useResendStandin } from "../helpers/standin"
import { useNewsletterSuite } from "../helpers/suite"
import { startWorker } from "../helpers/workers"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(60 * 60 * 1000)

const ENV = { NEWSLETTER_TEST_RPS: "100" }
// 100,000 accepted mails are recorded without their bodies (the tally needs addresses and tags).
const stand = useResendStandin(ENV, { recordContent: false })

/** The bisection's bounds (MB of V8 old space) and how close it gets before it stops. */
const LOWEST = 64
const HIGHEST = 512
const PRECISION = 16
const HEADROOM = 64

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const suite = useNewsletterSuite(getContainer, api, stand)

    const workerEnv = () => ({
      ...ENV,
      DATABASE_URL: getContainer().resolve("configModule").projectConfig.databaseUrl,
      RESEND_STANDIN_URL: stand.standin.url,
      NEWSLETTER_CLOCK_OFFSET_MS: String(11 * 60_000),
      WORKER_RUN_SECONDS: "1800",
    })

    /** A dispatch worker (integration-tests/scripts/dispatch-worker.ts) with V8's old space capped. */
    const runWorker = async (oldSpaceMb: number) => {
      const worker = startWorker({ ...workerEnv(), NODE_OPTIONS: `--max-old-space-size=${oldSpaceMb}` })
      const code = await worker.exited
      const output = worker.output()
      return {
        ok: code === 0 && output.includes("WORKER_DONE"),
        code,
        outOfMemory: /heap out of memory|Allocation failed/i.test(output),
        output,
      }
    }

    it("a worker capped at the idle minimum + 64 MB of old space sends 100,000: 0 lost, 0 duplicates, no OOM", async () => {
      // 1. The smallest old space with which a worker boots and runs the dispatch job with
      //    nothing to send (no article is being sent yet), by bisection.
      expect((await runWorker(HIGHEST)).ok).toBe(true)
      let fails = LOWEST
      let works = HIGHEST
      const tried: string[] = []
      if ((await runWorker(LOWEST)).ok) {
        works = LOWEST
      }
      while (works - fails > PRECISION) {
        const mid = Math.round((fails + works) / 2)
        const run = await runWorker(mid)
        tried.push(`${mid}:${run.ok ? "ok" : run.outOfMemory ? "oom" : `exit ${run.code}`}`)
        if (run.ok) works = mid
        else fails = mid
      }
      report("idle worker's smallest --max-old-space-size", { mb: works, failsAt: fails, tried: tried.join(",") })

      // 2. A worker with that much + 64 MB sends a list of 100,000 to the unlimited stand-in.
      await seedSubscribersSql(getContainer(), 100_000)
      // Statistics for the fresh tables, as a real shop's database has them: the snapshot's plan
      // depends on them (without, it can take minutes).
      await getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION).raw("ANALYZE")
      const { id, recipient_count: total } = await suite.reserveArticle()
      expect(total).toEqual(100_000)
      const started = Date.now()
      const run = await runWorker(works + HEADROOM)
      const figures = suite.tally(id, total)
      report("100,000 with the idle minimum + 64 MB", {
        maxOldSpaceMb: works + HEADROOM,
        exit: run.code,
        outOfMemory: run.outOfMemory,
        seconds: Math.round((Date.now() - started) / 1000),
        ...figures,
      })
      expect({ exit: run.code, done: run.ok, outOfMemory: run.outOfMemory }).toEqual({ exit: 0, done: true, outOfMemory: false })
      expect(figures).toEqual({ sent: 100_000, duplicates: 0, lost: 0 })
      expect(await suite.storedCounters(id)).toEqual({
        status: "sent", total: 100_000, succeeded: 100_000, failed: 0, unsent: 0, skipped: 0,
      })
    })
  },
})
