#!/usr/bin/env node
// `npm test`: runs the test tiers in order (unit, module, HTTP, browser) against the PostgreSQL
// given by DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD (defaults in .env.test), stopping at the first
// failing tier. Extra arguments are passed to jest (e.g. a test path pattern).
const { spawnSync } = require("node:child_process")

const tiers = ["unit", "integration:modules", "integration:http"]
const extra = process.argv.slice(2)

const env = {
  ...process.env,
  // An empty password trips Medusa's test runner ("client password must be a string");
  // trust auth ignores the value.
  DB_PASSWORD: process.env.DB_PASSWORD || "postgres",
  NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" "),
}
// No DB_HOST and nothing on localhost:5432: the tiers run on an embedded PostgreSQL, started now
// and stopped at exit (demo/test-database.js).
require("../demo/test-database").useEmbeddedPostgresIfNeeded(env)

// The HTTP suites each boot their own Medusa on their own database and stand-in, so two run at once
// (NEWSLETTER_TEST_HTTP_WORKERS, default 2; 1 runs them in band). The other tiers run in band.
const httpWorkers = Number(process.env.NEWSLETTER_TEST_HTTP_WORKERS || 2)
const parallelism = (tier) =>
  tier === "integration:http" && httpWorkers > 1 ? [`--maxWorkers=${httpWorkers}`] : ["--runInBand"]

for (const tier of tiers) {
  console.log(`\n=== ${tier} tests ===`)
  const result = spawnSync(
    process.execPath,
    [require.resolve("jest/bin/jest"), "--silent", ...parallelism(tier), "--forceExit", ...extra],
    { stdio: "inherit", env: { ...env, TEST_TYPE: tier } }
  )
  if (result.status !== 0) {
    console.error(`\n${tier} tests failed`)
    process.exit(result.status ?? 1)
  }
}

// 4th tier: the admin screens in Debian's Chromium against a host app that installs the packed
// plugin (integration-tests/browser/run.ts). Skipped when jest arguments narrow the run.
if (!extra.length) {
  console.log("\n=== browser tests ===")
  const browser = spawnSync(process.execPath, [require.resolve("../integration-tests/browser/run.js")], {
    stdio: "inherit",
    env: { ...env, NODE_OPTIONS: process.env.NODE_OPTIONS || "" },
  })
  if (browser.status !== 0) {
    console.error("\nbrowser tests failed")
    process.exit(browser.status ?? 1)
  }
}
