import {
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
  type SubscriptionImportRow,
} from "../types"
import type { NewsletterErrorParams } from "../errors"
import { normalizedEmailSql } from "../utils/email"
import { sqlNewId } from "../utils/ids"
import { decideSubscriptionChange, importRefusal } from "../utils/subscription-rules"
import type { SqlManager } from "./types"

type KnexLike = { raw(sql: string, bindings: unknown[]): Promise<{ rows: unknown[] }> }

/**
 * Runs one statement with its values sent as real query parameters, in the manager's transaction.
 * The import's statements carry a chunk's rows as one JSON text (about 250 KB for 1,000 rows):
 * MikroORM's `execute` writes every value into the SQL text, escaping it a character at a time,
 * which costs about half a second and tens of MB of short-lived strings per MB of JSON (measured:
 * 1 GB of heap for a 100,000-row import). Falls back to `execute` for a manager without a knex
 * connection.
 */
async function executeBound(manager: SqlManager, sql: string, params: unknown[]): Promise<any[]> {
  const em = manager as SqlManager & {
    getTransactionContext?(): KnexLike | undefined
    getKnex?(): KnexLike
  }
  const knex = em.getTransactionContext?.() ?? em.getKnex?.()
  if (!knex) {
    return await manager.execute(sql, params)
  }
  return (await knex.raw(sql, params)).rows
}

/** A row of an import left out because of the address's current status, and why. */
export type ImportRefusedRow = {
  line: number
  email: string
  reason: string
  code: string
  params: NewsletterErrorParams
}

/** What writing one chunk of imported rows did. */
export type ImportChunkResult = {
  /** Addresses newly recorded. */
  created: number
  /** Addresses whose status changed. */
  updated: number
  /** Addresses that already had the row's status (nothing recorded). */
  unchanged: number
  /** Accepted addresses that no customer has yet. */
  without_customer: number
  /** Rows refused because of the address's current status. */
  rejected: ImportRefusedRow[]
  /** Subscriptions created or changed, one per history entry written. */
  changed_ids: string[]
  /** The history entries written: what {@link revertSubscriptionImport} undoes. */
  event_ids: string[]
  /** Transient error streaks the import reset to 0, to give back on revert (non-zero ones only). */
  reset_streaks: Array<{ id: string; transient_error_count: number }>
}

type Existing = {
  id: string
  email: string
  status: NewsletterSubscriptionStatus
  transient_error_count: number
}

const emptyResult = (): ImportChunkResult => ({
  created: 0,
  updated: 0,
  unchanged: 0,
  without_customer: 0,
  rejected: [],
  changed_ids: [],
  event_ids: [],
  reset_streaks: [],
})

/**
 * Imports the chunks of rows as they come (the caller may still be reading the file) inside the
 * caller's transaction, each with {@link importSubscriptionChunk}, and adds up what they did. When
 * `chunks` throws, the caller's transaction rolls back with everything written so far. A
 * `dryRun` writes nothing and answers what the import would do now.
 */
export async function importSubscriptions(
  manager: SqlManager,
  chunks: AsyncIterable<SubscriptionImportRow[]> | Iterable<SubscriptionImportRow[]>,
  actorId: string | null,
  options: { dryRun?: boolean } = {}
): Promise<ImportChunkResult> {
  const total = emptyResult()
  for await (const rows of chunks) {
    const chunk = await importSubscriptionChunk(manager, rows, actorId, options)
    total.created += chunk.created
    total.updated += chunk.updated
    total.unchanged += chunk.unchanged
    total.without_customer += chunk.without_customer
    // Appended one by one: a spread of a very large chunk would exceed the argument limit.
    chunk.rejected.forEach((r) => total.rejected.push(r))
    chunk.changed_ids.forEach((id) => total.changed_ids.push(id))
    chunk.event_ids.forEach((id) => total.event_ids.push(id))
    chunk.reset_streaks.forEach((r) => total.reset_streaks.push(r))
  }
  return total
}

