import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError } from "../errors"

/**
 * How long one statement of a read a store owner waits for (the audience preview, each step of a
 * CSV export) may run before PostgreSQL stops it: far above what these reads take on a shop of
 * 100,000 customers (under 2 s), low enough that a runaway filter can't hold a connection and a
 * core for minutes. The service methods take `timeout_ms` to change it per call.
 */
export const READ_STATEMENT_TIMEOUT_MS = 30_000

/** The `code` of the error a read stopped by its statement timeout throws. */
export const READ_TIMEOUT_CODE = "newsletter_read_timeout"

// PostgreSQL's query_canceled, which a statement_timeout raises.
const QUERY_CANCELED = "57014"

/** True when `error` is PostgreSQL stopping a statement at its statement_timeout. */
export function isStatementTimeout(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null
  return e?.code === QUERY_CANCELED && /statement timeout/.test(String(e.message))
}

/**
 * The error of a read stopped by its statement timeout, in words a store owner can act on (e.g.
 * "The audience preview took longer than 30 seconds and was stopped, so that the shop stays fast.
 * Narrow the conditions, or try again when the shop is less busy"); its
 * `code` is {@link READ_TIMEOUT_CODE} (routes answer it with 503), its params `{ read, seconds }`.
 */
export function readTimeoutError(read: BoundedRead, timeoutMs: number): NewsletterError {
  const seconds = Math.round((timeoutMs / 1000) * 10) / 10
  return new NewsletterError(
    MedusaError.Types.UNEXPECTED_STATE,
    READ_TIMEOUT_CODE,
    `${read.what} took longer than ${seconds} seconds and was stopped, so that the shop stays fast. ${
      read.hint ?? "Try again when the shop is less busy"
    }`,
    { read: read.read, seconds }
  )
}

/**
 * What a bounded read is: `read`, its name in the codes' params (`audience_preview`,
 * `csv_export`), `what` in the store owner's words, and what to do when it times out.
 */
export type BoundedRead = { read: string; what: string; hint?: string }
