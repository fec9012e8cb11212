import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { loadArticle } from "../../src/lib/dispatch/article"
import { resolveLinkKeys } from "../../src/lib/dispatch/links"
import { sendNewsletters, SendNewslettersSummary } from "../../src/lib/dispatch/send-newsletters"
import { getTransport, NewsletterTransport } from "../../src/lib/transport"
import type NewsletterModuleService from "../../src/modules/newsletter/service"
import type { RecordBatchResult } from "../../src/modules/newsletter/service"
import { claimDueNewslettersStep } from "../../src/workflows/steps/claim-due-newsletters"
import { report } from "../helpers/report"
import { movableClock, seedSubscribers } from "../helpers/seed"
import { SHORT_LEASE_ENV, useResendStandin } from "../helpers/standin"
import { useNewsletterSuite } from "../helpers/suite"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(5 * 60 * 1000)

const stand = useResendStandin(SHORT_LEASE_ENV)
const LEASE_SECONDS = Number(SHORT_LEASE_ENV.NEWSLETTER_TEST_LEASE_SECONDS)

/** The dispatcher's claim step alone, so each worker's sending can be driven by hand. */
const claimOnly = createWorkflow("test-late-lease-claim", () => new WorkflowResponse(claimDueNewslettersStep()))

/** `transport`, running `after` once each answer came and before the worker sees it. */
function withAfter(transport: NewsletterTransport, after: () => Promise<void>): NewsletterTransport {
  return {
    name: transport.name,
    description: transport.description,
    sendBatch: async (messages, key) => {
      const outcome = await transport.sendBatch(messages, key)
      await after()
      return outcome
    },
  }
}

