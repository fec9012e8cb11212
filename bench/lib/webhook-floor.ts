/**
 * Webhook ingestion against Medusa's own floor, both driven by one client (see driveWebhooks):
 * the floor is bench/webhook-floor/route.ts, a route that only verifies the signature, mounted in
 * the same `medusa start` server as a local plugin made here in a temporary folder (Medusa loads a
 * plugin's routes from its `.medusa/server/src/api`). The repo's test medusa-config.ts adds the
 * plugin only when NEWSLETTER_BENCH_FLOOR_PLUGIN names its folder, so it never ships nor loads
 * outside the benchmark.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import { signWebhook } from "../../integration-tests/helpers/webhooks"
import { ROOT } from "./proc"

/** The floor route's path (its middlewares.ts gives it the plugin route's body parser). */
export const FLOOR_PATH = "/hooks/bench-floor"

/** Makes the local plugin folder; pass it as NEWSLETTER_BENCH_FLOOR_PLUGIN to `medusa start`. */
export function makeFloorPlugin(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "newsletter-bench-floor-"))
  const api = path.join(dir, ".medusa/server/src/api")
  const reexport = (file: string) => `module.exports = require(${JSON.stringify(path.join(ROOT, "bench/webhook-floor", file))})\n`
  mkdirSync(path.join(api, FLOOR_PATH), { recursive: true })
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "bench-webhook-floor", version: "0.0.0" }))
  writeFileSync(path.join(api, FLOOR_PATH, "route.js"), reexport("route.ts"))
  writeFileSync(path.join(api, "middlewares.js"), reexport("middlewares.ts"))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export type WebhookDrive = {
  events: number
  ms: number
  perSec: number
  statuses: Record<string, number>
  p50: number
  p99: number
}

/**
 * POSTs each body, signed (Standard Webhooks, integration-tests/helpers/webhooks.ts signWebhook),
 * to `url`, `concurrency` requests in flight, until every body was sent or `seconds` passed.
 */
export async function driveWebhooks(url: string, bodies: string[], concurrency: number, seconds: number): Promise<WebhookDrive> {
  const statuses: Record<string, number> = {}
  const latencies: number[] = []
  let next = 0
  let sent = 0
  const started = performance.now()
  // Bounded in count and in time: no new request after `seconds`.
  const stopAt = started + seconds * 1000
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < bodies.length && performance.now() < stopAt; i = next++) {
        sent++
        const body = bodies[i]
        const t1 = performance.now()
        const res = await fetch(url, { method: "POST", headers: signWebhook(body), body })
        await res.arrayBuffer()
        latencies.push(performance.now() - t1)
        statuses[res.status] = (statuses[res.status] ?? 0) + 1
      }
    })
  )
  const ms = performance.now() - started
  latencies.sort((a, b) => a - b)
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN
  return { events: sent, ms, perSec: (sent * 1000) / ms, statuses, p50: p(0.5), p99: p(0.99) }
}
