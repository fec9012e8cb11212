/**
 * `npm run bench`: the benchmark of issue #7. Creates a fresh database, migrates it with Medusa,
 * seeds N customers with orders (COPY), and measures, in one run on this machine, every figure of
 * the issue's table against its target. Prints the table and writes it to bench/results/ as JSON
 * and Markdown (latest.json / latest.md, plus a dated copy). Drops its database at the end.
 *
 *   npm run bench -- [--customers 100000] [--limited 20000] [--guide 5000] [--webhooks 5000]
 *                    [--webhook-seconds 60] [--webhook-concurrency 16] [--bare-concurrency 1,4]
 *                    [--keep-db] [--template DB] [--only dispatch] [--worker-flags="<node flags>" | none]
 *
 * Env: BENCH_PG_URL (default postgres://postgres@localhost:5432), the server's database host.
 * Looking into memory: BENCH_HEAP_SNAPSHOTS="0,10" (heap snapshots from the dispatch workers, see
 * bench/scripts/agent.ts), BENCH_AGENT_NODE_ARGS="--trace-gc"; `--bare-concurrency none` skips the
 * local limit (a development shortcut: the dispatch row then has no share). `--only dispatch` measures
 * only the snapshot, the local limit and the two dispatches with their memory rows (a development
 * shortcut for the memory work; its table goes to bench/results/run-<date>-dispatch.{md,json}, never
 * to latest). `--only audience` measures the seed, the purchase summary's backfill, the snapshots and
 * the audience counts, then stops (the 1,000,000-customer run; bench/results/run-<date>-audience.*).
 * `--worker-flags` (default RECOMMENDED_WORKER_FLAGS, `none` to skip): a second pair of dispatch workers
 * started with these node flags sends the same two lists, so each dispatch and memory row is measured
 * with the default flags and with the flags README "Benchmark" recommends for a small server.
 * `--only webhooks` boots only the HTTP server and one dispatch worker, sends the article of N to the
 * stand-in (the webhooks need its Resend ids) and measures the webhook rows (floor, plugin, floor):
 * a development shortcut for the webhook work (e.g. `--customers 20000`; bench/results/run-<date>-webhooks.*).
 * BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" passes node flags to the HTTP server.
 */
import { execSync, spawn } from "node:child_process"
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import { Client } from "pg"
import { resendEvent } from "../integration-tests/helpers/webhooks"
import { BENCH_ARTICLE } from "./lib/article"
import {
  Agent,
  childEnv,
  freePort,
  LOG_DIR,
  MEDUSA_BIN,
  ROOT,
  runTs,
  sampleMemory,
  Server,
  StandinHandle,
  startAgent,
  startServer,
  startStandin,
} from "./lib/proc"
import { markdown, machineLine, Results, Row, textTable } from "./lib/report"
import { SEED_EPOCH } from "./lib/gen"
import { memoryRows } from "./lib/memory-rows"
import { seedShop } from "./lib/seed"
import { driveWebhooks, FLOOR_PATH, makeFloorPlugin } from "./lib/webhook-floor"

// ---------------------------------------------------------------------------------------------
// arguments and progress

/**
 * The V8 flags README "Where the dispatch worker's memory went" recommends for the worker of a small
 * server, on top of the plugin's own reductions; measured beside the default flags in every run.
 */
export const RECOMMENDED_WORKER_FLAGS = "--max-old-space-size=212 --max-semi-space-size=4 --heap-growing-percent=10"

function parseArgs(argv: string[]) {
  const flags: Record<string, string | true> = {}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`)
    // Split at the first "=" only: --worker-flags="--max-old-space-size=212".
    const eq = a.indexOf("=")
    const [k, inline] = eq < 0 ? [a.slice(2), undefined] : [a.slice(2, eq), a.slice(eq + 1)]
    if (inline !== undefined) flags[k] = inline
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith("--")) flags[k] = argv[++i]
    else flags[k] = true
  }
  const num = (k: string, d: number) => {
    const v = flags[k]
    if (v === undefined) return d
    const n = Number(v)
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${k} must be a positive whole number`)
    return n
  }
  const customers = num("customers", 100_000)
  return {
    customers,
    limited: Math.min(num("limited", 20_000), customers),
    guide: Math.min(num("guide", 5_000), customers),
    webhooks: Math.min(num("webhooks", 5_000), customers),
    webhookSeconds: num("webhook-seconds", 60),
    webhookConcurrency: num("webhook-concurrency", 16),
    bareConcurrency: String(flags["bare-concurrency"] ?? "1,4")
      .split(",")
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isInteger(n) && n > 0),
    keepDb: flags["keep-db"] === true,
    /** Development shortcut: copy an already migrated database instead of migrating a new one. */
    template: typeof flags.template === "string" ? flags.template : null,
    /** Development shortcut: only the rows of the dispatch (snapshot, local limit, dispatches, memory). */
    only: onlyFlag(flags.only),
    /** Node flags of the second pair of dispatch workers; empty: only the default flags. */
    workerFlags: workerFlags(flags["worker-flags"]),
  }
}

function workerFlags(v: string | true | undefined): string[] {
  if (v === true) throw new Error(`--worker-flags takes the flags (--worker-flags="--a=1 --b") or none`)
  const text = v ?? RECOMMENDED_WORKER_FLAGS
  return text === "none" ? [] : text.split(" ").filter(Boolean)
}

function onlyFlag(v: string | true | undefined): "dispatch" | "audience" | "webhooks" | null {
  if (v === undefined) return null
  if (v !== "dispatch" && v !== "audience" && v !== "webhooks") {
    throw new Error(`--only takes "dispatch", "audience" or "webhooks"`)
  }
  return v
}

