/**
 * The browser tier: build and pack the plugin, install it into a fresh Medusa host, start the host
 * and the Resend stand-in, and drive Debian's Chromium through the admin scenarios.
 *
 *   node integration-tests/browser/run.js
 *
 * Environment:
 *   CHROMIUM_PATH          browser to drive (default /usr/bin/chromium; never downloaded)
 *   BROWSER_HOST_DIR       where to make the host app (default: <tmp>/newsletter-browser-host,
 *                          kept between runs so that the next install takes seconds)
 *   BROWSER_CLEAN_HOST=1   start from an empty host folder and remove it after the run
 *   BROWSER_KEEP_HOST=1    keep the run's database too (for debugging)
 *   BROWSER_SKIP_BUILD=1   pack the existing .medusa build instead of running `npm run build`
 *   DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD  the PostgreSQL that gets a fresh database
 */
import { existsSync, rmSync } from "node:fs"
import path from "node:path"
import { chromium } from "playwright-core"
import { startResendStandin } from "../resend-standin/server"
import { buildHostApp, run, startHostApp } from "../../scripts/host-app"
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  buildAndPack,
  createDatabase,
  createHost,
  defaultHostDir,
  freePort,
  log,
  migrateAndCreateAdmin,
} from "./host"
import { runScenarios, SCREENSHOT_DIR, ScenarioResult, Seed } from "./scenarios"
import { runStorefrontScenario } from "./storefront-scenario"
import { runSegmentsScenario } from "./segments-scenario"

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium"

async function api<T>(baseUrl: string, token: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${route}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json = await res.json().catch(() => ({}))
  if (!res.ok) {
    throw new Error(`${route}: ${res.status} ${JSON.stringify(json)}`)
  }
  return json as T
}

/** Customers (two subscribed, one not), a coupon to announce, through the admin API. */
async function seed(baseUrl: string): Promise<Seed> {
  const auth = await fetch(`${baseUrl}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  })
  const { token } = (await auth.json()) as { token: string }
  const call = <T>(route: string, body?: unknown) => api<T>(baseUrl, token, route, body)
  const people = [
    { email: "hanako.sato@example.jp", first_name: "花子", last_name: "佐藤", subscribe: true },
    { email: "ichiro.suzuki@example.com", first_name: "一郎", last_name: "鈴木", subscribe: true },
    { email: "jiro.tanaka@example.jp", first_name: "次郎", last_name: "田中", subscribe: false },
  ]
  const customers: Seed["customers"] = []
  for (const { subscribe, ...person } of people) {
    const { customer } = await api<{ customer: { id: string } }>(baseUrl, token, "/admin/customers", person)
    if (subscribe) {
      await api(baseUrl, token, `/admin/customers/${customer.id}/newsletter-subscription`, {
        status: "subscribed",
        reason: "店頭で申込み",
      })
    }
    customers.push({ id: customer.id, ...person })
  }
  const { promotion } = await api<{ promotion: { id: string; code: string } }>(baseUrl, token, "/admin/promotions", {
    code: "SUMMER10",
    type: "standard",
    status: "active",
    is_automatic: false,
    application_method: { type: "percentage", target_type: "order", value: 10, allocation: "across" },
  })
  return { customers, promotion: { id: promotion.id, code: promotion.code }, api: call }
}

async function main() {
  const started = Date.now()
  const phases: string[] = []
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now()
    const result = await fn()
    phases.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    return result
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium)`)
  }
  const keep = process.env.BROWSER_KEEP_HOST === "1"
  const hostDir = defaultHostDir()
  const clean = process.env.BROWSER_CLEAN_HOST === "1"
  if (clean) {
    await run("rm", ["-rf", hostDir])
  }
  const cleanups: Array<() => Promise<void>> = []
  let results: ScenarioResult[] = []

  try {
    const tarball = await phase("build+pack", () =>
      buildAndPack(path.join(hostDir, "vendor"), process.env.BROWSER_SKIP_BUILD === "1")
    )
    await phase("host install", () => createHost(hostDir, tarball))
    const db = await createDatabase()
    if (!keep) cleanups.push(db.drop)
    log(`database ${db.name}`)
    const standin = await startResendStandin()
    cleanups.push(() => standin.close())
    const port = await freePort()
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      RESEND_STANDIN_URL: standin.url,
      PORT: String(port),
      // The CLI commands and the server read the host's own config, not the plugin repo's .env.test.
      NODE_OPTIONS: "",
    }
    await phase("migrate+user", () => migrateAndCreateAdmin(hostDir, env))
    await phase("medusa build", () => buildHostApp(hostDir, { env, log }))
    const server = await phase("medusa start", () => startHostApp(hostDir, { port, env, timeoutSeconds: 120 }))
    log(`medusa start: ${server.url}`)
    cleanups.unshift(server.stop)
    const seeded = await phase("seed", () => seed(server.url))

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    })
    cleanups.unshift(() => browser.close())
    const sql = async (text: string, params: unknown[]) => {
      const { Client } = require(require.resolve("pg", { paths: [path.resolve(__dirname, "../..")] }))
      const client = new Client({ connectionString: db.url })
      await client.connect()
      try {
        await client.query(text, params)
      } finally {
        await client.end()
      }
    }
    results = await phase("scenarios", () =>
      runScenarios({ browser, baseUrl: server.url, standin, seed: seeded, sql })
    )
    results.push(...(await phase("storefront", () =>
      runStorefrontScenario({ browser, baseUrl: server.url, standin, seed: seeded, hostDir })
    )))
    // Saved segments (its own context and login).
    results.push(...(await phase("segments", () =>
      runSegmentsScenario({ browser, baseUrl: server.url, seed: seeded, sql })
    )))
    if (results.some((r) => r.status === "failed")) {
      log(`server output (tail):\n${server.output().slice(-4000)}`)
    }
  } finally {
    for (const cleanup of cleanups) {
      await cleanup().catch((e) => log(`cleanup: ${e}`))
    }
    if (clean) {
      // The host's node_modules is ~100,000 files: the system's rm is much faster than Node's.
      const t0 = Date.now()
      await run("rm", ["-rf", hostDir]).catch(() => rmSync(hostDir, { recursive: true, force: true }))
      phases.push(`cleanup ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    }
  }

  const passed = results.filter((r) => r.status === "passed").length
  const failed = results.filter((r) => r.status === "failed").length
  const skipped = results.filter((r) => r.status === "skipped").length
  log(`phases: ${phases.join(", ")}`)
  log(`total ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${SCREENSHOT_DIR}`)
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`)
  if (failed || !results.length) process.exit(1)
}

main().catch((error) => {
  console.error(error)
  console.log("0 passed, 1 failed")
  process.exit(1)
})
