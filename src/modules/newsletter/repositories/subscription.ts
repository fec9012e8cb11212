import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError } from "../errors"
import {
  NewsletterOptInLevel,
  NewsletterSubscriptionAction,
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
} from "../types"
import { normalizeEmail } from "../utils/email"
import { sqlNewId } from "../utils/ids"
import { nameOrEmailContainsSql } from "../utils/search"
import {
  decideSubscriptionAction,
  decideSubscriptionChange,
  type SubscriptionActionRefusal,
  type SubscriptionForAction,
} from "../utils/subscription-rules"
import type { SubscriptionImportRevert } from "./import"
import type { SqlManager } from "./types"

/** A requested change of one address's subscription (メルマガ購読状況). */
export type ChangeSubscriptionInput = {
  email: string
  /** The customer making or concerned by the change; kept as the record's customer when given. */
  customer_id?: string | null
  status: NewsletterSubscriptionStatus
  source: NewsletterSubscriptionSource
  /** What a person wrote as the reason. */
  reason?: string | null
  /** Why the plugin made the change (a code of subscription.reasons), with its values. */
  reason_code?: string | null
  params?: Record<string, unknown> | null
  /** The article whose delivery caused the change (bounce, complaint, unsubscribe link). */
  newsletter_id?: string | null
  /** The admin user or customer who made the change. */
  actor_id?: string | null
  /** When the person consented, when earlier than the change (an imported list states it). */
  consented_at?: Date | string | null
  /** How the consent was given, kept on the record by a change to subscribed; `single` unless given. */
  opt_in_level?: NewsletterOptInLevel
  /** The consent evidence of a signup confirmation, kept in the history entry. */
  evidence?: Record<string, string | null> | null
}

/** What a subscription change did. */
export type SubscriptionChangeResult = {
  /** The subscription; null when the address has no record and none was made. */
  id: string | null
  /** False when the rules found nothing to change (no history entry was written). */
  changed: boolean
  /** The status found (null: no record yet). */
  from: NewsletterSubscriptionStatus | null
  /** The status now. */
  to: NewsletterSubscriptionStatus | null
  /** The history entry written by the change. */
  event_id: string | null
  /** The record's fields the change overwrote, for an exact revert (null: it created the record). */
  previous: { customer_id: string | null; transient_error_count: number; opt_in_level?: NewsletterOptInLevel } | null
}

type SubscriptionRow = {
  id: string
  status: NewsletterSubscriptionStatus
  customer_id: string | null
  transient_error_count: number
  opt_in_level: NewsletterOptInLevel
}

// The history entry of the row `changed` returns, in the same statement as the status.
// Bindings: from_status, to_status, source, reason, reason_code, params, newsletter_id, actor_id,
// consented_at, evidence.
const INSERT_HISTORY = `INSERT INTO "newsletter_subscription_event"
   ("id", "subscription_id", "from_status", "to_status", "source", "reason", "reason_code", "params",
    "newsletter_id", "actor_id", "consented_at", "evidence", "created_at", "updated_at")
 SELECT ${sqlNewId("newsletter_subscription_event")}, changed."id", ?::text, ?, ?, ?, ?, ?::jsonb, ?, ?,
        ?::timestamptz, ?::jsonb, clock_timestamp(), clock_timestamp()
 FROM changed
 RETURNING "id", "subscription_id"`

/** How often a first record is tried again after another request recorded the address first. */
const FIRST_RECORD_ATTEMPTS = 3

/**
 * Changes the subscription of one address inside the caller's transaction: locks its record, lets
 * the subscription rules decide on the status found (decideSubscriptionChange), and writes the
 * status and the history entry in one statement. The decision and the write see the same row, so
 * no request racing it can slip in between: a cleaned address is never re-subscribed from the
 * storefront, whatever the timing. A first record is an INSERT … ON CONFLICT: of two first
 * subscribes at once, one creates the record and the other waits for it, then decides again on
 * it (no unique-index error). History rows take clock_timestamp(), read after the lock, so their
 * order is the order of the changes. Throws the rules' refusals.
 */