const T0 = Date.now()
const clockText = () => {
  const s = Math.floor((Date.now() - T0) / 1000)
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`
}
const say = (msg: string) => console.log(`[${clockText()}] ${msg}`)
const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

// ---------------------------------------------------------------------------------------------
// machine

async function machineInfo(pgUrl: string) {
  const c = new Client({ connectionString: `${pgUrl}/postgres` })
  await c.connect()
  const { rows } = await c.query("SHOW server_version")
  await c.end()
  let osName = `${os.type()} ${os.release()}`
  try {
    osName = /PRETTY_NAME="([^"]+)"/.exec(require("node:fs").readFileSync("/etc/os-release", "utf8"))?.[1] ?? osName
  } catch {
    // keep the kernel's name
  }
  return {
    cpu: os.cpus()[0]?.model?.trim() ?? "unknown CPU",
    cores: os.cpus().length,
    ramGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.versions.node,
    postgres: String(rows[0].server_version).split(" ")[0],
    os: osName,
    loadAverageAtStart: os.loadavg(),
    loadAverageAtEnd: [] as number[],
  }
}

function commit(): string {
  try {
    const sha = execSync("git rev-parse --short HEAD", { cwd: ROOT }).toString().trim()
    const dirty = execSync("git status --porcelain -- src", { cwd: ROOT }).toString().trim()
    return dirty ? `${sha} with uncommitted changes under src/` : sha
  } catch {
    return "unknown"
  }
}

// ---------------------------------------------------------------------------------------------
// database

async function createDatabase(pgUrl: string, name: string, template: string | null) {
  const c = new Client({ connectionString: `${pgUrl}/postgres` })
  await c.connect()
  await c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template.replace(/"/g, "")}"` : ""}`)
  await c.end()
}

async function dropDatabase(pgUrl: string, name: string) {
  const c = new Client({ connectionString: `${pgUrl}/postgres` })
  await c.connect()
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await c.end()
}

function migrate(databaseUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(path.join(LOG_DIR, "migrate.log"))
    const child = spawn(MEDUSA_BIN, ["db:migrate"], {
      cwd: ROOT,
      env: childEnv({ DATABASE_URL: databaseUrl }),
      stdio: ["ignore", "pipe", "pipe"],
    })
    child.stdout.pipe(log)
    child.stderr.pipe(log)
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`medusa db:migrate exited ${code}; see bench/results/logs/migrate.log`))
    )
  })
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

async function timedJson(url: string, init: RequestInit) {
  const started = performance.now()
  const res = await fetch(url, init)
  const text = await res.text()
  return { ms: performance.now() - started, status: res.status, body: text }
}

/** Downloads a response body, counting bytes and lines, without keeping it. */
async function download(url: string, headers: Record<string, string>) {
  const started = performance.now()
  const res = await fetch(url, { headers })
  let bytes = 0
  let lines = 0
  let last = 10
  if (res.body) {
    const reader = res.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      bytes += value.length
      for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++
      if (value.length) last = value[value.length - 1]
    }
  }
  // A last line without a line break counts too.
  if (bytes && last !== 10) lines++
  return { status: res.status, ms: performance.now() - started, bytes, lines }
}

/** Milliseconds per batch spent in each timed part of the dispatch (see bench/scripts/agent.ts). */
function perBatch(r: { batches: number; ms: number; timings: Record<string, { calls: number; ms: number }> }) {
  const out: Record<string, number> = { total: r.ms / Math.max(1, r.batches) }
  for (const [k, v] of Object.entries(r.timings ?? {})) out[k] = v.ms / Math.max(1, r.batches)
  return out
}

/**
 * Where a batch's time goes. The worker's lanes overlap, so the parts (each summed over all lanes,
 * per batch) can add up to more than the wall time per batch.
 */
function breakdown(r: Parameters<typeof perBatch>[0]) {
  const b = perBatch(r)
  const part = (k: string, label: string) => (b[k] !== undefined ? `${label} ${fmt(b[k], 1)} ms` : null)
  const known = ["transport.sendBatch", "recordNewsletterBatch", "claimNewsletterBatch", "reserveSendSlot"]
  const timed = known.reduce((sum, k) => sum + (b[k] ?? 0), 0)
  return [
    `${fmt(b.total, 1)} ms of wall time per batch; summed over the lanes`,
    part(known[0], "HTTP requests to the stand-in (resend.batch.send, every attempt)"),
    part(known[1], "recordNewsletterBatch"),
    part(known[2], "claimNewsletterBatch"),
    part(known[3], "reserveSendSlot"),
    `together ${fmt(timed / Math.max(1, b.total), 1)}× the wall time, as the lanes overlap (rendering, waiting ` +
      `for request slots and after 429s are not in these parts)`,
  ]
    .filter(Boolean)
    .join(", ")
}

// ---------------------------------------------------------------------------------------------
// the run

/**
 * Issue 13's figures: (a) the audience count with `purchased` by one root category (its children
 * and leaves included) ordered in the last year + `not_purchased` of another root, median of 5
 * after a first run, against the 3-condition count's median of the same run; (b) a reservation
 * snapshot whose audience is `purchased` in any of the root categories (every line item of the
 * shop read through the category tree), against the plain snapshot of the same run.
 */
async function measurePurchases(input: {
  previewUrl: string
  admin: Record<string, string>
  N: number
  rows: Row[]
  details: Record<string, unknown>
  threeConditionMedian: number | null
  plainSnapshotMs: number
  roots: string[]
  reserveNew: (audience: object) => Promise<{ ms: number; recipient_count: number }>
  backfill: { ms: number; inserted: number; unchangedSyncMs: number[] }
}) {
  const { previewUrl, admin, N, rows, details, roots, backfill } = input
  rows.push({
    figure: `purchase summary filled from every order (${fmt(N)} customers)`,
    target: "reported",
    measured: `${fmt(backfill.ms / 1000, 1)} s (${fmt(backfill.inserted)} order lines); a sync with nothing changed ${fmt(median(backfill.unchangedSyncMs), 1)} ms median`,
    verdict: "reference",
    notes:
      `NewsletterModuleService.syncNewsletterPurchases({ full: true }) right after the COPY seed (its orders' ids ` +
      `are older than any watermark): one DELETE and one INSERT … SELECT over order, order_item and ` +
      `order_line_item into newsletter_purchase; then the sync every count and snapshot of a purchase audience ` +
      `runs first, with nothing changed (two primary-key range scans past the watermark), median of 5.`,
  })
  const yearAgo = new Date(SEED_EPOCH - 365 * 86_400_000).toISOString()
  const audience = {
    purchased: { category_ids: [roots[0]], ordered_at: { gte: yearAgo } },
    not_purchased: { category_ids: [roots[1]] },
  }
  say("audience count with purchased (a root category and its descendants, last year) + not_purchased (another root)")
  const times: number[] = []
  let count = 0
  for (let i = 0; i < 6; i++) {
    const r = await timedJson(previewUrl, { method: "POST", headers: admin, body: JSON.stringify({ audience }) })
    if (r.status !== 200) throw new Error(`audience preview answered ${r.status}: ${r.body.slice(0, 500)}`)
    count = JSON.parse(r.body).count
    times.push(r.ms)
  }
  const med = median(times.slice(1))
  const ratio = input.threeConditionMedian ? med / input.threeConditionMedian : NaN
  details.purchasedAudience = { audience, count, timesMs: times, ratio }
  say(`  ${fmt(count)} customers; median ${fmt(med)} ms = ${fmt(ratio, 2)} × the 3-condition count`)
  rows.push({
    figure: "audience count with purchased (category + descendants, ordered_at) + not_purchased",
    target: "≤ 1.5 × the 3-condition count",
    measured: `${fmt(med)} ms median = ${fmt(ratio, 2)} × (first ${fmt(times[0])} ms; ${fmt(count)} of ${fmt(N)} match)`,
    verdict: ratio <= 1.5 ? "met" : "not met",
    notes:
      `POST /admin/newsletters/audience/preview; purchased: a root category (4 children, 12 leaves, 1/5 of the ` +
      `${fmt(2400)} products) ordered in the last year, not_purchased: another root; line items ` +
      `1–5 per order; median of 5 runs after a first one. Line items are read from the plugin's purchase summary ` +
      `(newsletter_purchase, synced before each count), orders by their key.`,
  })

  say("reservation snapshot with purchased (any root category: every line item through the category tree)")
  const snap = await input.reserveNew({ purchased: { category_ids: roots } })
  const snapRatio = snap.ms / input.plainSnapshotMs
  details.purchasedSnapshot = { ...snap, ratio: snapRatio }
  say(`  ${fmt(snap.recipient_count)} recipients in ${fmt(snap.ms)} ms = ${fmt(snapRatio, 2)} × the plain snapshot`)
  rows.push({
    figure: "reservation snapshot with purchased",
    target: "≤ 1.5 × the plain snapshot",
    measured: `${fmt(snap.ms / 1000, 2)} s = ${fmt(snapRatio, 2)} × (${fmt(snap.recipient_count)} recipients)`,
    verdict: snapRatio <= 1.5 ? "met" : "not met",
    notes:
      `the same reservation as the plain snapshot, the audience being purchased in any of the ${roots.length} root ` +
      `categories (descendants included): every subscriber with a counted order holding an item, so fewer ` +
      `recipients than N (a quarter of the customers have no orders) but every line item read.`,
  })
}

