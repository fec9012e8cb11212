#!/usr/bin/env node
// `npm run bench:import`: the memory an import of the largest accepted file adds, proven under a cap.
// 1. Boots the test server once and measures its heap after a full collection (the baseline).
// 2. Imports the largest accepted file over HTTP (text/csv, then JSON) in a new process whose
//    V8 old generation is capped at that baseline plus 100 MB (`--max-old-space-size`): V8 must
//    then collect instead of letting garbage pile up, and an import that kept more than 100 MB
//    live would end in an out-of-memory crash (the bench fails).
// 3. Runs every path (workflow, text/csv, JSON) uncapped in one more process and prints each
//    one's peak growth over its own collected baseline: the README's table.
const { spawnSync } = require("node:child_process")
const { mkdtempSync, readFileSync } = require("node:fs")
const { tmpdir } = require("node:os")
const { join } = require("node:path")

const ALLOWED_GROWTH_MB = 100
const out = join(mkdtempSync(join(tmpdir(), "import-bench-")), "baseline.json")

function jest(extraEnv, nodeFlags = []) {
  const result = spawnSync(
    process.execPath,
    [...nodeFlags, require.resolve("jest/bin/jest"), "--runInBand", "--forceExit", "bench/import-memory.spec.ts"],
    {
      stdio: "inherit",
      env: {
        ...process.env,
        DB_PASSWORD: process.env.DB_PASSWORD || "postgres",
        TEST_TYPE: "bench:import",
        NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" "),
        ...extraEnv,
      },
    }
  )
  if (result.status !== 0) {
    console.error(`bench:import failed (${result.signal ?? `exit ${result.status}`})`)
    process.exit(result.status || 1)
  }
}

jest({ IMPORT_BENCH_PHASE: "baseline", IMPORT_BENCH_OUT: out })
const { heapMB } = JSON.parse(readFileSync(out, "utf8"))
const cap = heapMB + ALLOWED_GROWTH_MB
console.log(`\nbooted server's collected heap: ${heapMB} MB; import run with --max-old-space-size=${cap}\n`)
jest({ IMPORT_BENCH_PHASE: "capped", IMPORT_HEAP_CAP_MB: String(cap) }, [`--max-old-space-size=${cap}`])
jest({})