/**
 * Writes one chunk of imported rows inside the caller's transaction, set-based: five statements
 * whatever the chunk's size. It locks the addresses' current subscriptions, lets the rules decide
 * each row on the status found (importRefusal: an opted-out or cleaned address is never
 * subscribed again; the same status is no change), creates the new subscriptions, changes the
 * others, and writes one history entry per change with source `import`, the file's consent date
 * and its source text as reason, and `actorId`. An address another request recorded since the
 * lock was taken is refused ("import the file again"), not forced.
 *
 * A `dryRun` (the import dialog's check before the owner confirms) reads the same records without
 * locking them and writes nothing: the counts and refusals are those the import would give now
 * (only a record made by someone else in between could still turn a created row into a refusal).
 */
export async function importSubscriptionChunk(
  manager: SqlManager,
  rows: SubscriptionImportRow[],
  actorId: string | null,
  { dryRun = false }: { dryRun?: boolean } = {}
): Promise<ImportChunkResult> {
  const result = emptyResult()
  if (!rows.length) {
    return result
  }
  const existing = new Map(
    (
      (await executeBound(
        manager,
        `SELECT "id", "email", "status", "transient_error_count" FROM "newsletter_subscription"
         WHERE "deleted_at" IS NULL AND "email" IN (SELECT jsonb_array_elements_text(?::jsonb))
         ${dryRun ? "" : "FOR UPDATE"}`,
        [JSON.stringify(rows.map((r) => r.email))]
      )) as Existing[]
    ).map((r) => [r.email, r])
  )

  const toCreate: SubscriptionImportRow[] = []
  const toUpdate: Array<{ current: Existing; row: SubscriptionImportRow }> = []
  const accepted: SubscriptionImportRow[] = []
  for (const row of rows) {
    const current = existing.get(row.email)
    const refusal = importRefusal(current?.status ?? null, row.status)
    if (refusal) {
      result.rejected.push({ line: row.line, email: row.email, ...refusal, params: {} })
      continue
    }
    accepted.push(row)
    if (!current) {
      toCreate.push(row)
    } else if (
      decideSubscriptionChange(current.status, row.status, NewsletterSubscriptionSource.IMPORT) ===
      "unchanged"
    ) {
      result.unchanged++
    } else {
      toUpdate.push({ current, row })
    }
  }

  if (dryRun) {
    result.created = toCreate.length
    result.updated = toUpdate.length
    result.without_customer = await countWithoutCustomer(manager, accepted)
    return result
  }

  const inserted = toCreate.length
    ? ((await executeBound(
        manager,
        `INSERT INTO "newsletter_subscription"
           ("id", "email", "customer_id", "status", "transient_error_count", "created_at", "updated_at")
         SELECT ${sqlNewId("newsletter_subscription")}, x."email", NULL, x."status", 0, now(), now()
         FROM jsonb_to_recordset(?::jsonb) AS x("email" text, "status" text)
         ON CONFLICT ("email") WHERE "deleted_at" IS NULL DO NOTHING
         RETURNING "id", "email"`,
        [JSON.stringify(toCreate.map(({ email, status }) => ({ email, status })))]
      )) as Array<{ id: string; email: string }>)
    : []
  const createdIds = new Map(inserted.map((r) => [r.email, r.id]))
  const lost = new Set<SubscriptionImportRow>()
  for (const row of toCreate) {
    if (!createdIds.has(row.email)) {
      lost.add(row)
      result.rejected.push({
        line: row.line,
        email: row.email,
        reason: "the address was recorded by someone else during the import; import the file again",
        code: "import_row_recorded_meanwhile",
        params: {},
      })
    }
  }

  if (toUpdate.length) {
    // A status change starts the transient streak afresh (as every subscription change does).
    await executeBound(
        manager,
      `UPDATE "newsletter_subscription" s
       SET "status" = x."status", "transient_error_count" = 0, "updated_at" = now()
       FROM jsonb_to_recordset(?::jsonb) AS x("id" text, "status" text)
       WHERE s."id" = x."id"`,
      [JSON.stringify(toUpdate.map(({ current, row }) => ({ id: current.id, status: row.status })))]
    )
    result.reset_streaks = toUpdate
      .filter(({ current }) => current.transient_error_count > 0)
      .map(({ current }) => ({ id: current.id, transient_error_count: current.transient_error_count }))
  }

  const events = [
    ...toCreate
      .filter((row) => !lost.has(row))
      .map((row) => ({ subscription_id: createdIds.get(row.email)!, from_status: null as string | null, row })),
    ...toUpdate.map(({ current, row }) => ({
      subscription_id: current.id,
      from_status: current.status as string | null,
      row,
    })),
  ]
  if (events.length) {
    const written = (await executeBound(
        manager,
      `INSERT INTO "newsletter_subscription_event"
         ("id", "subscription_id", "from_status", "to_status", "source", "reason", "consented_at",
          "actor_id", "created_at", "updated_at")
       SELECT ${sqlNewId("newsletter_subscription_event")}, x."subscription_id", x."from_status",
              x."to_status", ?, x."reason", x."consented_at"::timestamptz, ?, now(), now()
       FROM jsonb_to_recordset(?::jsonb)
         AS x("subscription_id" text, "from_status" text, "to_status" text, "reason" text,
              "consented_at" text)
       RETURNING "id"`,
      [
        NewsletterSubscriptionSource.IMPORT,
        actorId,
        JSON.stringify(
          events.map((e) => ({
            subscription_id: e.subscription_id,
            from_status: e.from_status,
            to_status: e.row.status,
            reason: e.row.source,
            consented_at: e.row.consented_at,
          }))
        ),
      ]
    )) as Array<{ id: string }>
    result.event_ids = written.map((e) => e.id)
  }
  result.created = toCreate.length - lost.size
  result.updated = toUpdate.length
  result.changed_ids = events.map((e) => e.subscription_id)

  result.without_customer = await countWithoutCustomer(
    manager,
    accepted.filter((r) => !lost.has(r))
  )
  return result
}

