/**
 * A Medusa process for the benchmark (`medusa exec bench/scripts/agent.ts` from the repo root, so
 * the repo's test medusa-config.ts registers the plugin's module from source). It waits for
 * commands from bench/run.ts, one JSON object per stdin line, and answers
 * `BENCH_REPLY {"seq", "ok", "result" | "error"}` on stdout.
 *
 * Commands: adminToken, create, schedule, reserve, dispatch, article, quit.
 */
import { mkdirSync } from "node:fs"
import path from "node:path"
import { writeHeapSnapshot } from "node:v8"
import { asValue } from "@medusajs/framework/awilix"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, generateJwtToken, Modules } from "@medusajs/framework/utils"
import { NEWSLETTER_CLOCK } from "../../src/lib/clock"
import { getTransport } from "../../src/lib/transport"
import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createNewsletterWorkflow } from "../../src/workflows/create-newsletter"
import { dispatchNewslettersWorkflow } from "../../src/workflows/dispatch-newsletters"
import { scheduleNewsletterWorkflow } from "../../src/workflows/schedule-newsletter"
import { reserveNewsletterStep } from "../../src/workflows/steps/reserve-newsletter"
import { CommandHandlers, serveCommands } from "../lib/commands"

/**
 * Only the plugin's reservation step (lock, status and lead-time checks, the snapshot, counters),
 * for when scheduleNewsletterWorkflow itself fails in the working tree being measured.
 */
const benchReserveWorkflow = createWorkflow("bench-reserve-newsletter", (input: WorkflowData<{ id: string }>) => {
  return new WorkflowResponse(reserveNewsletterStep(input))
})


/**
 * Looking into the worker's memory: with BENCH_HEAP_SNAPSHOTS="0,10" (seconds after a dispatch
 * starts; 0 = just before it) the agent writes V8 heap snapshots to bench/results/heap/ (summarise
 * them with bench/lib/heap-summary.ts). Off by default: a snapshot stops the process for seconds.
 */
function heapSnapshotsDuring(articleId: string) {
  const at = (process.env.BENCH_HEAP_SNAPSHOTS ?? "").split(",").filter(Boolean).map(Number)
  const dir = path.resolve(__dirname, "../results/heap")
  if (at.length) mkdirSync(dir, { recursive: true })
  const write = (s: number) =>
    console.log(`heap snapshot ${writeHeapSnapshot(path.join(dir, `worker-${process.pid}-${articleId}-${s}s.heapsnapshot`))}`)
  if (at.includes(0)) write(0)
  const timers = at.filter((s) => s > 0).map((s) => setTimeout(() => write(s), s * 1000))
  return { stop: () => timers.forEach(clearTimeout) }
}