export async function changeSubscription(
  manager: SqlManager,
  input: ChangeSubscriptionInput
): Promise<SubscriptionChangeResult> {
  const email = normalizeEmail(input.email)
  const history = [
    input.source,
    input.reason ?? null,
    input.reason_code ?? null,
    input.params ? JSON.stringify(input.params) : null,
    input.newsletter_id ?? null,
    input.actor_id ?? null,
    input.consented_at ?? null,
    input.evidence ? JSON.stringify(input.evidence) : null,
  ]
  // A change to subscribed records how the consent was given; other changes keep the level.
  const level =
    input.status === NewsletterSubscriptionStatus.SUBSCRIBED
      ? input.opt_in_level ?? NewsletterOptInLevel.SINGLE
      : null
  for (let attempt = 0; attempt < FIRST_RECORD_ATTEMPTS; attempt++) {
    const [current] = (await manager.execute(
      `SELECT "id", "status", "customer_id", "transient_error_count", "opt_in_level" FROM "newsletter_subscription"
       WHERE "email" = ? AND "deleted_at" IS NULL
       FOR UPDATE`,
      [email]
    )) as SubscriptionRow[]
    const from = current?.status ?? null
    if (decideSubscriptionChange(from, input.status, input.source) === "unchanged") {
      return { id: current?.id ?? null, changed: false, from, to: from, event_id: null, previous: null }
    }
    const [written] = (await (current
      ? manager.execute(
          // A status change starts the transient streak afresh.
          `WITH changed AS (
             UPDATE "newsletter_subscription"
             SET "status" = ?, "customer_id" = COALESCE(?, "customer_id"), "transient_error_count" = 0,
                 "opt_in_level" = COALESCE(?, "opt_in_level"), "updated_at" = clock_timestamp()
             WHERE "id" = ? AND "status" = ? AND "deleted_at" IS NULL
             RETURNING "id")
           ${INSERT_HISTORY}`,
          [input.status, input.customer_id ?? null, level, current.id, from, from, input.status, ...history]
        )
      : manager.execute(
          `WITH changed AS (
             INSERT INTO "newsletter_subscription"
               ("id", "email", "customer_id", "status", "opt_in_level", "transient_error_count", "created_at", "updated_at")
             VALUES (${sqlNewId("newsletter_subscription")}, ?, ?, ?, ?, 0, clock_timestamp(), clock_timestamp())
             ON CONFLICT ("email") WHERE "deleted_at" IS NULL DO NOTHING
             RETURNING "id")
           ${INSERT_HISTORY}`,
          [email, input.customer_id ?? null, input.status, level ?? NewsletterOptInLevel.SINGLE, null, input.status, ...history]
        ))) as Array<{ id: string; subscription_id: string }>
    if (written) {
      return {
        id: written.subscription_id,
        changed: true,
        from,
        to: input.status,
        event_id: written.id,
        previous: current
          ? {
              customer_id: current.customer_id,
              transient_error_count: current.transient_error_count,
              opt_in_level: current.opt_in_level,
            }
          : null,
      }
    }
    // Another request recorded the address first (its INSERT committed while ours waited):
    // decide again on the record it made.
  }
  throw new NewsletterError(
    MedusaError.Types.CONFLICT,
    "subscription_changed_meanwhile",
    `The newsletter subscription of ${email} changed meanwhile; try again`,
    { email }
  )
}

/**
 * Undoes a change made by {@link changeSubscription} (a workflow's compensation), inside the
 * caller's transaction, only while it is still the latest change of the address: the status goes
 * back (or the record it created goes), and its history entry is removed. A later change is left
 * as it is, with the whole history. Returns whether it was undone.
 */
