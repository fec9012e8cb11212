/**
 * The Resend stand-in (integration-tests/resend-standin) in a process of its own, driven by the
 * benchmark over IPC. It keeps no message bodies (recordContent: false) and folds its records
 * into counters every 200 ms, so memory stays flat over 100,000 mails.
 *
 * Messages: { op: "stats" } → counters; { op: "reset", rps: number | null } → counters zeroed,
 * idempotency keys forgotten, rate limit set; { op: "close" }.
 */
import { startResendStandin } from "../../integration-tests/resend-standin/server"
import type { StandinStats } from "./proc"

/** The stand-in's records folded into counters (see StandinStats). */
type Counters = StandinStats

const fresh = (): Counters => ({
  requests: 0,
  byStatus: {},
  accepted: 0,
  duplicates: 0,
  uniqueRecipients: 0,
  firstAt: null,
  lastAt: null,
})

async function main() {
  const standin = await startResendStandin({ port: 0, recordContent: false, rateLimit: null })
  let counters = fresh()
  let seen = new Set<string>()

  const drain = () => {
    for (const r of standin.requests) {
      counters.requests++
      counters.byStatus[r.status] = (counters.byStatus[r.status] ?? 0) + 1
    }
    for (const m of standin.messages) {
      counters.accepted++
      const to = m.to[0]
      if (seen.has(to)) counters.duplicates++
      else seen.add(to)
      counters.firstAt = counters.firstAt === null ? m.receivedAt : Math.min(counters.firstAt, m.receivedAt)
      counters.lastAt = counters.lastAt === null ? m.receivedAt : Math.max(counters.lastAt, m.receivedAt)
    }
    counters.uniqueRecipients = seen.size
    standin.requests.length = 0
    standin.messages.length = 0
  }
  setInterval(drain, 200).unref()

  process.on("message", async (msg: { id: number; op: string; rps?: number | null }) => {
    drain()
    if (msg.op === "reset") {
      standin.reset()
      standin.setRateLimit(msg.rps ?? null)
      counters = fresh()
      seen = new Set()
    }
    if (msg.op === "close") {
      await standin.close()
      process.send!({ id: msg.id, ok: true }, () => process.exit(0))
      return
    }
    process.send!({ id: msg.id, ok: true, stats: counters })
  })
  // Never outlive the benchmark, whatever way it ends.
  process.on("disconnect", () => process.exit(0))
  process.send!({ ready: true, url: standin.url })
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
