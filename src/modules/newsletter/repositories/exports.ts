import { WITHOUT_JIT_SQL } from "../../../lib/audience/sql"
import { NewsletterSubscriptionStatus } from "../types"
import { normalizedEmailSql } from "../utils/email"
import { type BoundedRead, isStatementTimeout, readTimeoutError } from "../utils/read-timeout"
import type { SqlManager } from "./types"

/**
 * A statement and its `?` bindings: one of the module's own, or one a caller built with a pure
 * builder (the audience SQL of `src/lib/audience/sql.ts`, which reads Medusa's core tables).
 */
export type ReadQuery = { sql: string; bindings: unknown[] }

/**
 * A manager that can hold a transaction of its own across calls (a fresh one per service call):
 * a cursor is read over several statements and handed out a batch at a time, so it can't run
 * inside one callback the way `@InjectTransactionManager` wraps a method.
 */
export type ReadManager = SqlManager & {
  begin(options?: { readOnly?: boolean }): Promise<void>
  commit(): Promise<void>
  rollback(): Promise<void>
}

/** How a bounded read runs: its statement timeout and its words for the store owner. */
export type BoundedReadOptions = BoundedRead & { timeoutMs: number }

/** Rows fetched from an export's cursor per round trip. */
export const CURSOR_BATCH_SIZE = 1000

// Starts a read-only transaction whose statements each stop after the timeout, with JIT off as for
// the snapshot (WITHOUT_JIT_SQL says why).
async function beginBoundedRead(manager: ReadManager, timeoutMs: number): Promise<void> {
  await manager.begin({ readOnly: true })
  await manager.execute(WITHOUT_JIT_SQL)
  await manager.execute(`SELECT set_config('statement_timeout', ?, true)`, [
    String(Math.max(1, Math.round(timeoutMs))),
  ])
}

function boundedReadError(error: unknown, options: BoundedReadOptions): unknown {
  return isStatementTimeout(error) ? readTimeoutError(options, options.timeoutMs) : error
}

/**
 * Runs one statement in a read-only transaction of its own with a statement timeout (and JIT
 * off); a statement stopped by the timeout throws {@link readTimeoutError}.
 */
export async function boundedRead<T>(
  manager: ReadManager,
  query: ReadQuery,
  options: BoundedReadOptions
): Promise<T[]> {
  await beginBoundedRead(manager, options.timeoutMs)
  try {
    return (await manager.execute(query.sql, query.bindings)) as T[]
  } catch (error) {
    throw boundedReadError(error, options)
  } finally {
    // Read-only: ending it either way changes nothing.
    await manager.rollback().catch(() => undefined)
  }
}

/**
 * Reads the rows of one query through a PostgreSQL server-side cursor (DECLARE … FETCH), a batch
 * at a time, inside a read-only transaction whose statements each stop after the timeout: the
 * query runs once, and only one batch is held in memory however many rows it returns. Stopping
 * early (a client that disconnects) ends the transaction and frees the cursor.
 */
export async function* cursorRows<T = Record<string, unknown>>(
  manager: ReadManager,
  query: ReadQuery,
  options: BoundedReadOptions & { batchSize?: number }
): AsyncGenerator<T, void, undefined> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? CURSOR_BATCH_SIZE))
  await beginBoundedRead(manager, options.timeoutMs)
  try {
    await manager.execute(`DECLARE "newsletter_csv" NO SCROLL CURSOR FOR ${query.sql}`, query.bindings)
    for (;;) {
      const rows = (await manager.execute(`FETCH ${batchSize} FROM "newsletter_csv"`)) as T[]
      for (const row of rows) {
        yield row
      }
      if (rows.length < batchSize) {
        break
      }
    }
  } catch (error) {
    throw boundedReadError(error, options)
  } finally {
    await manager.rollback().catch(() => undefined)
  }
}

/** The preview of an audience: how many recipients, and the first few of them by email. */
export type AudiencePreviewResult = {
  count: number
  sample: Array<{
    customer_id: string
    email: string
    first_name: string | null
    last_name: string | null
  }>
}

