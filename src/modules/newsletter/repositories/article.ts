import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError } from "../errors"
import { type SqlQuery, WITHOUT_JIT_SQL } from "../../../lib/audience/sql"
import { EDITABLE_NEWSLETTER_FIELDS, type EditableNewsletterField } from "../../../lib/newsletter-article"
import { NewsletterRecipientStatus, NewsletterStatus } from "../types"
import type { AggregationFigures } from "../utils/delivery-rules"
import { sqlNewId } from "../utils/ids"
import {
  actionLeadingTo,
  NewsletterAction,
  NewsletterStatusSets,
  statusCondition,
  statusesAllowing,
  statusRefusal,
} from "../utils/newsletter-status"
import { notFound } from "../utils/not-found"
import type { SqlManager } from "./types"

/**
 * The statements that change an article's state (status, fields, snapshot, deletion). Each
 * status change is ONE conditional statement whose condition comes from the status file: it
 * either happens or changes nothing, and then {@link refusal} says why (404, or 409 naming the
 * status the article has now).
 */

/** An article's row as the database returns it. */
export type NewsletterRow = {
  id: string
  status: NewsletterStatus
  [column: string]: unknown
}

/** The columns an edit may write: the fields of POST /admin/newsletters/:id (shared with the admin's form). */
export const EDITABLE_NEWSLETTER_COLUMNS = EDITABLE_NEWSLETTER_FIELDS

export type EditableNewsletterColumn = EditableNewsletterField

/** The columns a transition writes besides the status, and so the ones its undoing may put back. */
const TRANSITION_STAMPS = [
  "status",
  "status_reason",
  "status_reason_code",
  "status_reason_params",
  "started_at",
  "finished_at",
  "cancelled_at",
  "aggregated_at",
  "total_count",
  "unsent_count",
  "unknown_count",
  "send_context",
] as const

/**
 * `"a" = ?, "b" = ?` for the given columns and their values in the same order. Column names come
 * from the plugin's own code; anything that isn't a plain identifier is refused, so no input can
 * reach the SQL text.
 */
function assignments(data: Record<string, unknown>): { sql: string; bindings: unknown[] } {
  const columns = Object.keys(data)
  columns.forEach((c) => {
    if (!/^[a-z_]+$/.test(c)) {
      throw new NewsletterError(MedusaError.Types.INVALID_ARGUMENT, "not_a_column", `Not a column name: ${c}`, {
        column: c,
      })
    }
  })
  return {
    sql: columns.map((c) => `"${c}" = ?`).join(", "),
    bindings: columns.map((c) => serialize(data[c])),
  }
}

/** Objects (the audience, the send context) are bound as JSON; dates and scalars as they are. */
function serialize(value: unknown) {
  return value !== null && typeof value === "object" && !(value instanceof Date)
    ? JSON.stringify(value)
    : value
}

/**
 * Why a conditional write on article `id` found no row: it doesn't exist (or was deleted) → 404;
 * otherwise its status no longer allows `action` → 409 naming the status it has now.
 */
export async function refusal(manager: SqlManager, id: string, action: NewsletterAction): Promise<NewsletterError> {
  const [row] = (await manager.execute(
    `SELECT "status" FROM "newsletter" WHERE "id" = ? AND "deleted_at" IS NULL`,
    [id]
  )) as Array<{ status: NewsletterStatus }>
  return row ? statusRefusal(id, row.status, action, true) : notFound("Newsletter", id)
}

/**
 * Moves article `id` to `to` with the extra columns `data`, in ONE statement conditional on the
 * table (`status` among those leading to `to`): two processes racing for the same change can't
 * both win. Returns the row as it was just before (locked, so it is the true pre-image).
 */
export async function transitionNewsletter(
  manager: SqlManager,
  input: { id: string; to: NewsletterStatus; data?: Record<string, unknown> }
): Promise<NewsletterRow> {
  const set = assignments({ ...(input.data ?? {}), status: input.to })
  const allowed = statusCondition(statusesAllowing(actionLeadingTo(input.to)))
  const [before] = (await manager.execute(
    `UPDATE "newsletter" n SET ${set.sql}, "updated_at" = now()
     FROM (SELECT * FROM "newsletter"
           WHERE "id" = ? AND "deleted_at" IS NULL AND ${allowed.sql}
           FOR UPDATE) pre
     WHERE n."id" = pre."id"
     RETURNING pre.*`,
    [...set.bindings, input.id, ...allowed.bindings]
  )) as NewsletterRow[]
  if (!before) {
    throw await refusal(manager, input.id, actionLeadingTo(input.to))
  }
  return before
}

/**
 * Undoes a transition (a workflow's compensation): puts back the columns of `restore` (the
 * status included) only while the article is still `from`, the status the transition left. An
 * article that moved on since keeps its newer state. Returns whether it was put back.
 */