/**
 * Step 12, the webhook rows: N signed email.delivered reports of the article's sent mails, driven
 * at Medusa's signature-only floor, the plugin's route, then the floor again (see bench/lib/webhook-floor.ts).
 */
async function measureWebhooks(input: {
  serverUrl: string
  databaseUrl: string
  articleId: string
  args: ReturnType<typeof parseArgs>
  rows: Row[]
  details: Record<string, unknown>
}) {
  const { databaseUrl, args, rows, details } = input
  say(`webhook events over HTTP: ${fmt(args.webhooks)} signed email.delivered events, ${args.webhookConcurrency} in flight`)
  const db = new Client({ connectionString: databaseUrl })
  await db.connect()
  const { rows: targets } = await db.query(
    `SELECT id, email, provider_message_id FROM newsletter_recipient
     WHERE newsletter_id = $1 AND provider_message_id IS NOT NULL ORDER BY position LIMIT $2`,
    [input.articleId, args.webhooks]
  )
  const events = targets.map((r: any) =>
    JSON.stringify(
      resendEvent("email.delivered", {
        id: r.provider_message_id,
        to: [r.email],
        tags: [
          { name: "newsletter_id", value: input.articleId },
          { name: "recipient_id", value: r.id },
        ],
      })
    )
  )
  // Medusa's own floor (bench/webhook-floor: the signature check alone, no database), driven by
  // the same client on the same bodies, before and after the plugin's route: the mean of the
  // two is the floor, so a change of the machine's load during the run weighs on both sides.
  const drive = (route: string) => driveWebhooks(`${input.serverUrl}${route}`, events, args.webhookConcurrency, args.webhookSeconds)
  // Transactions the database committed during the plugin's drive (one per statement outside a
  // transaction): the statements per group, as the cumulative statistics see them.
  const commits = async () => {
    await new Promise((r) => setTimeout(r, 1500)) // the statistics are flushed about once a second
    await db.query("SELECT pg_stat_clear_snapshot()")
    const { rows: st } = await db.query(
      "SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()"
    )
    return Number(st[0].n)
  }
  const floorBefore = await drive(FLOOR_PATH)
  const commitsBefore = await commits()
  const plugin = await drive("/hooks/newsletter/resend")
  // Less the two reads of this client (the one above and this one).
  const pluginCommits = (await commits()) - commitsBefore - 2
  const floorAfter = await drive(FLOOR_PATH)
  const { events: sent, ms, perSec, statuses, p50, p99 } = plugin
  const { rows: after } = await db.query(`SELECT delivered_count, status FROM newsletter WHERE id = $1`, [input.articleId])
  await db.end()
  const floorPerSec = (floorBefore.perSec + floorAfter.perSec) / 2
  const floorOk = floorBefore.statuses["200"] === floorBefore.events && floorAfter.statuses["200"] === floorAfter.events
  details.webhooks = { ...plugin, article: after[0], commits: pluginCommits, floor: { before: floorBefore, after: floorAfter, perSec: floorPerSec } }
  say(`  floor (signature only): ${fmt(floorBefore.perSec)} events/s before, ${fmt(floorAfter.perSec)} after (${JSON.stringify(floorBefore.statuses)})`)
  say(`  ${fmt(sent)} events in ${fmt(ms / 1000, 1)} s = ${fmt(perSec)} events/s (${JSON.stringify(statuses)}), delivered_count ${after[0].delivered_count}`)
  say(`  p50 ${fmt(p50, 1)} ms, p99 ${fmt(p99, 1)} ms; ${fmt(pluginCommits)} transactions committed = ${fmt(pluginCommits / sent, 3)} per event`)
  const ok = statuses["200"] === sent && after[0].delivered_count === sent
  rows.push({
    figure: "webhook events ingested per second over HTTP",
    target: "≥ 1,000/s (reported; the ratio below binds on a shared machine)",
    measured: `${fmt(perSec)} events/s (${fmt(sent)} events in ${fmt(ms / 1000, 1)} s, all applied: ${ok ? "yes" : "no"}; p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms)`,
    verdict: perSec >= 1000 && ok ? "met" : "not met",
    notes:
      `POST /hooks/newsletter/resend on the medusa start server, each event signed (Standard Webhooks, ` +
      `integration-tests/helpers/webhooks.ts signWebhook), ${args.webhookConcurrency} requests in flight, at most ` +
      `${fmt(args.webhooks)} events or ${args.webhookSeconds} s; "applied" = every answer 200 and the article's ` +
      `delivered_count equal to the events sent.`,
  })
  const ratio = perSec / floorPerSec
  rows.push({
    figure: "webhook events/s ÷ Medusa's signature-only floor, same run",
    target: "≥ 0.85",
    measured: `${fmt(ratio, 2)} (plugin ${fmt(perSec)} events/s; floor ${fmt(floorPerSec)} events/s, p50 ${fmt(floorBefore.p50)} ms)`,
    verdict: ratio >= 0.85 && ok && floorOk ? "met" : "not met",
    notes:
      `the floor is POST ${FLOOR_PATH} in the same server (bench/webhook-floor/route.ts, mounted as a local plugin ` +
      `only in the benchmark): the same /hooks prefix, body parser and size limit, the plugin's signature check, ` +
      `200 without touching the database; driven by the same client on the same ${fmt(floorBefore.events)} bodies ` +
      `just before and just after the plugin's route (${fmt(floorBefore.perSec)} and ${fmt(floorAfter.perSec)} ` +
      `events/s; the floor is their mean).`,
  })
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const pgUrl = (process.env.BENCH_PG_URL || "postgres://postgres@localhost:5432").replace(/\/+$/, "")
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "_")
  const dbName = `bench_${stamp.toLowerCase()}`
  const databaseUrl = `${pgUrl}/${dbName}`
  mkdirSync(LOG_DIR, { recursive: true })

  const N = args.customers
  const others = Math.ceil(N * 0.1)
  say(`benchmark: ${fmt(N)} subscribed customers (+${fmt(others)} unsubscribed, cleaned or never opted in), database ${dbName}`)
  const machine = await machineInfo(pgUrl)
  say(`machine: ${machineLine(machine)}`)
  if (machine.loadAverageAtStart[0] > machine.cores) {
    say(`warning: the load average (${machine.loadAverageAtStart[0].toFixed(1)}) is above the core count: other work on this machine will slow the figures down`)
  }

  const details: Record<string, unknown> = { args }
  const rows: Row[] = []
  let standin: StandinHandle | null = null
  let server: Server | null = null
  const agents: Agent[] = []
  let dbCreated = false

  // The webhook floor's route, mounted in the HTTP server only (see bench/lib/webhook-floor.ts).
  const floorPlugin = makeFloorPlugin()
  const cleanup = async () => {
    await Promise.allSettled([...agents.map((a) => a.stop()), server?.stop(), standin?.close()])
    floorPlugin.remove()
    if (dbCreated && !args.keepDb) {
      say(`dropping ${dbName}`)
      await dropDatabase(pgUrl, dbName).catch((e) => say(`could not drop ${dbName}: ${e.message}`))
    }
  }
  process.once("SIGINT", () => {
    say("interrupted: cleaning up")
    cleanup().finally(() => process.exit(130))
  })

  try {
    // 1. database and migrations
    if (args.template) {
      say(`creating the database as a copy of the migrated database ${args.template} (--template: development only)`)
      await createDatabase(pgUrl, dbName, args.template)
      dbCreated = true
      details.migrateMs = null
    } else {
      say("creating the database and running Medusa's migrations (npx medusa db:migrate)")
      await createDatabase(pgUrl, dbName, null)
      dbCreated = true
      const t = performance.now()
      await migrate(databaseUrl)
      details.migrateMs = Math.round(performance.now() - t)
      say(`migrated in ${fmt((performance.now() - t) / 1000, 1)} s`)
    }

    // 2. seed, while the stand-in and the Medusa processes boot
    standin = await startStandin()
    say(`Resend stand-in at ${standin.url}`)
    const port = await freePort()
    const medusaEnv = { DATABASE_URL: databaseUrl, RESEND_STANDIN_URL: standin.url }
    say(`seeding with COPY while four Medusa processes boot (HTTP server on :${port}, two dispatch workers, the guide's app)`)
    // Each process is registered for the clean-up as soon as it is up, even if another fails.
    const track = (a: Promise<Agent>) => a.then((agent) => (agents.push(agent), agent))
    // The first boot on a fresh database creates Medusa's default records (price preferences and
    // the like); concurrent first boots race on them. So the server boots alone, then the others.
    // The dispatch workers' own node flags (BENCH_AGENT_NODE_ARGS, e.g. --trace-gc) go to both pairs.
    const agentArgs = (process.env.BENCH_AGENT_NODE_ARGS ?? "").split(" ").filter(Boolean)
    const worker = (name: string, rps: string, nodeArgs = agentArgs) =>
      track(startAgent(name, "./bench/scripts/agent.ts", ROOT, { ...medusaEnv, NEWSLETTER_TEST_RPS: rps }, nodeArgs))
    // `--only webhooks` needs the server and one worker (to send the article the reports are about).
    const webhooksOnly = args.only === "webhooks"
    const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean)
    const boots = startServer(port, { ...medusaEnv, NEWSLETTER_BENCH_FLOOR_PLUGIN: floorPlugin.dir }, serverNodeArgs).then((s) => {
      server = s
      return Promise.all([
        s,
        worker("worker-unlimited", "100"),
        webhooksOnly ? (null as unknown as Agent) : worker("worker-5rps", "5"),
        webhooksOnly
          ? (null as unknown as Agent)
          : track(startAgent("guide", "../scripts/guide-agent.ts", path.join(ROOT, "bench/guide-app"), medusaEnv)),
        args.workerFlags.length && !webhooksOnly
          ? Promise.all([
              worker("worker-unlimited-flags", "100", [...agentArgs, ...args.workerFlags]),
              worker("worker-5rps-flags", "5", [...agentArgs, ...args.workerFlags]),
            ])
          : null,
      ])
    })
    boots.catch(() => undefined)
    const seed = await seedShop(
      databaseUrl,
      { subscribed: N, others, limitedList: args.limited, guideList: args.guide },
      (m) => say(m)
    )
    details.seed = seed
    say(
      `seeded ${fmt(seed.customers)} customers, ${fmt(seed.orders)} orders, ${fmt(seed.rows)} rows in ${fmt(seed.ms / 1000, 1)} s`
    )
    const [, unlimited, limited5, guide, flagged] = await boots
    say(`Medusa processes ready (server pid ${server!.pid}, workers ${unlimited.pid} / ${limited5?.pid}, guide ${guide?.pid})`)
    const flagsText = args.workerFlags.join(" ")
    if (flagged) say(`  workers with ${flagsText}: ${flagged[0].pid} / ${flagged[1].pid}`)
    const httpServer = server as unknown as Server

    // 2b. the purchase summary the purchase conditions read, filled from the seeded orders.
    if (!webhooksOnly) {
      say("filling the purchase summary from every seeded order (NewsletterModuleService.syncNewsletterPurchases, full)")
      const purchaseBackfill = await unlimited.call<{ ms: number; inserted: number; deleted: number }>("syncPurchases", { full: true })
      // Then the sync a count runs first, with nothing changed (median of 5).
      const quickSyncs: number[] = []
      for (let i = 0; i < 5; i++) {
        quickSyncs.push((await unlimited.call<{ ms: number }>("syncPurchases", { full: false })).ms)
      }
      details.purchaseBackfill = { ...purchaseBackfill, unchangedSyncMs: quickSyncs }
      say(
        `  ${fmt(purchaseBackfill.inserted)} order lines written in ${fmt(purchaseBackfill.ms / 1000, 1)} s; ` +
          `a sync with nothing changed: ${fmt(median(quickSyncs), 1)} ms median`
      )
    }

    // 3. articles: one to everybody, and the smaller lists; send times half an hour apart or more so
    // each dispatch below claims exactly one article (a worker's clock moves on with real time while
    // it sends, and a dispatch is given at most 15 minutes). The "Flags" ones go to the workers
    // started with --worker-flags, each right after its default-flags twin.
    const token = await unlimited.call<string>("adminToken")
    const admin = { authorization: `Bearer ${token}`, "content-type": "application/json" }
    const base = Date.now() + 10 * 60_000
    const HOUR = 3_600_000
    const sendAt = {
      all: base,
      allFlags: base + HOUR / 2,
      guideUnlimited: base + HOUR,
      limited: base + 2 * HOUR,
      limitedFlags: base + 2.5 * HOUR,
      guideLimited: base + 3 * HOUR,
    }
    const groups = seed.groups
    const create = (audience: object, at: number) =>
      unlimited.call<string>("create", { article: BENCH_ARTICLE, audience, scheduled_at: new Date(at).toISOString() })
    const ids = {
      all: await create({}, sendAt.all),
      guideUnlimited: await create({ customer_groups: { in_any: [groups.guide] } }, sendAt.guideUnlimited),
      limited: await create({ customer_groups: { in_any: [groups.limited] } }, sendAt.limited),
      guideLimited: await create({ customer_groups: { in_any: [groups.guide] } }, sendAt.guideLimited),
      allFlags: flagged ? await create({}, sendAt.allFlags) : null,
      limitedFlags: flagged ? await create({ customer_groups: { in_any: [groups.limited] } }, sendAt.limitedFlags) : null,
    }
    details.articles = ids

    // 4. reservation snapshot of N
    say(`reserving the article to all ${fmt(N)} subscribers (scheduleNewsletterWorkflow: snapshot of the recipients)`)
    let reserveWith = "scheduleNewsletterWorkflow"
    const reserve = async (id: string) => {
      if (reserveWith === "scheduleNewsletterWorkflow") {
        try {
          return await unlimited.call<{ ms: number; recipient_count: number }>("schedule", { id })
        } catch (e) {
          say(`  scheduleNewsletterWorkflow failed (${(e as Error).message.split("\n")[0]}); timing the plugin's reservation step alone`)
          details.scheduleWorkflowError = (e as Error).message.slice(0, 2000)
          reserveWith = "reserveNewsletterStep"
        }
      }
      return await unlimited.call<{ ms: number; recipient_count: number }>("reserve", { id })
    }
    const snap = await reserve(ids.all)
    details.snapshot = { ...snap, reserveWith }
    say(`  ${fmt(snap.recipient_count)} recipients in ${fmt(snap.ms)} ms`)
    rows.push({
      figure: `reservation snapshot of ${fmt(N)}`,
      target: "≤ 3 s",
      measured: `${fmt(snap.ms / 1000, 2)} s (${fmt(snap.recipient_count)} recipients)`,
      verdict: snap.recipient_count === N && snap.ms <= 3000 ? "met" : "not met",
      notes:
        (reserveWith === "scheduleNewsletterWorkflow"
          ? `scheduleNewsletterWorkflow run inside a Medusa process (a medusa exec worker)`
          : `the plugin's reserveNewsletterStep in a one-step workflow inside a Medusa process ` +
            `(scheduleNewsletterWorkflow failed in this working tree: see details.scheduleWorkflowError)`) +
        `: lock, status and lead-time checks, the one-statement INSERT … SELECT of the audience ` +
        `(src/lib/recipient-snapshot.ts), counters; the first reservation on the freshly seeded database.`,
    })
    const smaller: Record<string, unknown> = {}
    for (const k of ["guideUnlimited", "limited", "guideLimited", "allFlags", "limitedFlags"] as const) {
      const id = ids[k]
      if (id && !webhooksOnly) smaller[k] = await reserve(id)
    }
    details.smallerSnapshots = smaller

    // 5. audience count with 3 conditions
    const all = args.only !== "dispatch" && !webhooksOnly
    let threeConditionMedian: number | null = null
    const audience = {
      customer_groups: { in_any: [groups.gold, groups.vip] },
      total_spent: { currency_code: "jpy", gte: 10_000 },
      address: { province: ["東京都", "神奈川県", "千葉県", "埼玉県"] },
    }
    say("audience count with 3 conditions (POST /admin/newsletters/audience/preview): group, total spent, prefecture")
    const previewUrl = `${httpServer.url}/admin/newsletters/audience/preview`
    const first = all
      ? await timedJson(previewUrl, { method: "POST", headers: admin, body: JSON.stringify({ audience }) })
      : null
    if (!first) {
      say("  skipped (--only)")
    } else if (first.status === 404) {
      rows.push({
        figure: "audience count with 3 conditions",
        target: "≤ 300 ms",
        measured: "not measured: feature missing",
        verdict: "not measured",
      })
    } else {
      if (first.status !== 200) throw new Error(`audience preview answered ${first.status}: ${first.body.slice(0, 500)}`)
      const times = [first.ms]
      for (let i = 0; i < 5; i++) {
        const r = await timedJson(previewUrl, { method: "POST", headers: admin, body: JSON.stringify({ audience }) })
        times.push(r.ms)
      }
      const count = JSON.parse(first.body).count as number
      const med = median(times.slice(1))
      threeConditionMedian = med
      details.audience = { audience, count, firstMs: first.ms, timesMs: times }
      say(`  ${fmt(count)} customers; first ${fmt(first.ms)} ms, median of the next 5 ${fmt(med)} ms`)
      rows.push({
        figure: "audience count with 3 conditions",
        target: "≤ 300 ms",
        measured: `${fmt(med)} ms median (first ${fmt(first.ms)} ms; ${fmt(count)} of ${fmt(N)} match)`,
        verdict: med <= 300 ? "met" : "not met",
        notes:
          `POST /admin/newsletters/audience/preview over HTTP (count + first 20), conditions: member of ゴールド会員 or ` +
          `VIP会員, total spent ≥ ¥10,000 (orders not canceled/draft, from order_summary totals), an address in ` +
          `東京都/神奈川県/千葉県/埼玉県; median of 5 runs after a first one.`,
      })
    }

    // 5b. purchases (issue 13): a count and a snapshot with purchase conditions, each against its
    // plain counterpart of this run
    if (all) await measurePurchases({
      previewUrl, admin, N, rows, details, threeConditionMedian, plainSnapshotMs: snap.ms,
      roots: seed.catalogue.categories.filter((c) => !c.mpath.includes(".")).map((c) => c.id),
      backfill: details.purchaseBackfill as { ms: number; inserted: number; unchangedSyncMs: number[] },
      reserveNew: async (audience: object) => reserve(await create(audience, base + 24 * HOUR)),
    })
    // `--only audience` (the 1,000,000-customer run): the snapshot, the counts and the purchase rows.
    if (args.only === "audience") throw new OnlyDone()

    // 6. the local limit
    const bare: Array<{ concurrency: number; ms: number; sent: number; mailsPerSec: number; mailBytes: number; peakRssMb: number }> = []
    for (const concurrency of webhooksOnly ? [] : args.bareConcurrency) {
      await standin.reset(null)
      say(`local limit: a bare script pushing ${fmt(N)} rendered mails through resend.batch.send, ${concurrency} request(s) in flight`)
      const out = await runTs(path.join(ROOT, "bench/lib/bare-send.ts"), [
        JSON.stringify({ baseUrl: standin.url, subscribed: N, concurrency, batchSize: 100 }),
      ])
      const r = JSON.parse(/BARE_RESULT (.*)/.exec(out)![1])
      const st = await standin.stats()
      if (r.sent !== N || st.uniqueRecipients !== N) throw new Error(`bare script: sent ${r.sent}, stand-in has ${st.uniqueRecipients}`)
      bare.push({ concurrency, ms: r.ms, sent: r.sent, mailsPerSec: (r.sent * 1000) / r.ms, mailBytes: r.mailBytes, peakRssMb: r.peakRssMb })
      say(`  ${fmt((r.sent * 1000) / r.ms)} mails/s (${fmt(r.ms / 1000, 1)} s)`)
    }
    details.bare = bare
    // `--bare-concurrency none` skips it (development runs): the dispatch row then has no share.
    const best = bare.length ? bare.reduce((a, b) => (b.mailsPerSec > a.mailsPerSec ? b : a)) : null
    if (best) rows.push({
      figure: `the local limit (bare resend.batch.send, ${fmt(N)} mails)`,
      target: "measured, mails/s (reference)",
      measured: `${fmt(best.mailsPerSec)} mails/s (${bare.map((b) => `${b.concurrency} in flight: ${fmt(b.mailsPerSec)}`).join(", ")})`,
      verdict: "reference",
      notes:
        `bench/lib/bare-send.ts: no database, no Medusa; renders each mail with the plugin's renderer and message ` +
        `builder (${fmt(best.mailBytes / 1024, 1)} KB of JSON per mail) and sends 100 per request with the plugin's ` +
        `ResendTransport (resend SDK batch.send, Idempotency-Key, permissive) to the stand-in in its own process; ` +
        (bare.length > 1
          ? `the reference is the best of the concurrencies tried (a dispatch worker keeps up to ` +
            `dispatch.concurrency = 4 requests in flight). `
          : `${best.concurrency} request(s) in flight. `) +
        `The script's own peak RSS: ${bare.map((b) => `${fmt(b.peakRssMb)} MB (${b.concurrency} in flight)`).join(", ")}.`,
    })

    // 7. dispatch of N, no rate limit: the default-flags worker, then the one with --worker-flags
    const dispatch = async (agent: Agent, id: string, at: number, rps: number | null) => {
      await standin!.reset(rps)
      const mem = sampleMemory(agent.pid)
      const r = await agent.call<any>("dispatch", { id, clockAt: at + 1000 })
      const memory = mem.stop()
      const st = await standin!.stats()
      const total = r.article.total_count as number
      const lost = total - st.uniqueRecipients
      return { ...r, memory, standin: st, lost, mailsPerSec: (r.sent * 1000) / r.ms }
    }
    type Dispatched = Awaited<ReturnType<typeof dispatch>>
    // BENCH_AGENT_NODE_ARGS (looking into memory) goes to both pairs: say so in the labels.
    const defaultFlags = agentArgs.length ? `worker started with ${agentArgs.join(" ")}` : "default V8 flags"
    const withFlags = `worker started with ${[...agentArgs, ...args.workerFlags].join(" ")}`
    const unlimitedRow = (r: Dispatched, config: string): Row => {
      const share = best ? r.mailsPerSec / best.mailsPerSec : NaN
      return {
        figure: `dispatch, no rate limit, end to end (${config})`,
        target: "≥ 70% of the local limit",
        measured: `${fmt(r.mailsPerSec)} mails/s = ${fmt(share * 100)}% of the local limit (${fmt(r.sent)} in ${fmt(r.ms / 1000, 1)} s, lost ${r.lost}, duplicates ${r.standin.duplicates})`,
        verdict: share >= 0.7 && r.lost === 0 && r.standin.duplicates === 0 ? "met" : "not met",
        notes:
          `a medusa exec worker (the repo's test config, plugin module from source) running dispatchNewslettersWorkflow ` +
          `run after run from the article's send time until it is sent: claim, batches of 100, render, send, record. ` +
          `The plugin's requestsPerSecond option is capped at 100 (10,000 mails/s), so "no limit" is 100 req/s. ` +
          `Time per batch inside the worker: ${breakdown(r)}.`,
      }
    }
    const limitedRow = (r: Dispatched, config: string): Row => ({
      figure: `dispatch with the stand-in limiting to 5 requests/s (${config})`,
      target: "≥ 95% of 500 mails/s, 0 lost",
      measured:
        `${fmt(r.mailsPerSec)} mails/s = ${fmt(r.mailsPerSec / 5)}% of 500, lost ${r.lost}, duplicates ` +
        `${r.standin.duplicates} (list of ${fmt(args.limited)}: ${fmt(r.ms / 1000, 1)} s; ${r.standin.byStatus["429"] ?? 0} × 429)`,
      verdict: r.mailsPerSec >= 475 && r.lost === 0 && r.standin.duplicates === 0 ? "met" : "not met",
      notes:
        `a list of ${fmt(args.limited)} instead of ${fmt(N)} to keep the run short (${fmt(N)} at 500/s would take ` +
        `${fmt(N / 500)} s); another worker process started with requestsPerSecond 5; mails/s from the first claim to the ` +
        `article being sent; lost = recipients the stand-in never accepted. Time per batch: ${breakdown(r)}.`,
    })
    const sayDispatched = (r: Dispatched) =>
      say(
        `  ${fmt(r.sent)} sent in ${fmt(r.ms / 1000, 1)} s = ${fmt(r.mailsPerSec)} mails/s; 429s ${r.standin.byStatus["429"] ?? 0}; ` +
          `lost ${r.lost}, duplicates ${r.standin.duplicates}; RSS idle ${fmt(r.memory.startRssMb)} MB, peak ${fmt(r.memory.peakRssMb)} MB`
      )

    say(`dispatch of the ${fmt(N)} article to the stand-in with no rate limit (plugin requestsPerSecond 100, its maximum)`)
    const full = await dispatch(unlimited, ids.all, sendAt.all, null)
    details.dispatchUnlimited = full
    sayDispatched(full)
    details.dispatchBreakdownPerBatchMs = perBatch(full)
    rows.push(unlimitedRow(full, defaultFlags))
    let fullFlags: Dispatched | null = null
    if (flagged) {
      say(`the same with the ${withFlags}`)
      fullFlags = await dispatch(flagged[0], ids.allFlags!, sendAt.allFlags, null)
      details.dispatchUnlimitedFlags = { flags: flagsText, ...fullFlags }
      sayDispatched(fullFlags)
      rows.push(unlimitedRow(fullFlags, withFlags))
    }

    if (webhooksOnly) {
      await measureWebhooks({ serverUrl: httpServer.url, databaseUrl, articleId: ids.all, args, rows, details })
      throw new OnlyDone()
    }

    // 8. the same article to the guide's list with the plugin, no limit
    say(`plugin, ${fmt(args.guide)} customers, no rate limit`)
    const pluginGuideUnlimited = await dispatch(unlimited, ids.guideUnlimited, sendAt.guideUnlimited, null)
    details.pluginGuideUnlimited = pluginGuideUnlimited
    say(`  ${fmt(pluginGuideUnlimited.mailsPerSec)} mails/s`)

    // 9. at 5 requests/s, with the default flags and with --worker-flags
    say(`dispatch of the ${fmt(args.limited)} list with the stand-in limiting to 5 requests/s (plugin requestsPerSecond 5)`)
    const lim = await dispatch(limited5, ids.limited, sendAt.limited, 5)
    details.dispatchLimited = lim
    sayDispatched(lim)
    rows.push(limitedRow(lim, defaultFlags))
    let limFlags: Dispatched | null = null
    if (flagged) {
      say(`the same with the ${withFlags}`)
      limFlags = await dispatch(flagged[1], ids.limitedFlags!, sendAt.limitedFlags, 5)
      details.dispatchLimitedFlags = { flags: flagsText, ...limFlags }
      sayDispatched(limFlags)
      rows.push(limitedRow(limFlags, withFlags))
    }
    rows.push(...memoryRows({ customers: N, limitedList: args.limited, config: defaultFlags, full, limited: lim }))
    if (fullFlags && limFlags) {
      rows.push(...memoryRows({ customers: N, limitedList: args.limited, config: withFlags, full: fullFlags, limited: limFlags }))
    }
    if (!all) throw new OnlyDone()
    say(`plugin, ${fmt(args.guide)} customers, 5 requests/s`)
    const pluginGuideLimited = await dispatch(limited5, ids.guideLimited, sendAt.guideLimited, 5)
    details.pluginGuideLimited = pluginGuideLimited

    // 10. the guide's way
    say(`the guide's way: ${fmt(args.guide)} notifications handed to createNotifications, no rate limit`)
    await standin.reset(null)
    // The plugin's options of the repo's test config, for the guide's process to render the same mails.
    const pluginOptions = require(path.join(ROOT, "medusa-config")).modules.newsletter.options
    const gu = await guide.call<any>("send", { groupId: groups.guide, label: "unlimited", options: pluginOptions })
    const guStats = await standin.stats()
    const guRate = (gu.handed * 1000) / gu.ms
    say(`  ${fmt(guRate)} mails/s; stand-in accepted ${fmt(guStats.accepted)}`)
    say(`the guide's way at 5 requests/s`)
    await standin.reset(5)
    const gl = await guide.call<any>("send", { groupId: groups.guide, label: "limited", options: pluginOptions })
    const glStats = await standin.stats()
    const recordedSent = (gl.statuses as Array<{ status: string; n: number }>).find((s) => s.status === "success")?.n ?? 0
    say(`  delivered ${fmt(glStats.accepted)} of ${fmt(gl.handed)}, recorded as sent ${fmt(recordedSent)}`)
    details.guide = { unlimited: { ...gu, standin: guStats }, limited: { ...gl, standin: glStats } }
    const ratio = pluginGuideUnlimited.mailsPerSec / guRate
    const pluginAll = pluginGuideLimited.lost === 0 && pluginGuideLimited.standin.uniqueRecipients === args.guide
    rows.push({
      figure: `the same article to ${fmt(args.guide)} customers the guide's way (notification provider, emails.send each)`,
      target: "plugin ≥ 3× its mails/s with no limit; at 5 req/s the plugin delivers all",
      measured:
        `no limit: plugin ${fmt(pluginGuideUnlimited.mailsPerSec)} vs guide ${fmt(guRate)} mails/s (${fmt(ratio, 1)}×); ` +
        `5 req/s: plugin delivered ${fmt(pluginGuideLimited.standin.uniqueRecipients)}/${fmt(args.guide)} in ` +
        `${fmt(pluginGuideLimited.ms / 1000, 1)} s, guide delivered ${fmt(glStats.accepted)}/${fmt(gl.handed)} and recorded ` +
        `${fmt(recordedSent)} as sent`,
      verdict: ratio >= 3 && pluginAll ? "met" : "not met",
      notes:
        `bench/guide-provider (AbstractNotificationProviderService, one emails.send per notification, logs an error and ` +
        `returns {} as the guide does) registered under the Notification Module in bench/guide-app/medusa-config.ts; ` +
        `all ${fmt(args.guide)} notifications handed to one createNotifications call (content rendered beforehand, ` +
        `not timed). Plugin: the same ${fmt(args.guide)} customers as an article, dispatched by the workers above. ` +
        `Delivered = accepted by the stand-in; recorded as sent = notification rows with status "success".`,
    })

    // 11. recipients CSV export of N
    say(`recipients CSV export of the ${fmt(N)} article (GET /admin/newsletters/:id/recipients/export)`)
    {
      const mem = sampleMemory(httpServer.pid, 20)
      const d = await download(`${httpServer.url}/admin/newsletters/${ids.all}/recipients/export`, { authorization: admin.authorization })
      const memory = mem.stop()
      details.csv = { ...d, memory }
      if (d.status === 404) {
        rows.push({
          figure: `recipients CSV export of ${fmt(N)}`,
          target: "≤ 5 s, ≤ 100 MB",
          measured: "not measured: feature missing",
          verdict: "not measured",
        })
      } else {
        if (d.status !== 200) throw new Error(`CSV export answered ${d.status}`)
        const growth = memory.peakRssMb - memory.startRssMb
        say(`  ${fmt(d.lines - 1)} rows, ${fmt(d.bytes / 1024 ** 2, 1)} MB in ${fmt(d.ms)} ms; server RSS +${fmt(growth)} MB`)
        rows.push({
          figure: `recipients CSV export of ${fmt(N)}: time and peak memory growth`,
          target: "≤ 5 s, ≤ 100 MB",
          measured: `${fmt(d.ms / 1000, 2)} s, +${fmt(growth)} MB (${fmt(d.lines - 1)} rows, ${fmt(d.bytes / 1024 ** 2, 1)} MB)`,
          verdict: d.ms <= 5000 && growth <= 100 && d.lines - 1 === N ? "met" : "not met",
          notes:
            `GET over HTTP from the medusa start server, body read to the end; growth = the server's peak RSS during ` +
            `the download (${memory.peakSource}) minus its RSS before (${fmt(memory.startRssMb)} MB).`,
        })
      }
    }

    // 12. webhooks
    await measureWebhooks({ serverUrl: httpServer.url, databaseUrl, articleId: ids.all, args, rows, details })
  } catch (e) {
    if (!(e instanceof OnlyDone) && rows.length) {
      console.log("\nfigures measured before the failure (not written to bench/results/):\n")
      console.log(textTable(rows))
    }
    if (!(e instanceof OnlyDone)) throw e
  } finally {
    machine.loadAverageAtEnd = os.loadavg()
    await cleanup()
  }

  const results: Results = {
    date: new Date().toISOString(),
    commit: commit(),
    customers: N,
    runSeconds: (Date.now() - T0) / 1000,
    machine,
    rows,
    details,
  }
  const dir = path.join(ROOT, "bench/results")
  mkdirSync(dir, { recursive: true })
  const md = markdown(results)
  if (args.only) {
    writeFileSync(path.join(dir, `run-${stamp}-${args.only}.json`), JSON.stringify(results, null, 2) + "\n")
    writeFileSync(path.join(dir, `run-${stamp}-${args.only}.md`), md)
    console.log("")
    console.log(textTable(rows))
    say(`whole run ${fmt(results.runSeconds)} s (--only ${args.only}); written to bench/results/run-${stamp}-${args.only}.md`)
    return
  }
  writeFileSync(path.join(dir, "latest.json"), JSON.stringify(results, null, 2) + "\n")
  writeFileSync(path.join(dir, "latest.md"), md)
  writeFileSync(path.join(dir, `run-${stamp}.json`), JSON.stringify(results, null, 2) + "\n")
  writeFileSync(path.join(dir, `run-${stamp}.md`), md)
  console.log("")
  console.log(textTable(rows))
  console.log("")
  say(`whole run ${fmt(results.runSeconds)} s; written to bench/results/latest.md and latest.json`)
}

/** Ends an `--only` run after its rows (caught in main, never an error). */
class OnlyDone extends Error {}

main().catch((e) => {
  console.error(`[${clockText()}] benchmark failed: ${e instanceof Error ? e.stack : e}`)
  process.exit(1)
})