/**
 * Runs an audience preview statement (its rows are the sample, each carrying the number of all
 * recipients as `count`; no row means no recipient) as a bounded read.
 */
export async function previewAudience(
  manager: ReadManager,
  query: ReadQuery,
  options: BoundedReadOptions
): Promise<AudiencePreviewResult> {
  const rows = await boundedRead<AudiencePreviewResult["sample"][number] & { count: number }>(
    manager,
    query,
    options
  )
  return {
    count: rows[0]?.count ?? 0,
    sample: rows.map(({ customer_id, email, first_name, last_name }) => ({
      customer_id,
      email,
      first_name,
      last_name,
    })),
  }
}

/**
 * Columns of the recipients export (配信対象リスト, S7), in this order. Before the reservation the
 * delivery columns are empty.
 */
export const RECIPIENT_EXPORT_COLUMNS = [
  "position",
  "customer_id",
  "email",
  "last_name",
  "first_name",
  "status",
  "error_type",
  "error_reason",
  "provider_message_id",
  "reserved_at",
  "attempted_at",
  "delivered_at",
  "delivery_delayed_at",
  "bounced_at",
  "opened_at",
  "clicked_at",
  "complained_at",
] as const

const DELIVERY_TIMES = RECIPIENT_EXPORT_COLUMNS.slice(RECIPIENT_EXPORT_COLUMNS.indexOf("attempted_at"))

// Times as the store owner reads them: in the store's time zone, a form Excel takes as a date.
const localTime = (expr: string) => `to_char(${expr} AT TIME ZONE z."tz", 'YYYY-MM-DD HH24:MI:SS')`

/**
 * The recipients of an article as stored at its reservation (S8), with each one's delivery
 * state, error and times, in snapshot order. Each row also carries `error_code` (not a column):
 * the export says a reason the plugin gave in the reader's language from it.
 */
export function recipientSnapshotExportQuery(newsletterId: string, timezone: string): ReadQuery {
  return {
    sql: `SELECT r."position", r."customer_id", r."email", r."last_name", r."first_name",
             r."status", r."error_type", r."error_reason", r."error_code", r."provider_message_id",
             ${localTime(`r."created_at"`)} AS "reserved_at",
             ${DELIVERY_TIMES.map((c) => `${localTime(`r."${c}"`)} AS "${c}"`).join(",\n             ")}
      FROM "newsletter_recipient" r
      CROSS JOIN (SELECT ?::text AS "tz") z
      WHERE r."newsletter_id" = ? AND r."deleted_at" IS NULL
      ORDER BY r."position"`,
    bindings: [timezone, newsletterId],
  }
}

/**
 * The recipients an audience statement selects right now (rows of email, customer_id,
 * first_name, last_name), numbered in the order a reservation would give them (by email), with
 * the delivery columns empty.
 */
export function liveAudienceExportQuery(audience: ReadQuery): ReadQuery {
  const empty = RECIPIENT_EXPORT_COLUMNS.slice(RECIPIENT_EXPORT_COLUMNS.indexOf("status"))
  return {
    sql: `SELECT row_number() OVER (ORDER BY t."email")::int AS "position",
             t."customer_id", t."email", t."last_name", t."first_name",
             ${empty.map((c) => `NULL AS "${c}"`).join(", ")}, NULL AS "error_code"
      FROM (${audience.sql}) t
      ORDER BY t."email"`,
    bindings: audience.bindings,
  }
}

/**
 * Columns of the subscriptions export (メルマガ購読状況, S17), in this order. `cleaning_flag` is
 * the manual's クリーニングフラグ: 1 for a cleaned address, else 0.
 */
