// A migrated database that every HTTP and reliability suite starts from.
//
// `medusaIntegrationTestRunner` creates an empty database per suite and runs all of Medusa's and the
// plugin's migrations into it before the app boots: about two thirds of a suite's start-up, repeated
// by every suite file. The tier's global setup (`setup`) migrates one database once, named after a hash
// of everything that decides its schema (the lock file, the plugin's migrations and links, the test
// host's config); each suite then starts from a copy of it (`cloneInto`, called by
// integration-tests/helpers/runner.ts before the runner creates its database, which it then finds
// existing and leaves as it is). The runner still runs its migrations and link sync on the copy; they
// find nothing to do, and anything the copy lacks is applied as before, so a stale copy costs time,
// never correctness.
const { createHash } = require("node:crypto")
const { execFileSync } = require("node:child_process")
const fs = require("node:fs")
const path = require("node:path")
const { Client } = require("@medusajs/framework/pg")

const ROOT = path.resolve(__dirname, "../..")
const PREFIX = "medusa-newsletter-base-"
const LOCK = 727_145_001
const DAY = 24 * 60 * 60 * 1000

const credentials = () => ({
  host: process.env.DB_HOST || "localhost",
  port: Number(process.env.DB_PORT || 5432),
  user: process.env.DB_USERNAME || "postgres",
  password: process.env.DB_PASSWORD || "postgres",
  database: process.env.DB_WAITINGROOM_DATABASE || "postgres",
})

const quote = (name) => `"${name.replace(/"/g, '""')}"`

function filesUnder(dir) {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const file = path.join(dir, entry.name)
      return entry.isDirectory() ? filesUnder(file) : [file]
    })
    .sort()
}

/** The base's name: a hash of the files that decide the migrated schema. */
function baseName() {
  const hash = createHash("sha256")
  const inputs = [
    path.join(ROOT, "package-lock.json"),
    path.join(ROOT, "medusa-config.ts"),
    ...filesUnder(path.join(ROOT, "src/modules")).filter((f) => f.includes(`${path.sep}migrations${path.sep}`)),
    ...filesUnder(path.join(ROOT, "src/links")),
  ]
  for (const file of inputs) {
    hash.update(path.relative(ROOT, file)).update("\0").update(fs.readFileSync(file)).update("\0")
  }
  return PREFIX + hash.digest("hex").slice(0, 16)
}

async function withClient(fn) {
  const client = new Client(credentials())
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/**
 * Jest global setup: makes sure the base for the current schema exists (migrating it with
 * `medusa db:migrate` if not), drops bases of other schemas, and passes the name to the suites in
 * NEWSLETTER_TEST_BASE_DB. Several jest processes at once wait for each other on an advisory lock.
 */
async function setup() {
  const name = baseName()
  await withClient(async (client) => {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK])
    try {
      // Bases of other schemas (an older checkout, another branch) are dropped after a day unused;
      // a run of another working tree may still be copying from one now.
      const { rows } = await client.query(
        `SELECT datname, shobj_description(oid, 'pg_database') AS made FROM pg_database WHERE datname LIKE $1`,
        [`${PREFIX}%`]
      )
      for (const { datname, made } of rows) {
        const age = Date.now() - Date.parse(made ?? "")
        if (datname !== name && !(age < DAY)) {
          await client.query(`DROP DATABASE IF EXISTS ${quote(datname)} WITH (FORCE)`)
        }
      }
      if (!rows.some((r) => r.datname === name)) {
        const building = `${name}-building`
        await client.query(`DROP DATABASE IF EXISTS ${quote(building)} WITH (FORCE)`)
        await client.query(`CREATE DATABASE ${quote(building)}`)
        const c = credentials()
        execFileSync(process.execPath, [require.resolve("@medusajs/cli/cli.js"), "db:migrate"], {
          cwd: ROOT,
          stdio: "ignore",
          env: {
            ...process.env,
            NODE_ENV: "test",
            DATABASE_URL: `postgres://${c.user}:${encodeURIComponent(c.password)}@${c.host}:${c.port}/${building}`,
          },
        })
        await client.query(`ALTER DATABASE ${quote(building)} RENAME TO ${quote(name)}`)
      }
      await client.query(`COMMENT ON DATABASE ${quote(name)} IS '${new Date().toISOString()}'`)
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [LOCK])
    }
  })
  process.env.NEWSLETTER_TEST_BASE_DB = name
}

/** Creates `database` as a copy of the base, when the tier's global setup made one. */
async function cloneInto(database) {
  const base = process.env.NEWSLETTER_TEST_BASE_DB
  if (!base) return
  await withClient(async (client) => {
    try {
      await client.query(`CREATE DATABASE ${quote(database)} TEMPLATE ${quote(base)}`)
    } catch (error) {
      // 42P04: the suite's database exists already; the runner reuses it as it is. 3D000: the base
      // is gone (dropped by hand); the runner then migrates an empty database as it always did.
      if (error.code !== "42P04" && error.code !== "3D000") throw error
    }
  })
}

module.exports = { setup, cloneInto, baseName }