/** A promise the test opens by hand. */
function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const suite = useNewsletterSuite(getContainer, api, stand)

    /** A worker process of its own: its id, clock, transport and (optionally wrapped) service. */
    const worker = async (
      workerId: string,
      clock: { now: () => Date },
      transport: NewsletterTransport,
      overrides: { service?: NewsletterModuleService; sleep?: (ms: number) => Promise<void> } = {}
    ): Promise<SendNewslettersSummary> => {
      const container: MedusaContainer = getContainer()
      const options = await suite.service.getOptions()
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      return await sendNewsletters({
        service: overrides.service ?? suite.service,
        options,
        transport,
        clock,
        linkKeys: resolveLinkKeys(container, options),
        workerId,
        logger: container.resolve(ContainerRegistrationKeys.LOGGER),
        loadArticle: (id) => loadArticle(query, id),
        emit: async () => undefined,
        ...(overrides.sleep ? { sleep: overrides.sleep } : {}),
      })
    }

    /** Reserves a 10-recipient article and claims it at the suite's clock, 11 minutes on. */
    const claimedArticle = async () => {
      await seedSubscribers(getContainer(), 10)
      const { id } = await suite.reserveArticle()
      suite.clock.advanceMinutes(11)
      const { result } = await claimOnly(getContainer()).run()
      expect(result).toEqual([id])
      return { id, start: suite.clock.now() }
    }

    const batchOf = async (id: string) => (await suite.service.listNewsletterBatches({ newsletter_id: id }))[0]
    const pendingOf = async (id: string) =>
      (await suite.service.listNewsletterRecipients({ newsletter_id: id, status: "pending" }, { take: 100 })).length
    const real = async () => getTransport(await suite.service.getOptions())

    it("a worker that lost its lease records late, after its successor sent: its record changes nothing", async () => {
      const { id, start } = await claimedArticle()
      const transport = await real()
      const aAnswered = gate()
      const bAnswered = gate()
      const aRecorded = gate()
      // A freezes right after Resend answered it (a long GC pause, a suspended VM) ...
      const transportA = withAfter(transport, async () => {
        aAnswered.open()
        await bAnswered.opened
      })
      // ... and wakes once its successor B has sent the batch, but before B records it.
      const transportB = withAfter(transport, async () => {
        bAnswered.open()
        await aRecorded.opened
      })
      const aRecords: Array<{ result: RecordBatchResult; pendingAfter: number }> = []
      const serviceA = new Proxy(suite.service, {
        get(target, property) {
          if (property === "recordNewsletterBatch") {
            return async (input: Parameters<NewsletterModuleService["recordNewsletterBatch"]>[0]) => {
              const result = await target.recordNewsletterBatch(input)
              aRecords.push({ result, pendingAfter: await pendingOf(id) })
              aRecorded.open()
              return result
            }
          }
          const value = (target as any)[property]
          return typeof value === "function" ? value.bind(target) : value
        },
      })

      const clockA = movableClock(start)
      const runA = worker("worker-A", clockA, transportA, { service: serviceA })
      await aAnswered.opened
      // A's lease runs out while it is frozen; B comes a second after A wakes.
      const later = new Date(start.getTime() + (LEASE_SECONDS + 1) * 1000)
      const clockB = movableClock(new Date(later.getTime() + 1000))
      clockA.set(later)
      const runB = worker("worker-B", clockB, transportB)
      const [a, b] = await Promise.all([runA, runB])

      const batch = await batchOf(id)
      const figures = suite.tally(id, 10)
      const requests = stand.standin.requests
      report("late record after a take-over", {
        lateRecorded: aRecords.map((r) => r.result.recorded).join(","),
        pendingAfterLateRecord: aRecords[0]?.pendingAfter,
        supersededA: a.superseded,
        sentA: a.sent,
        sentB: b.sent,
        requests: requests.length,
        replayed: requests.filter((r) => r.replayed).length,
        batchHolder: `${batch.worker_id}#${batch.attempts}`,
        ...figures,
      })
      expect(aRecords).toEqual([{ result: { recorded: false }, pendingAfter: 10 }])
      expect([a.batches, a.sent, a.superseded]).toEqual([1, 0, 1])
      expect([b.batches, b.sent, b.superseded]).toEqual([1, 10, 0])
      expect([...a.finished, ...b.finished]).toEqual([{ id, status: "sent" }])
      // Both requests carried the batch's key; the successor's was answered from the first.
      expect(requests.map((r) => [r.idempotencyKey, r.status, r.replayed ?? false])).toEqual([
        [`newsletter/${id}/batch/1`, 200, false],
        [`newsletter/${id}/batch/1`, 200, true],
      ])
      expect(batch).toEqual(expect.objectContaining({ status: "done", worker_id: "worker-B", attempts: 2 }))
      expect(figures).toEqual({ sent: 10, duplicates: 0, lost: 0 })
      expect(await suite.storedCounters(id)).toEqual({
        status: "sent", total: 10, succeeded: 10, failed: 0, unsent: 0, skipped: 0,
      })
      // Every recipient carries B's record (its clock), none A's.
      const recipients = await suite.service.listNewsletterRecipients({ newsletter_id: id }, { take: 100 })
      expect(new Set(recipients.map((r) => r.attempted_at!.getTime()))).toEqual(new Set([clockB.now().getTime()]))
    })

    it("a worker whose request timed out and whose lease ran out meanwhile sends nothing more", async () => {
      const { id, start } = await claimedArticle()
      const transport = await real()
      let requestsA = 0
      const transportA = withAfter(transport, async () => {
        requestsA++
      })
      // A's first request outlives its 1 s answer timeout: the outcome is unknown to A.
      stand.standin.fault({ type: "delay", ms: 1500 })
      const later = new Date(start.getTime() + (LEASE_SECONDS + 1) * 1000)
      const clockA = movableClock(start)
      const runB: { summary?: SendNewslettersSummary } = {}
      // A freezes in its backoff; its lease runs out and B takes the batch over and finishes it.
      const sleepA = async (ms: number) => {
        if (ms >= 500 && !runB.summary) {
          clockA.set(later)
          runB.summary = await worker("worker-B", movableClock(later), transport)
          return
        }
        await new Promise((resolve) => setTimeout(resolve, ms))
      }
      const a = await worker("worker-A", clockA, transportA, { sleep: sleepA })
      const b = runB.summary!

      const batch = await batchOf(id)
      const figures = suite.tally(id, 10)
      const requests = stand.standin.requests
      report("late retry after a take-over", {
        requestsA,
        requestsB: requests.length - requestsA,
        supersededA: a.superseded,
        sentA: a.sent,
        sentB: b.sent,
        batchHolder: `${batch.worker_id}#${batch.attempts}`,
        ...figures,
      })
      expect(requestsA).toEqual(1)
      expect([a.sent, a.superseded]).toEqual([0, 1])
      expect([b.sent, b.finished]).toEqual([10, [{ id, status: "sent" }]])
      expect(batch).toEqual(expect.objectContaining({ status: "done", worker_id: "worker-B", attempts: 2 }))
      expect(figures).toEqual({ sent: 10, duplicates: 0, lost: 0 })
      expect(await suite.storedCounters(id)).toEqual({
        status: "sent", total: 10, succeeded: 10, failed: 0, unsent: 0, skipped: 0,
      })
    })
  },
})