export async function revertNewsletterTransition(
  manager: SqlManager,
  input: { id: string; from: NewsletterStatus; restore: Record<string, unknown> & { status: NewsletterStatus } }
): Promise<boolean> {
  const columns = Object.keys(input.restore).filter((c) => (TRANSITION_STAMPS as readonly string[]).includes(c))
  const set = assignments(Object.fromEntries(columns.map((c) => [c, input.restore[c]])))
  const still = statusCondition([input.from])
  const rows = (await manager.execute(
    `UPDATE "newsletter" SET ${set.sql}, "updated_at" = now()
     WHERE "id" = ? AND "deleted_at" IS NULL AND ${still.sql}
     RETURNING "id"`,
    [...set.bindings, input.id, ...still.bindings]
  )) as Array<{ id: string }>
  return rows.length > 0
}

export type GuardedNewsletterEdit = {
  id: string
  /** The edited columns and their new values. */
  data: Partial<Record<EditableNewsletterColumn, unknown>>
  /**
   * What the caller validated the edit against (its read of the article): the write happens only
   * while the status is still this one (and editable), and, when given, the audience still this one.
   */
  expected?: { status: NewsletterStatus; audience?: unknown }
  /**
   * The audience of the reserved article changes: the same statement sends it back to draft,
   * resets its total and unsent counters and soft-deletes its recipients (marked `dropped_at`).
   */
  drop_snapshot?: { dropped_at: Date }
}

/**
 * Edits an article in ONE statement conditional on its status being editable (and the one the
 * caller validated against); when `drop_snapshot` is given, the same statement also drops the
 * snapshot of the reserved article (scheduled → draft). Returns the row before and after.
 */
export async function updateNewsletterGuarded(
  manager: SqlManager,
  input: GuardedNewsletterEdit
): Promise<{ previous: NewsletterRow; newsletter: NewsletterRow; dropped: number }> {
  // A field left out of the request may arrive as an undefined key: it is not edited.
  const data = Object.fromEntries(Object.entries(input.data).filter(([, v]) => v !== undefined))
  const unknown = Object.keys(data).filter(
    (c) => !(EDITABLE_NEWSLETTER_COLUMNS as readonly string[]).includes(c)
  )
  if (unknown.length) {
    throw new NewsletterError(
      MedusaError.Types.INVALID_ARGUMENT,
      "not_an_editable_column",
      `Not an editable column: ${unknown.join(", ")}`,
      { columns: unknown }
    )
  }
  // Editable, and (when dropping the snapshot) one from which the article may go back to draft;
  // narrowed to the status the caller saw, so an article that moved meanwhile is left alone.
  const statuses = NewsletterStatusSets.EDITABLE.filter(
    (s) =>
      (!input.expected || s === input.expected.status) &&
      (!input.drop_snapshot || statusesAllowing("unschedule").includes(s))
  )
  const allowed = statusCondition(statuses)
  const audiencePinned = input.expected?.audience !== undefined
  const set = assignments(
    input.drop_snapshot
      ? { ...data, status: NewsletterStatus.DRAFT, total_count: 0, unsent_count: 0 }
      : data
  )
  const [row] = (await manager.execute(
    `WITH pre AS (
       SELECT * FROM "newsletter"
       WHERE "id" = ? AND "deleted_at" IS NULL AND ${allowed.sql}
         ${audiencePinned ? `AND "audience" = ?::jsonb` : ""}
       FOR UPDATE),
     dropped AS (
       UPDATE "newsletter_recipient" r SET "deleted_at" = ?, "updated_at" = now()
       FROM pre
       WHERE ?::boolean AND r."newsletter_id" = pre."id" AND r."deleted_at" IS NULL
       RETURNING r."id"),
     edited AS (
       UPDATE "newsletter" n SET ${set.sql ? `${set.sql}, ` : ""}"updated_at" = now()
       FROM pre
       WHERE n."id" = pre."id"
       RETURNING n.*)
     SELECT to_jsonb(pre) AS "previous", to_jsonb(e) AS "newsletter",
            (SELECT count(*) FROM dropped)::int AS "dropped"
     FROM pre JOIN edited e ON e."id" = pre."id"`,
    [
      input.id,
      ...allowed.bindings,
      ...(audiencePinned ? [JSON.stringify(input.expected!.audience)] : []),
      input.drop_snapshot?.dropped_at ?? null,
      !!input.drop_snapshot,
      ...set.bindings,
    ]
  )) as Array<{ previous: NewsletterRow; newsletter: NewsletterRow; dropped: number }>
  if (!row) {
    throw await refusal(manager, input.id, "edit")
  }
  return row
}

