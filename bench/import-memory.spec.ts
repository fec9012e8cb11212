import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { AxiosResponse } from "axios"
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "../src/lib/csv/import"
import { importNewsletterSubscriptionsWorkflow } from "../src/workflows/import-newsletter-subscriptions"
import { createAdminHeaders } from "../integration-tests/helpers/auth"
import { report } from "../integration-tests/helpers/report"

jest.setTimeout(5 * 60 * 1000)

// A full collection before each baseline, so that the growth measured is the import's own.
setFlagsFromString("--expose-gc")
const gc = runInNewContext("gc") as () => void

const MB = 1024 * 1024
const HEADER = "email,status,consented_at,source\r\n"

/**
 * The largest file the import takes: 100,000 subscribed rows filling 20 MB, each with a Japanese
 * source padded to about 150 characters (so the text is a two-byte string in V8, the costly case).
 */
function largestFile(prefix: string): string {
  const row = (i: number, pad: number) =>
    `${prefix}${String(i).padStart(6, "0")}@example.jp,subscribed,2024-04-01 10:00,旧ショップ会員登録 ${"x".repeat(pad)}\r\n`
  const fixed = Buffer.byteLength(HEADER) + IMPORT_MAX_ROWS * Buffer.byteLength(row(0, 0))
  const pad = Math.floor((IMPORT_MAX_BYTES - fixed) / IMPORT_MAX_ROWS)
  const rows: string[] = [HEADER]
  for (let i = 0; i < IMPORT_MAX_ROWS; i++) {
    rows.push(row(i, pad))
  }
  return rows.join("")
}

/** 20 MB of rows without an address (`,,,`): 4 million rows, 40 times the row limit. */
const emptyRowsFile = (lineEnd: string) =>
  HEADER + ",,,".concat(lineEnd).repeat(Math.floor((IMPORT_MAX_BYTES - HEADER.length) / (3 + lineEnd.length)))

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

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    // Prints the figures (README, "Importing a subscriber list"); memory is not asserted: the peak
    // depends on when V8 collects, which depends on what ran before in this process.
    it("imports the largest accepted file and refuses 20 MB of empty rows, reporting the memory each adds (workflow, text/csv, JSON)", async () => {
      const container = getContainer()
      const { headers } = await createAdminHeaders(container)
      let events = 0
      container.resolve(Modules.EVENT_BUS).subscribe("newsletter.subscription_updated", async () => {
        events++
      })
      const tooMany = `The file has more than ${IMPORT_MAX_ROWS} rows; import at most ${IMPORT_MAX_ROWS} at a time. Nothing was imported`

      // 1. The import itself (the workflow a route runs), the file's text already in memory.
      let csv: string | null = largestFile("wf")
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

      csv = emptyRowsFile("\r\n")
      const emptyBytes = Buffer.byteLength(csv)
      const workflowEmpty = await peakGrowth(() =>
        importNewsletterSubscriptionsWorkflow(container)
          .run({ input: { csv: csv!, actor_id: null } })
          .catch((e) => e)
      )
      expect(workflowEmpty.result.message).toEqual(tooMany)
      csv = null

      // 2. End to end over HTTP, the file itself as the body (text/csv, with its Content-Length as
      // curl --data-binary sends it): the route writes it to a temporary file as it arrives and the
      // import reads it from there. The client's copy is made before the baseline.
      let file: Buffer | null = Buffer.from(largestFile("csv"))
      const csvLargest = await peakGrowth<AxiosResponse>(() =>
        api.post("/admin/newsletter-subscriptions/import", file, {
          headers: { ...headers, "content-type": "text/csv" },
          maxBodyLength: Infinity,
        })
      )
      expect([csvLargest.result.status, csvLargest.result.data.created]).toEqual([200, 100_000])
      file = Buffer.from(emptyRowsFile("\r\n"))
      const csvEmpty = await peakGrowth<AxiosResponse>(() =>
        api.post("/admin/newsletter-subscriptions/import", file, {
          headers: { ...headers, "content-type": "text/csv" },
          maxBodyLength: Infinity,
          validateStatus: () => true,
        })
      )
      expect([csvEmpty.result.status, csvEmpty.result.data.message]).toEqual([400, tooMany])
      file = null

      // 3. The compatible JSON body { csv }: held and parsed whole by the route before the import.
      let body: Buffer | null = Buffer.from(JSON.stringify({ csv: largestFile("http") }))
      const httpLargest = await peakGrowth<AxiosResponse>(() =>
        api.post("/admin/newsletter-subscriptions/import", body, {
          headers: { ...headers, "content-type": "application/json" },
          maxBodyLength: Infinity,
        })
      )
      expect([httpLargest.result.status, httpLargest.result.data.created]).toEqual([200, 100_000])

      // Empty rows with LF ends (5 bytes of JSON per 4 of file: a 25 MB body) are refused by the
      // body's length (413) and not read. The body limit is the file's plus 4 MB.
      body = Buffer.from(JSON.stringify({ csv: emptyRowsFile("\n") }))
      const httpEmpty = await peakGrowth<AxiosResponse>(() =>
        api
          .post("/admin/newsletter-subscriptions/import", body, {
            headers: { ...headers, "content-type": "application/json" },
            maxBodyLength: Infinity,
            validateStatus: () => true,
          })
      )
      expect([httpEmpty.result.status, httpEmpty.result.data.message]).toEqual([
        413,
        "The JSON body is over 24 MB; send a large file as the body itself, with Content-Type: text/csv (at most 20 MB). Nothing was imported",
      ])
      const emptyBody = body.length
      body = null

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
