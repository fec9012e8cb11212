import { pipeline } from "node:stream/promises"
import type { MedusaResponse } from "@medusajs/framework/http"
import type { Logger } from "@medusajs/framework/types"
import { csvStream, type CsvColumn } from "./write"

/**
 * Answers a request with a CSV download (`text/csv; charset=utf-8`, attachment named
 * `fileName`) streamed from `rows`. The first row is read before anything is sent, so a failing
 * query is the usual error answer; once the download has started it can only be cut off, so a
 * later error is logged and the connection closed. A client that goes away stops the reading
 * (the cursor's transaction ends).
 */
export async function sendCsv(
  res: MedusaResponse,
  fileName: string,
  rows: AsyncIterable<Record<string, unknown>>,
  columns: CsvColumn[],
  logger?: Logger
): Promise<void> {
  const iterator = rows[Symbol.asyncIterator]()
  const first = await iterator.next()
  async function* all() {
    if (first.done) {
      return
    }
    yield first.value
    yield* { [Symbol.asyncIterator]: () => iterator }
  }

  res.status(200)
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="${fileName}"`)
  res.setHeader("Cache-Control", "no-store")
  try {
    await pipeline(csvStream(all(), columns), res)
  } catch (error) {
    logger?.error(`newsletter CSV export "${fileName}" stopped: ${(error as Error).message}`)
    res.destroy()
  }
}

/** `YYYYMMDD` of `now` in the store's time zone, for file names. */
export function fileDate(now: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  })
    .format(now)
    .replace(/-/g, "")
}