/**
 * Undoes {@link updateNewsletterGuarded} (a workflow's compensation): puts back the edited
 * columns of `previous` and, when the edit dropped the snapshot, the status, the counters and
 * exactly the recipients it soft-deleted; only while the article still has the status the edit
 * left (`from`). Returns whether it was put back.
 */
export async function restoreNewsletterEdit(
  manager: SqlManager,
  input: {
    id: string
    from: NewsletterStatus
    previous: Record<string, unknown>
    dropped_at?: Date | string | null
  }
): Promise<boolean> {
  const columns = Object.keys(input.previous).filter((c) =>
    (EDITABLE_NEWSLETTER_COLUMNS as readonly string[]).includes(c)
  )
  const restored = Object.fromEntries(columns.map((c) => [c, input.previous[c]]))
  const set = assignments(
    input.dropped_at
      ? {
          ...restored,
          status: input.previous.status,
          total_count: input.previous.total_count,
          unsent_count: input.previous.unsent_count,
        }
      : restored
  )
  const still = statusCondition([input.from])
  const [row] = (await manager.execute(
    `WITH back AS (
       UPDATE "newsletter" SET ${set.sql ? `${set.sql}, ` : ""}"updated_at" = now()
       WHERE "id" = ? AND "deleted_at" IS NULL AND ${still.sql}
       RETURNING "id"),
     undropped AS (
       UPDATE "newsletter_recipient" r SET "deleted_at" = NULL, "updated_at" = now()
       FROM back
       WHERE r."newsletter_id" = back."id" AND r."deleted_at" = ?)
     SELECT count(*)::int AS "restored" FROM back`,
    [...set.bindings, input.id, ...still.bindings, input.dropped_at ?? null]
  )) as Array<{ restored: number }>
  return row.restored > 0
}

/**
 * Soft-deletes articles and their recipients (marked `deleted_at`) in ONE statement conditional
 * on every article being deletable. If one of them isn't (or doesn't exist), nothing is deleted:
 * run it in a transaction, the refusal rolls it back. Returns the deleted ids.
 */
export async function deleteNewslettersGuarded(
  manager: SqlManager,
  input: { ids: string[]; deleted_at: Date }
): Promise<string[]> {
  const allowed = statusCondition(statusesAllowing("delete"))
  const rows = (await manager.execute(
    `WITH deleted AS (
       UPDATE "newsletter" SET "deleted_at" = ?, "updated_at" = now()
       WHERE "id" IN (SELECT jsonb_array_elements_text(?::jsonb)) AND "deleted_at" IS NULL
         AND ${allowed.sql}
       RETURNING "id"),
     recipients AS (
       UPDATE "newsletter_recipient" r SET "deleted_at" = ?, "updated_at" = now()
       FROM deleted d
       WHERE r."newsletter_id" = d."id" AND r."deleted_at" IS NULL)
     SELECT "id" FROM deleted`,
    [input.deleted_at, JSON.stringify(input.ids), ...allowed.bindings, input.deleted_at]
  )) as Array<{ id: string }>
  const missed = input.ids.find((id) => !rows.some((r) => r.id === id))
  if (missed) {
    throw await refusal(manager, missed, "delete")
  }
  return rows.map((r) => r.id)
}

/**
 * Undoes {@link deleteNewslettersGuarded} (a workflow's compensation): restores the articles and
 * exactly the recipients that deletion marked (`deleted_at`), not those dropped earlier.
 */
export async function restoreDeletedNewsletters(
  manager: SqlManager,
  input: { ids: string[]; deleted_at: Date | string }
): Promise<string[]> {
  const rows = (await manager.execute(
    `WITH restored AS (
       UPDATE "newsletter" SET "deleted_at" = NULL, "updated_at" = now()
       WHERE "id" IN (SELECT jsonb_array_elements_text(?::jsonb)) AND "deleted_at" = ?
       RETURNING "id"),
     recipients AS (
       UPDATE "newsletter_recipient" r SET "deleted_at" = NULL, "updated_at" = now()
       FROM restored a
       WHERE r."newsletter_id" = a."id" AND r."deleted_at" = ?)
     SELECT "id" FROM restored`,
    [JSON.stringify(input.ids), input.deleted_at, input.deleted_at]
  )) as Array<{ id: string }>
  return rows.map((r) => r.id)
}

/** What a reservation checks before writing: the article's status, send time and audience. */
export async function readNewsletterForReservation(
  manager: SqlManager,
  id: string
): Promise<{ status: NewsletterStatus; scheduled_at: Date; audience: unknown } | null> {
  const [row] = (await manager.execute(
    `SELECT "status", "scheduled_at", "audience" FROM "newsletter" WHERE "id" = ? AND "deleted_at" IS NULL`,
    [id]
  )) as Array<{ status: NewsletterStatus; scheduled_at: Date; audience: unknown }>
  return row ?? null
}

