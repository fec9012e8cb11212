import { closeSync, createReadStream, mkdtempSync, openSync, statSync, writeSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { Modules } from "@medusajs/framework/utils"
import type { AxiosResponse } from "axios"
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "../src/lib/csv/import"
import { importNewsletterSubscriptionsWorkflow } from "../src/workflows/import-newsletter-subscriptions"
import { createAdminHeaders } from "../integration-tests/helpers/auth"
import { freshConnection } from "../integration-tests/helpers/connection"
import { report } from "../integration-tests/helpers/report"
import { newsletterIntegrationTestRunner } from "../integration-tests/helpers/runner"

jest.setTimeout(5 * 60 * 1000)

// A full collection before each baseline, so that the growth measured is the import's own.
setFlagsFromString("--expose-gc")
const gc = runInNewContext("gc") as () => void

const MB = 1024 * 1024
const HEADER = "email,status,consented_at,source\r\n"

/**
 * The rows of the largest file the import takes: 100,000 subscribed rows filling 20 MB, each with
 * a Japanese source padded to about 150 characters (so the text is a two-byte string in V8, the
 * costly case), header first.
 */
function* largestRows(prefix: string): Generator<string> {
  const row = (i: number, pad: number) =>
    `${prefix}${String(i).padStart(6, "0")}@example.jp,subscribed,2024-04-01 10:00,旧ショップ会員登録 ${"x".repeat(pad)}\r\n`
  const fixed = Buffer.byteLength(HEADER) + IMPORT_MAX_ROWS * Buffer.byteLength(row(0, 0))
  const pad = Math.floor((IMPORT_MAX_BYTES - fixed) / IMPORT_MAX_ROWS)
  yield HEADER
  for (let i = 0; i < IMPORT_MAX_ROWS; i++) {
    yield row(i, pad)
  }
}

/** 20 MB of rows without an address (`,,,`): 4 million rows, 40 times the row limit. */
function* emptyRows(lineEnd: string): Generator<string> {
  const rows = Math.floor((IMPORT_MAX_BYTES - HEADER.length) / (3 + lineEnd.length))
  const chunk = 10_000
  yield HEADER
  for (let done = 0; done < rows; done += chunk) {
    yield ",,,".concat(lineEnd).repeat(Math.min(chunk, rows - done))
  }
}

/** A file's whole text, for the workflow, which takes it in memory. */
const text = (chunks: Iterable<string>) => [...chunks].join("")

/** The JSON body `{ "csv": <the file's text> }`, chunk by chunk. */
function* jsonBody(chunks: Iterable<string>): Generator<string> {
  yield '{"csv":"'
  for (const chunk of chunks) {
    yield JSON.stringify(chunk).slice(1, -1)
  }
  yield '"}'
}

const bodies = mkdtempSync(join(tmpdir(), "import-bench-bodies-"))

/**
 * Writes a request body to a file in a temporary folder a chunk at a time and returns its path: the
 * uploads are read from disk as curl does, so the client in this process holds none of it.
 */
function bodyFile(name: string, chunks: Iterable<string>): string {
  const path = join(bodies, name)
  const fd = openSync(path, "w")
  try {
    for (const chunk of chunks) {
      writeSync(fd, chunk)
    }
  } finally {
    closeSync(fd)
  }
  return path
}

/**
 * Runs `work` and samples this process's memory every 2 ms meanwhile: the peak growth of the V8
 * heap plus Buffers (`heapUsed + external`) and of the resident set, over a baseline taken after
 * a full collection. The Medusa server runs in this process, so its request handling is included.
 */
async function peakGrowth<T>(work: () => Promise<T>) {
  gc()
  const base = process.memoryUsage()
  let heap = 0
  let rss = 0
  const sample = () => {
    const now = process.memoryUsage()
    heap = Math.max(heap, now.heapUsed + now.external - base.heapUsed - base.external)
    rss = Math.max(rss, now.rss - base.rss)
  }
  const timer = setInterval(sample, 2)
  const started = Date.now()
  try {
    const result = await work()
    sample()
    return { result, heapMB: Math.round(heap / MB), rssMB: Math.round(rss / MB), ms: Date.now() - started }
  } finally {
    clearInterval(timer)
  }
}

const TOO_MANY = `The file has more than ${IMPORT_MAX_ROWS} rows; import at most ${IMPORT_MAX_ROWS} at a time. Nothing was imported`

/**
 * Uploads the file at `path` as the request body, streamed from disk with its Content-Length (as
 * `curl --data-binary @file` does), and measures what the server adds meanwhile.
 */
function postFile(
  api: { post: Function },
  headers: Record<string, string>,
  path: string,
  contentType: "text/csv" | "application/json"
) {
  return peakGrowth<AxiosResponse>(() =>
    api.post("/admin/newsletter-subscriptions/import", createReadStream(path), {
      headers: { ...headers, "content-type": contentType, "content-length": statSync(path).size },
      maxBodyLength: Infinity,
      validateStatus: () => true,
      httpAgent: freshConnection(),
    })
  )
}

/** The V8 heap in use after a full collection, in MB: what the capped run adds its 100 MB to. */
function collectedHeapMB(): number {
  gc()
  return Math.ceil(process.memoryUsage().heapUsed / MB)
}

// bench/import-memory.js runs this file twice: first only to measure the heap of the booted server
// (IMPORT_BENCH_PHASE=baseline, written to IMPORT_BENCH_OUT), then with V8's old generation capped
// at that heap plus 100 MB (--max-old-space-size), where an import that kept more than 100 MB live
// would crash the process instead of finishing.
const baselineOnly = process.env.IMPORT_BENCH_PHASE === "baseline"

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    if (baselineOnly) {
      it("measures the booted server's collected heap", async () => {
        await createAdminHeaders(getContainer())
        const heapMB = collectedHeapMB()
        require("node:fs").writeFileSync(process.env.IMPORT_BENCH_OUT!, JSON.stringify({ heapMB }))
        expect(heapMB).toBeGreaterThan(0)
      })
      return
    }
    if (process.env.IMPORT_BENCH_PHASE === "capped") {
      // Both HTTP paths, first thing in a fresh process whose old generation is capped at the
      // booted server's heap plus 100 MB: it finishes only if an import keeps less than that live.
      it(`imports the largest accepted file (text/csv, then JSON) under --max-old-space-size=${process.env.IMPORT_HEAP_CAP_MB}`, async () => {
        const { headers } = await createAdminHeaders(getContainer())
        const largest = await postFile(api, headers, bodyFile("cap.csv", largestRows("cap")), "text/csv")
        expect([largest.result.status, largest.result.data.created]).toEqual([200, 100_000])
        const empty = await postFile(api, headers, bodyFile("cap-empty.csv", emptyRows("\r\n")), "text/csv")
        expect([empty.result.status, empty.result.data.message]).toEqual([400, TOO_MANY])
        const json = await postFile(
          api,
          headers,
          bodyFile("cap.json", jsonBody(largestRows("capjson"))),
          "application/json"
        )
        expect([json.result.status, json.result.data.created]).toEqual([200, 100_000])
        report("import memory, capped", {
          heap_cap_mb: process.env.IMPORT_HEAP_CAP_MB,
          http_csv_largest_heap_mb: largest.heapMB,
          http_csv_largest_rss_mb: largest.rssMB,
          http_csv_largest_ms: largest.ms,
          http_csv_empty_rows_heap_mb: empty.heapMB,
          http_csv_empty_rows_ms: empty.ms,
          http_json_largest_heap_mb: json.heapMB,
          http_json_largest_rss_mb: json.rssMB,
          http_json_largest_ms: json.ms,
          heap_after_mb: collectedHeapMB(),
        })
      })
      return
    }
    // Prints the figures of every path (README, "Importing a subscriber list"), uncapped: the
    // peaks depend on when V8 collects, which depends on what ran before in this process.
    it("imports the largest accepted file and refuses 20 MB of empty rows, reporting the memory each adds (workflow, text/csv, JSON)", async () => {
      const container = getContainer()
      const { headers } = await createAdminHeaders(container)
      let events = 0
      container.resolve(Modules.EVENT_BUS).subscribe("newsletter.subscription_updated", async () => {
        events++
      })

      // 1. The import itself (the workflow a route runs), the file's text already in memory.
      let csv: string | null = text(largestRows("wf"))
      const largestBytes = Buffer.byteLength(csv)
      const workflowLargest = await peakGrowth(() =>
        importNewsletterSubscriptionsWorkflow(container).run({ input: { csv: csv!, actor_id: null } })
      )
      expect(workflowLargest.result.result).toEqual({
        accepted: 100_000,
        created: 100_000,
        updated: 0,
        unchanged: 0,
        without_customer: 100_000,
        rejected: [],
      })
      // Every subscription's event, handed to the bus a thousand at a time.
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(events).toEqual(100_000)

      csv = text(emptyRows("\r\n"))
      const emptyBytes = Buffer.byteLength(csv)
      const workflowEmpty = await peakGrowth(() =>
        importNewsletterSubscriptionsWorkflow(container)
          .run({ input: { csv: csv!, actor_id: null } })
          .catch((e) => e)
      )
      expect(workflowEmpty.result.message).toEqual(TOO_MANY)
      csv = null

      // 2. End to end over HTTP, the file itself as the body: the route writes it to a temporary
      // file as it arrives and the import reads it from there.
      const csvLargest = await postFile(api, headers, bodyFile("largest.csv", largestRows("csv")), "text/csv")
      expect([csvLargest.result.status, csvLargest.result.data.created]).toEqual([200, 100_000])
      const csvEmpty = await postFile(api, headers, bodyFile("empty.csv", emptyRows("\r\n")), "text/csv")
      expect([csvEmpty.result.status, csvEmpty.result.data.message]).toEqual([400, TOO_MANY])

      // 3. The compatible JSON body { csv }: held and parsed whole by the route before the import.
      const httpLargest = await postFile(
        api,
        headers,
        bodyFile("largest.json", jsonBody(largestRows("http"))),
        "application/json"
      )
      expect([httpLargest.result.status, httpLargest.result.data.created]).toEqual([200, 100_000])

      // Empty rows with LF ends (5 bytes of JSON per 4 of file: a 25 MB body) are refused by the
      // body's length (413) and not read. The body limit is the file's plus 4 MB.
      const emptyJson = bodyFile("empty.json", jsonBody(emptyRows("\n")))
      const httpEmpty = await postFile(api, headers, emptyJson, "application/json")
      expect([httpEmpty.result.status, httpEmpty.result.data.message]).toEqual([
        413,
        "The JSON body is over 24 MB; send a large file as the body itself, with Content-Type: text/csv (at most 20 MB). Nothing was imported",
      ])
      const emptyBody = statSync(emptyJson).size

      report("import memory", {
        largest_file_mb: (largestBytes / MB).toFixed(1),
        empty_rows_file_mb: (emptyBytes / MB).toFixed(1),
        workflow_largest_heap_mb: workflowLargest.heapMB,
        workflow_largest_rss_mb: workflowLargest.rssMB,
        workflow_largest_ms: workflowLargest.ms,
        workflow_empty_rows_heap_mb: workflowEmpty.heapMB,
        workflow_empty_rows_rss_mb: workflowEmpty.rssMB,
        workflow_empty_rows_ms: workflowEmpty.ms,
        http_csv_largest_heap_mb: csvLargest.heapMB,
        http_csv_largest_rss_mb: csvLargest.rssMB,
        http_csv_largest_ms: csvLargest.ms,
        http_csv_empty_rows_heap_mb: csvEmpty.heapMB,
        http_csv_empty_rows_rss_mb: csvEmpty.rssMB,
        http_csv_empty_rows_ms: csvEmpty.ms,
        http_largest_heap_mb: httpLargest.heapMB,
        http_largest_rss_mb: httpLargest.rssMB,
        http_largest_ms: httpLargest.ms,
        http_empty_rows_body_mb: (emptyBody / MB).toFixed(1),
        http_empty_rows_status: httpEmpty.result.status,
        http_empty_rows_heap_mb: httpEmpty.heapMB,
      })
    })
  },
})