export async function revertSubscriptionChange(
  manager: SqlManager,
  change: Pick<SubscriptionChangeResult, "id" | "event_id" | "from" | "to" | "previous">
): Promise<boolean> {
  if (!change.id || !change.event_id) {
    return false
  }
  const [latest] = (await manager.execute(
    `SELECT s."id" FROM "newsletter_subscription" s
     WHERE s."id" = ? AND s."status" = ? AND s."deleted_at" IS NULL
       AND ? = (SELECT e."id" FROM "newsletter_subscription_event" e
                WHERE e."subscription_id" = s."id" AND e."deleted_at" IS NULL
                ORDER BY e."created_at" DESC, e."id" DESC LIMIT 1)
     FOR UPDATE`,
    [change.id, change.to, change.event_id]
  )) as Array<{ id: string }>
  if (!latest) {
    return false
  }
  if (!change.previous) {
    // The change created the record: it goes with its history (cascade).
    await manager.execute(`DELETE FROM "newsletter_subscription" WHERE "id" = ?`, [change.id])
    return true
  }
  await manager.execute(
    `WITH reverted AS (
       UPDATE "newsletter_subscription"
       SET "status" = ?, "customer_id" = ?, "transient_error_count" = ?,
           "opt_in_level" = COALESCE(?, "opt_in_level"), "updated_at" = clock_timestamp()
       WHERE "id" = ?)
     DELETE FROM "newsletter_subscription_event" WHERE "id" = ?`,
    [
      change.from,
      change.previous.customer_id,
      change.previous.transient_error_count,
      change.previous.opt_in_level ?? null,
      change.id,
      change.event_id,
    ]
  )
  return true
}

/** Which subscriptions the admin's subscriber list shows (メルマガ購読者). */
export type SubscriptionListFilter = {
  /** Any of these statuses; all when empty or missing. */
  status?: NewsletterSubscriptionStatus[]
  /** The email, or the customer's name (either order, spaces ignored), contains it; case-insensitive. */
  q?: string
  /** Only these subscriptions. */
  ids?: string[]
}

/** One subscription of the admin's subscriber list, with its customer and its last change. */
export type SubscriptionListRow = {
  id: string
  email: string
  status: NewsletterSubscriptionStatus
  /** How the latest consent to subscribe was given. */
  opt_in_level: NewsletterOptInLevel
  /** The customer shown for the address (see SUBSCRIPTION_CUSTOMER); null when there is none. */
  customer_id: string | null
  first_name: string | null
  last_name: string | null
  created_at: Date
  /** When the status last changed (the record is written only by changes). */
  updated_at: Date
  /** Source of the latest history entry; null when the record has no history. */
  last_change_source: NewsletterSubscriptionSource | null
  /** Time of the latest history entry; null when the record has no history. */
  last_changed_at: Date | null
}

// The customer shown for the subscription `s`, as the lateral `p`: the one the record names
// (`customer_id`, kept from the last change a customer or the admin made on the customer's page)
// while it exists, else a customer whose stored email is the address, registered before guest,
// most recently updated first (as the subscriber export picks it). Both are index reads (the
// customer's primary key, Medusa's index on its email); a customer whose stored email differs
// from the normalized address in case or spaces is found through `customer_id` only.
const SUBSCRIPTION_CUSTOMER = `LEFT JOIN LATERAL (
       SELECT c."id", c."first_name", c."last_name" FROM "customer" c
       WHERE c."deleted_at" IS NULL AND (c."id" = s."customer_id" OR c."email" = s."email")
       ORDER BY c."id" IS NOT DISTINCT FROM s."customer_id" DESC, c."has_account" DESC,
                c."updated_at" DESC, c."id"
       LIMIT 1) p ON true`

/**
 * The FROM and WHERE of the subscriber list, shared by its page and its count. The customer
 * lateral is joined only when the search needs the name.
 */