/**
 * How many of the rows' addresses no customer has (the core customer table, read by normalized
 * address): such subscribers get newsletters once a customer has the address.
 */
async function countWithoutCustomer(manager: SqlManager, rows: SubscriptionImportRow[]): Promise<number> {
  if (!rows.length) {
    return 0
  }
  const [{ count }] = (await executeBound(
    manager,
    `SELECT count(*)::int AS "count" FROM jsonb_array_elements_text(?::jsonb) AS a("email")
     WHERE NOT EXISTS (SELECT 1 FROM "customer" c
                       WHERE c."deleted_at" IS NULL AND c."email" IS NOT NULL
                         AND ${normalizedEmailSql(`c."email"`)} = a."email")`,
    [JSON.stringify(rows.map((r) => r.email))]
  )) as Array<{ count: number }>
  return count
}

/** What {@link revertSubscriptionImport} needs: the import's history entries and reset streaks. */
export type SubscriptionImportRevert = {
  event_ids: string[]
  reset_streaks: Array<{ id: string; transient_error_count: number }>
}

/**
 * Undoes an import inside the caller's transaction, from the history entries it wrote: a
 * subscription the import created (its entry starts from no status) is removed, a changed one gets
 * the status the entry started from and its transient streak back, and the entries are removed.
 * Three statements whatever the size.
 */
export async function revertSubscriptionImport(
  manager: SqlManager,
  revert: SubscriptionImportRevert
): Promise<void> {
  if (!revert.event_ids.length) {
    return
  }
  const eventIds = JSON.stringify(revert.event_ids)
  await executeBound(
        manager,
    `UPDATE "newsletter_subscription" s
     SET "status" = ev."from_status", "transient_error_count" = COALESCE(x."transient_error_count", 0),
         "updated_at" = now()
     FROM "newsletter_subscription_event" ev
     LEFT JOIN jsonb_to_recordset(?::jsonb) AS x("id" text, "transient_error_count" int)
       ON x."id" = ev."subscription_id"
     WHERE ev."id" IN (SELECT jsonb_array_elements_text(?::jsonb))
       AND ev."from_status" IS NOT NULL AND s."id" = ev."subscription_id"`,
    [JSON.stringify(revert.reset_streaks), eventIds]
  )
  const created = (await executeBound(
        manager,
    `DELETE FROM "newsletter_subscription_event"
     WHERE "id" IN (SELECT jsonb_array_elements_text(?::jsonb))
     RETURNING "subscription_id", "from_status"`,
    [eventIds]
  )) as Array<{ subscription_id: string; from_status: string | null }>
  const createdIds = created.filter((e) => e.from_status === null).map((e) => e.subscription_id)
  if (createdIds.length) {
    await executeBound(
        manager,
      `DELETE FROM "newsletter_subscription" WHERE "id" IN (SELECT jsonb_array_elements_text(?::jsonb))`,
      [JSON.stringify(createdIds)]
    )
  }
}