/**
 * The status change of a reservation: draft → scheduled with the counters reset, ONE statement
 * conditional on the table. It locks the article until the caller's transaction ends, so the
 * audience it returns is the one the snapshot must be taken from: no edit can slip in between.
 */
export async function markNewsletterScheduled(
  manager: SqlManager,
  id: string
): Promise<{ audience: unknown }> {
  const allowed = statusCondition(statusesAllowing("schedule"))
  const [row] = (await manager.execute(
    `UPDATE "newsletter"
     SET "status" = ?, "status_reason" = NULL, "status_reason_code" = NULL, "status_reason_params" = NULL,
         "total_count" = 0, "unsent_count" = 0,
         "succeeded_count" = 0, "failed_count" = 0, "skipped_count" = 0, "updated_at" = now()
     WHERE "id" = ? AND "deleted_at" IS NULL AND ${allowed.sql}
     RETURNING "audience"`,
    [NewsletterStatus.SCHEDULED, id, ...allowed.bindings]
  )) as Array<{ audience: unknown }>
  if (!row) {
    throw await refusal(manager, id, "schedule")
  }
  return row
}

/**
 * Copies the recipients `selected` (the audience statement of `src/lib/audience/sql.ts`) into the
 * article's snapshot in ONE set-based statement (S8), positions in email order, and writes the
 * total and unsent counters in the same statement. JIT is turned off for the rest of the
 * transaction first (see WITHOUT_JIT_SQL). Run it in the transaction of
 * {@link markNewsletterScheduled}. Returns how many recipients were written.
 */
export async function snapshotNewsletterRecipients(
  manager: SqlManager,
  input: { id: string; selected: SqlQuery }
): Promise<number> {
  await manager.execute(WITHOUT_JIT_SQL)
  const [row] = (await manager.execute(
    `WITH inserted AS (
       INSERT INTO "newsletter_recipient"
         ("id", "newsletter_id", "position", "customer_id", "email", "first_name", "last_name",
          "status", "created_at", "updated_at")
       SELECT ${sqlNewId("newsletter_recipient")}, ?,
              row_number() OVER (ORDER BY t.email), t.customer_id, t.email, t.first_name, t.last_name,
              ?, now(), now()
       FROM (${input.selected.sql}) t
       RETURNING 1),
     counted AS (SELECT count(*)::int AS "total" FROM inserted),
     article AS (
       UPDATE "newsletter" n SET "total_count" = c."total", "unsent_count" = c."total"
       FROM counted c
       WHERE n."id" = ?)
     SELECT "total" FROM counted`,
    [input.id, NewsletterRecipientStatus.PENDING, ...input.selected.bindings, input.id]
  )) as Array<{ total: number }>
  return row.total
}

/**
 * Undoes a reservation (its workflow's compensation): scheduled → draft with the counters reset
 * and the snapshot removed, ONE statement conditional on the article still being reserved.
 * Returns whether it was undone.
 */
export async function unreserveNewsletter(manager: SqlManager, id: string): Promise<boolean> {
  const allowed = statusCondition(statusesAllowing("unschedule"))
  const [row] = (await manager.execute(
    `WITH moved AS (
       UPDATE "newsletter" SET "status" = ?, "total_count" = 0, "unsent_count" = 0, "updated_at" = now()
       WHERE "id" = ? AND "deleted_at" IS NULL AND ${allowed.sql}
       RETURNING "id"),
     removed AS (
       DELETE FROM "newsletter_recipient" r USING moved
       WHERE r."newsletter_id" = moved."id" AND r."deleted_at" IS NULL)
     SELECT count(*)::int AS "moved" FROM moved`,
    [NewsletterStatus.DRAFT, id, ...allowed.bindings]
  )) as Array<{ moved: number }>
  return row.moved > 0
}

/** Articles whose delivery results are still being counted, with what the aggregation rule needs. */
export async function listNewslettersToAggregate(
  manager: SqlManager,
  input: { ids?: string[] }
): Promise<Array<AggregationFigures & { id: string }>> {
  const aggregatable = statusCondition(NewsletterStatusSets.AGGREGATABLE)
  const ids = input.ids ? JSON.stringify(input.ids) : null
  return await manager.execute(
    `SELECT "id", "status", "unsent_count", "awaiting_count", "counted_at", "finished_at"
     FROM "newsletter"
     WHERE ${aggregatable.sql} AND "deleted_at" IS NULL
       AND (?::jsonb IS NULL OR "id" IN (SELECT jsonb_array_elements_text(?::jsonb)))`,
    [...aggregatable.bindings, ids, ids]
  )
}
