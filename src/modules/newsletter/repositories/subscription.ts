import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterSubscriptionSource, NewsletterSubscriptionStatus } from "../types"
import { normalizeEmail } from "../utils/email"
import { sqlNewId } from "../utils/ids"
import { decideSubscriptionChange } from "../utils/subscription-rules"
import type { SqlManager } from "./types"

/** A requested change of one address's subscription (メルマガ購読状況). */
export type ChangeSubscriptionInput = {
  email: string
  /** The customer making or concerned by the change; kept as the record's customer when given. */
  customer_id?: string | null
  status: NewsletterSubscriptionStatus
  source: NewsletterSubscriptionSource
  reason?: string | null
  /** The article whose delivery caused the change (bounce, complaint, unsubscribe link). */
  newsletter_id?: string | null
  /** The admin user or customer who made the change. */
  actor_id?: string | null
  /** When the person consented, when earlier than the change (an imported list states it). */
  consented_at?: Date | string | null
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
  previous: { customer_id: string | null; transient_error_count: number } | null
}

type SubscriptionRow = {
  id: string
  status: NewsletterSubscriptionStatus
  customer_id: string | null
  transient_error_count: number
}

// The history entry of the row `changed` returns, in the same statement as the status.
// Bindings: from_status, to_status, source, reason, newsletter_id, actor_id, consented_at.
const INSERT_HISTORY = `INSERT INTO "newsletter_subscription_event"
   ("id", "subscription_id", "from_status", "to_status", "source", "reason", "newsletter_id",
    "actor_id", "consented_at", "created_at", "updated_at")
 SELECT ${sqlNewId("newsletter_subscription_event")}, changed."id", ?::text, ?, ?, ?, ?, ?, ?::timestamptz,
        clock_timestamp(), clock_timestamp()
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
    input.newsletter_id ?? null,
    input.actor_id ?? null,
    input.consented_at ?? null,
  ]
  for (let attempt = 0; attempt < FIRST_RECORD_ATTEMPTS; attempt++) {
    const [current] = (await manager.execute(
      `SELECT "id", "status", "customer_id", "transient_error_count" FROM "newsletter_subscription"
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
                 "updated_at" = clock_timestamp()
             WHERE "id" = ? AND "status" = ? AND "deleted_at" IS NULL
             RETURNING "id")
           ${INSERT_HISTORY}`,
          [input.status, input.customer_id ?? null, current.id, from, from, input.status, ...history]
        )
      : manager.execute(
          `WITH changed AS (
             INSERT INTO "newsletter_subscription"
               ("id", "email", "customer_id", "status", "transient_error_count", "created_at", "updated_at")
             VALUES (${sqlNewId("newsletter_subscription")}, ?, ?, ?, 0, clock_timestamp(), clock_timestamp())
             ON CONFLICT ("email") WHERE "deleted_at" IS NULL DO NOTHING
             RETURNING "id")
           ${INSERT_HISTORY}`,
          [email, input.customer_id ?? null, input.status, null, input.status, ...history]
        ))) as Array<{ id: string; subscription_id: string }>
    if (written) {
      return {
        id: written.subscription_id,
        changed: true,
        from,
        to: input.status,
        event_id: written.id,
        previous: current
          ? { customer_id: current.customer_id, transient_error_count: current.transient_error_count }
          : null,
      }
    }
    // Another request recorded the address first (its INSERT committed while ours waited):
    // decide again on the record it made.
  }
  throw new MedusaError(
    MedusaError.Types.CONFLICT,
    `The newsletter subscription of ${email} changed meanwhile; try again`
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
       SET "status" = ?, "customer_id" = ?, "transient_error_count" = ?, "updated_at" = clock_timestamp()
       WHERE "id" = ?)
     DELETE FROM "newsletter_subscription_event" WHERE "id" = ?`,
    [change.from, change.previous.customer_id, change.previous.transient_error_count, change.id, change.event_id]
  )
  return true
}