export const SUBSCRIPTION_EXPORT_COLUMNS = [
  "email",
  "customer_id",
  "has_account",
  "last_name",
  "first_name",
  "subscription_status",
  "cleaning_flag",
  "consented_at",
  "last_changed_at",
  "last_change_source",
  // How the consent of a subscribed address was given, and a signup confirmation's evidence
  // (ダブルオプトイン: the request's time, the confirming click's IP and user agent, the form's page).
  "opt_in_level",
  "consent_requested_at",
  "consent_ip",
  "consent_user_agent",
  "consent_source_url",
] as const

/**
 * One row per normalized email, for every customer and every address with a subscription record
 * (an imported subscriber need not be a customer yet): the person's main customer record
 * (registered first), the subscription status (`unsubscribed` when the address never opted in),
 * the cleaning flag, when consent was given for a subscribed address, and the time and source of
 * the last change. In email order.
 */
export function subscriptionExportQuery(timezone: string): ReadQuery {
  const email = normalizedEmailSql("c.email")
  const S = NewsletterSubscriptionStatus
  return {
    sql: `WITH "person" AS (
        SELECT DISTINCT ON (e."email") e."email", c."id" AS "customer_id", c."has_account",
               c."first_name", c."last_name"
        FROM "customer" c
        CROSS JOIN LATERAL (SELECT ${email} AS "email") e
        WHERE c."deleted_at" IS NULL AND c."email" IS NOT NULL
        ORDER BY e."email", c."has_account" DESC, c."updated_at" DESC, c."id"
      ),
      "last_change" AS (
        SELECT DISTINCT ON (ev."subscription_id") ev."subscription_id", ev."created_at", ev."source"
        FROM "newsletter_subscription_event" ev
        WHERE ev."deleted_at" IS NULL
        ORDER BY ev."subscription_id", ev."created_at" DESC, ev."id" DESC
      ),
      "consent" AS (
        SELECT DISTINCT ON (ev."subscription_id") ev."subscription_id",
               COALESCE(ev."consented_at", ev."created_at") AS "at", ev."evidence"
        FROM "newsletter_subscription_event" ev
        WHERE ev."deleted_at" IS NULL AND ev."to_status" = ?
        ORDER BY ev."subscription_id", ev."created_at" DESC, ev."id" DESC
      )
      SELECT COALESCE(p."email", s."email") AS "email", p."customer_id",
             CASE WHEN p."customer_id" IS NULL THEN NULL WHEN p."has_account" THEN 1 ELSE 0 END
               AS "has_account",
             p."last_name", p."first_name",
             COALESCE(s."status", ?) AS "subscription_status",
             CASE WHEN s."status" = ? THEN 1 ELSE 0 END AS "cleaning_flag",
             CASE WHEN s."status" = ? THEN ${localTime(`k."at"`)} END AS "consented_at",
             ${localTime(`COALESCE(lc."created_at", s."updated_at")`)} AS "last_changed_at",
             lc."source" AS "last_change_source",
             CASE WHEN s."status" = ? THEN s."opt_in_level" END AS "opt_in_level",
             CASE WHEN s."status" = ? THEN ${localTime(`(k."evidence"->>'requested_at')::timestamptz`)} END
               AS "consent_requested_at",
             CASE WHEN s."status" = ? THEN k."evidence"->>'confirm_ip' END AS "consent_ip",
             CASE WHEN s."status" = ? THEN k."evidence"->>'confirm_user_agent' END AS "consent_user_agent",
             CASE WHEN s."status" = ? THEN k."evidence"->>'source_url' END AS "consent_source_url"
      FROM "person" p
      FULL OUTER JOIN (SELECT * FROM "newsletter_subscription" WHERE "deleted_at" IS NULL) s
        ON s."email" = p."email"
      LEFT JOIN "last_change" lc ON lc."subscription_id" = s."id"
      LEFT JOIN "consent" k ON k."subscription_id" = s."id"
      CROSS JOIN (SELECT ?::text AS "tz") z
      ORDER BY 1`,
    bindings: [
      S.SUBSCRIBED,
      S.UNSUBSCRIBED,
      S.CLEANED,
      S.SUBSCRIBED,
      ...Array(5).fill(S.SUBSCRIBED),
      timezone,
    ],
  }
}