function subscriptionListFrom(filter: SubscriptionListFilter): { sql: string; bindings: unknown[] } {
  const where = [`s."deleted_at" IS NULL`]
  const bindings: unknown[] = []
  if (filter.status?.length) {
    where.push(`s."status" IN (SELECT jsonb_array_elements_text(?::jsonb))`)
    bindings.push(JSON.stringify(filter.status))
  }
  if (filter.ids) {
    where.push(`s."id" IN (SELECT jsonb_array_elements_text(?::jsonb))`)
    bindings.push(JSON.stringify(filter.ids))
  }
  const q = filter.q?.trim()
  if (q) {
    const match = nameOrEmailContainsSql(q, {
      email: `s."email"`,
      first_name: `p."first_name"`,
      last_name: `p."last_name"`,
    })
    where.push(match.sql)
    bindings.push(...match.bindings)
  }
  return {
    sql: `FROM "newsletter_subscription" s
     ${q ? SUBSCRIPTION_CUSTOMER : ""}
     WHERE ${where.join("\n       AND ")}`,
    bindings,
  }
}

/**
 * A page of the subscriber list in one statement: the subscriptions the filter selects, the last
 * changed first (`updated_at`, then id, both descending), each with its customer (see
 * SUBSCRIPTION_CUSTOMER) and its latest history entry, both read for the page's rows only.
 */
export async function listSubscriptions(
  manager: SqlManager,
  filter: SubscriptionListFilter & { limit: number; offset: number }
): Promise<SubscriptionListRow[]> {
  const from = subscriptionListFrom(filter)
  return (await manager.execute(
    `WITH page AS (
       SELECT s."id" ${from.sql}
       ORDER BY s."updated_at" DESC, s."id" DESC
       LIMIT ? OFFSET ?)
     SELECT s."id", s."email", s."status", s."opt_in_level", p."id" AS "customer_id", p."first_name", p."last_name",
            s."created_at", s."updated_at", lc."source" AS "last_change_source",
            lc."created_at" AS "last_changed_at"
     FROM "newsletter_subscription" s
     JOIN page ON page."id" = s."id"
     ${SUBSCRIPTION_CUSTOMER}
     LEFT JOIN LATERAL (
       SELECT ev."source", ev."created_at" FROM "newsletter_subscription_event" ev
       WHERE ev."subscription_id" = s."id" AND ev."deleted_at" IS NULL
       ORDER BY ev."created_at" DESC, ev."id" DESC
       LIMIT 1) lc ON true
     ORDER BY s."updated_at" DESC, s."id" DESC`,
    [...from.bindings, filter.limit, filter.offset]
  )) as SubscriptionListRow[]
}

/** How many subscriptions the filter selects, in one statement. */
export async function countSubscriptions(manager: SqlManager, filter: SubscriptionListFilter): Promise<number> {
  const from = subscriptionListFrom(filter)
  const [{ count }] = (await manager.execute(`SELECT count(*)::int AS "count" ${from.sql}`, from.bindings)) as Array<{
    count: number
  }>
  return count
}

/** A bulk action of the store owner on a selection of subscriptions (メルマガ購読者). */
export type SubscriptionActionInput = {
  /** The subscriptions; a repeated id counts once. */
  ids: string[]
  action: NewsletterSubscriptionAction
  /** Kept as each history entry's reason. */
  reason?: string | null
  /** The admin user, kept in each history entry. */
  actor_id?: string | null
}

/** A subscription a bulk action left as it is, and why (a code for the admin's dictionaries). */
export type SubscriptionActionSkip = {
  id: string
  code: "subscription_not_found" | SubscriptionActionRefusal["code"]
  params: { id: string; status?: NewsletterSubscriptionStatus }
}

/** What a bulk action did. */
export type SubscriptionActionResult = {
  /** The subscriptions it changed, in the order of the request, with their history entries. */
  changed: Array<{
    id: string
    from: NewsletterSubscriptionStatus
    to: NewsletterSubscriptionStatus
    event_id: string
  }>
  /** The ids it left as they are, in the order of the request. */
  skipped: SubscriptionActionSkip[]
  /** What undoes it (the history entries written and the streaks reset; see revertSubscriptionImport). */
  revert: SubscriptionImportRevert
}