export default async function benchAgent({ container }: ExecArgs) {
  // The plugin reads the time from this clock: the benchmark moves it to an article's send time.
  const clock = { at: null as number | null, now: () => new Date(clock.at ?? Date.now()) }
  container.register(NEWSLETTER_CLOCK, asValue({ now: () => clock.now() }))
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)

  // Where a dispatch spends its time: the plugin's own methods, timed from outside (the service
  // instance the workflow steps resolve, and the transport instance the plugin caches).
  const timings: Record<string, { calls: number; ms: number }> = {}
  const timed = (target: any, method: string, label: string) => {
    const original = target[method].bind(target)
    target[method] = async (...args: unknown[]) => {
      const t = performance.now()
      try {
        return await original(...args)
      } finally {
        const entry = (timings[label] ??= { calls: 0, ms: 0 })
        entry.calls++
        entry.ms += performance.now() - t
      }
    }
  }
  const service = container.resolve<any>(NEWSLETTER_MODULE)
  for (const m of ["claimDueNewsletters", "claimNewsletterBatch", "recordNewsletterBatch", "reserveSendSlot", "finishNewsletterIfComplete", "listNewslettersToSend"]) {
    timed(service, m, m)
  }
  timed(getTransport(await service.getOptions()), "sendBatch", "transport.sendBatch")

  const article = async (id: string) => {
    const [row] = (
      await knex.raw(
        `SELECT id, status, status_reason, total_count, succeeded_count, failed_count, unsent_count, skipped_count,
                delivered_count, awaiting_count, started_at, finished_at
         FROM newsletter WHERE id = ?`,
        [id]
      )
    ).rows
    return row
  }

  const handlers: CommandHandlers = {
    async adminToken() {
      const email = `bench-admin-${Date.now()}@shop.example`
      const user = await container.resolve(Modules.USER).createUsers({ email })
      const identity = await container.resolve(Modules.AUTH).createAuthIdentities({
        provider_identities: [{ provider: "emailpass", entity_id: email }],
        app_metadata: { user_id: user.id },
      })
      const secret = container.resolve("configModule").projectConfig.http.jwtSecret as string
      return generateJwtToken(
        { actor_id: user.id, actor_type: "user", auth_identity_id: identity.id, app_metadata: { user_id: user.id } },
        { secret, expiresIn: "1d" }
      )
    },

    async create(c) {
      clock.at = null
      const { result } = await createNewsletterWorkflow(container).run({
        input: { ...c.article, audience: c.audience, scheduled_at: c.scheduled_at },
      })
      return result.id
    },

    /** Reserves the article (予約): the recipient snapshot, timed as the store owner waits for it. */
    async schedule(c) {
      clock.at = null
      const started = performance.now()
      const { result } = await scheduleNewsletterWorkflow(container).run({ input: { id: c.id } })
      return { ms: performance.now() - started, recipient_count: result.recipient_count }
    },

    /**
     * The purchase summary filled from every order, timed: the seed writes orders by COPY with ids
     * older than any watermark, so the bench runs the plugin's sync over every order (`full`), as
     * its first run does in a shop. `{ full: false }`: the sync every count runs first.
     */
    async syncPurchases(c) {
      const started = performance.now()
      const result = await service.syncNewsletterPurchases({ full: c?.full !== false })
      return { ms: performance.now() - started, ...result }
    },

    /** The reservation step alone (see benchReserveWorkflow). */
    async reserve(c) {
      clock.at = null
      const started = performance.now()
      const { result } = await benchReserveWorkflow(container).run({ input: { id: c.id } })
      return { ms: performance.now() - started, recipient_count: result.recipient_count }
    },

    /**
     * Sends the article the way the every-minute job does, run after run, from its send time
     * until it is no longer being sent. Times the whole of it: claim, render, send, record.
     */
    async dispatch(c) {
      clock.at = c.clockAt
      for (const k of Object.keys(timings)) delete timings[k]
      // What the process's memory is made of while it sends (V8 heap vs buffers vs the rest).
      const heap = { heapUsedMb: 0, heapTotalMb: 0, externalMb: 0, arrayBuffersMb: 0, rssMb: 0 }
      const sampleHeap = () => {
        const m = process.memoryUsage()
        const mb = (n: number) => Math.round((n / 1024 ** 2) * 10) / 10
        heap.heapUsedMb = Math.max(heap.heapUsedMb, mb(m.heapUsed))
        heap.heapTotalMb = Math.max(heap.heapTotalMb, mb(m.heapTotal))
        heap.externalMb = Math.max(heap.externalMb, mb(m.external))
        heap.arrayBuffersMb = Math.max(heap.arrayBuffersMb, mb(m.arrayBuffers))
        heap.rssMb = Math.max(heap.rssMb, mb(m.rss))
      }
      // The same figures just before the dispatch, to tell what grew (V8 heap, buffers or the rest).
      const idle = process.memoryUsage()
      const idleMb = Object.fromEntries(Object.entries(idle).map(([k, v]) => [k, Math.round((v / 1024 ** 2) * 10) / 10]))
      const heapTimer = setInterval(sampleHeap, 100)
      const snapshots = heapSnapshotsDuring(c.id)
      const started = performance.now()
      // Marks the dispatch in the log, next to --trace-gc's lines (both count ms from the process start).
      console.log(`dispatch of ${c.id} from ${Math.round(started)} ms`)
      let runs = 0
      const totals = { batches: 0, sent: 0, failed: 0 }
      try {
        for (;;) {
          const { result } = await dispatchNewslettersWorkflow(container).run()
          runs++
          totals.batches += result.batches
          totals.sent += result.sent
          totals.failed += result.failed
          const row = await article(c.id)
          if (row.status !== "sending" && row.status !== "scheduled") break
          if (performance.now() - started > (c.timeoutMs ?? 900_000)) throw new Error(`dispatch timed out: ${JSON.stringify(row)}`)
          if (!result.batches) await new Promise((r) => setTimeout(r, 200))
          // The clock moves on with real time, as the job's would.
          clock.at = c.clockAt + (performance.now() - started)
        }
      } finally {
        clearInterval(heapTimer)
        snapshots.stop()
        clock.at = null
      }
      const ms = performance.now() - started
      console.log(`dispatch of ${c.id} until ${Math.round(performance.now())} ms`)
      sampleHeap()
      return { ms, runs, ...totals, article: await article(c.id), timings: { ...timings }, heap, idleHeap: idleMb }
    },

    async article(c) {
      return await article(c.id)
    },
  }

  await serveCommands(handlers)
}