/**
 * Applies a bulk action inside the caller's transaction, set-based: two statements whatever the
 * selection's size. The first locks the selected records (in id order, so two bulk actions at
 * once can't deadlock) and reads each one's status and the status it had before it was last
 * cleaned; the rules (decideSubscriptionAction) decide each on what the lock found; the second
 * changes every decided record and writes its history entry (source `admin`, the reason and the
 * admin) in one statement, starting the transient streak afresh as every change does. An unknown
 * id is skipped with `subscription_not_found`, a refused one with the rule's code.
 */
export async function applySubscriptionAction(
  manager: SqlManager,
  input: SubscriptionActionInput
): Promise<SubscriptionActionResult> {
  const ids = [...new Set(input.ids)]
  const found = new Map(
    (
      (await manager.execute(
        `SELECT s."id", s."status", s."transient_error_count",
                (SELECT ev."from_status" FROM "newsletter_subscription_event" ev
                 WHERE ev."subscription_id" = s."id" AND ev."deleted_at" IS NULL AND ev."to_status" = ?
                 ORDER BY ev."created_at" DESC, ev."id" DESC
                 LIMIT 1) AS "status_before_cleaning"
         FROM "newsletter_subscription" s
         WHERE s."deleted_at" IS NULL AND s."id" IN (SELECT jsonb_array_elements_text(?::jsonb))
         ORDER BY s."id"
         FOR UPDATE OF s`,
        [NewsletterSubscriptionStatus.CLEANED, JSON.stringify(ids)]
      )) as Array<SubscriptionForAction & { id: string; transient_error_count: number }>
    ).map((row) => [row.id, row])
  )

  const skipped: SubscriptionActionSkip[] = []
  const planned: Array<{ id: string; from: NewsletterSubscriptionStatus; to: NewsletterSubscriptionStatus }> = []
  for (const id of ids) {
    const current = found.get(id)
    if (!current) {
      skipped.push({ id, code: "subscription_not_found", params: { id } })
      continue
    }
    const decision = decideSubscriptionAction(input.action, current)
    if ("code" in decision) {
      skipped.push({ id, code: decision.code, params: { id, ...decision.params } })
    } else {
      planned.push({ id, from: current.status, to: decision.to })
    }
  }
  const revert: SubscriptionImportRevert = {
    event_ids: [],
    reset_streaks: planned
      .map(({ id }) => found.get(id)!)
      .filter((row) => row.transient_error_count > 0)
      .map(({ id, transient_error_count }) => ({ id, transient_error_count })),
  }
  if (!planned.length) {
    return { changed: [], skipped, revert }
  }

  // The records are locked: each still has the status it was decided on (the condition holds).
  const written = (await manager.execute(
    `WITH planned AS (
       SELECT * FROM jsonb_to_recordset(?::jsonb) AS x("id" text, "from" text, "to" text)),
     changed AS (
       UPDATE "newsletter_subscription" s
       SET "status" = planned."to", "transient_error_count" = 0, "updated_at" = clock_timestamp()
       FROM planned
       WHERE s."id" = planned."id" AND s."status" = planned."from" AND s."deleted_at" IS NULL
       RETURNING s."id", planned."from", planned."to")
     INSERT INTO "newsletter_subscription_event"
       ("id", "subscription_id", "from_status", "to_status", "source", "reason", "actor_id",
        "created_at", "updated_at")
     SELECT ${sqlNewId("newsletter_subscription_event")}, changed."id", changed."from", changed."to",
            ?, ?, ?, clock_timestamp(), clock_timestamp()
     FROM changed
     RETURNING "id", "subscription_id"`,
    [
      JSON.stringify(planned),
      NewsletterSubscriptionSource.ADMIN,
      input.reason ?? null,
      input.actor_id ?? null,
    ]
  )) as Array<{ id: string; subscription_id: string }>
  const events = new Map(written.map((e) => [e.subscription_id, e.id]))
  revert.event_ids = written.map((e) => e.id)
  return {
    changed: planned.filter(({ id }) => events.has(id)).map((p) => ({ ...p, event_id: events.get(p.id)! })),
    skipped,
    revert,
  }
}
