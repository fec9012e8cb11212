import { NewsletterSubscriptionSource, NewsletterSubscriptionStatus } from "../types"
import { normalizeEmail } from "../utils/email"
import { decideEmailChange, type SubscriptionFound } from "../utils/email-change-rules"
import { sqlNewId } from "../utils/ids"
import type { SqlManager } from "./types"

/** A customer whose email is now `email` (null: the customer has none). */
export type CustomerEmailChangeInput = { customer_id: string; email: string | null }

/** One subscription an email change touched, with its history entry (null: none was written). */
export type EmailChangeWrite = {
  id: string
  from: NewsletterSubscriptionStatus
  to: NewsletterSubscriptionStatus
  /** The record's address before / after the change (the same for a record left behind). */
  old_email: string
  email: string
  event_id: string | null
}

type LockedSubscription = SubscriptionFound & {
  id: string
  email: string
  customer_id: string | null
}

/**
 * Makes a customer's subscriptions follow the customer's email, inside the caller's transaction.
 * The customer's subscriptions are the records linked to the customer (`customer_id`, kept from
 * the customer's own changes and the owner's on the customer's page) at another address than the
 * customer's: the customer's email changed since. They and the record of the new address are
 * locked in one statement (id order, so two changes can't deadlock), with the status each had
 * before it was last cleaned; the rule (decideEmailChange) decides on what the locks found:
 * - `move`: the record's email becomes the new address, with the carried status, the customer's
 *   link and a history entry (source `email_change`, params `{ old_email, new_email }`, the
 *   addresses as the reason too); the transient streak was the old address's and starts afresh;
 * - `merge`: the new address's record takes the decided status, the customer's link and the
 *   history entry (written even when the status stays: the customer's change is on record); the
 *   old record loses the link and takes its status, with a history entry only when that changes.
 * A customer without such a record (never opted in, or nothing changed) changes nothing, so the
 * same event twice is harmless. A record another request creates for the new address meanwhile
 * makes the move fail on the unique address (the caller retries, then merges into it).
 */
export async function followCustomerEmail(
  manager: SqlManager,
  input: CustomerEmailChangeInput
): Promise<EmailChangeWrite[]> {
  const email = input.email ? normalizeEmail(input.email) : ""
  if (!email) {
    return []
  }
  const locked = (await manager.execute(
    `SELECT s."id", s."email", s."status", s."customer_id",
            (SELECT ev."from_status" FROM "newsletter_subscription_event" ev
             WHERE ev."subscription_id" = s."id" AND ev."deleted_at" IS NULL AND ev."to_status" = ?
             ORDER BY ev."created_at" DESC, ev."id" DESC
             LIMIT 1) AS "status_before_cleaning"
     FROM "newsletter_subscription" s
     WHERE s."deleted_at" IS NULL AND ((s."customer_id" = ? AND s."email" <> ?) OR s."email" = ?)
     ORDER BY s."id"
     FOR UPDATE OF s`,
    [NewsletterSubscriptionStatus.CLEANED, input.customer_id, email, email]
  )) as LockedSubscription[]
  let target: { id: string; status: NewsletterSubscriptionStatus } | null =
    locked.find((s) => s.email === email) ?? null
  // Normally one record; should the customer be linked to several, they go in id order.
  const leaving = locked.filter((s) => s.email !== email)
  const writes: EmailChangeWrite[] = []
  for (const old of leaving) {
    const plan = decideEmailChange(old, target)
    const params = { old_email: old.email, new_email: email }
    if (plan.kind === "move") {
      await manager.execute(
        `UPDATE "newsletter_subscription"
         SET "email" = ?, "status" = ?, "customer_id" = ?, "transient_error_count" = 0,
             "updated_at" = clock_timestamp()
         WHERE "id" = ?`,
        [email, plan.to, input.customer_id, old.id]
      )
      const event_id = await insertHistory(manager, old.id, old.status, plan.to, params)
      writes.push({ id: old.id, from: old.status, to: plan.to, old_email: old.email, email, event_id })
      target = { id: old.id, status: plan.to }
      continue
    }
    const into = target!
    await manager.execute(
      `UPDATE "newsletter_subscription"
       SET "status" = ?, "customer_id" = ?,
           "transient_error_count" = CASE WHEN "status" = ? THEN "transient_error_count" ELSE 0 END,
           "updated_at" = clock_timestamp()
       WHERE "id" = ?`,
      [plan.target_to, input.customer_id, plan.target_to, into.id]
    )
    const event_id = await insertHistory(manager, into.id, into.status, plan.target_to, params)
    writes.push({ id: into.id, from: into.status, to: plan.target_to, old_email: email, email, event_id })
    into.status = plan.target_to

    const oldChanged = plan.old_to !== old.status
    await manager.execute(
      `UPDATE "newsletter_subscription"
       SET "status" = ?, "customer_id" = NULL,
           "transient_error_count" = CASE WHEN ?::boolean THEN 0 ELSE "transient_error_count" END,
           "updated_at" = CASE WHEN ?::boolean THEN clock_timestamp() ELSE "updated_at" END
       WHERE "id" = ?`,
      [plan.old_to, oldChanged, oldChanged, old.id]
    )
    writes.push({
      id: old.id,
      from: old.status,
      to: plan.old_to,
      old_email: old.email,
      email: old.email,
      event_id: oldChanged ? await insertHistory(manager, old.id, old.status, plan.old_to, params) : null,
    })
  }
  return writes
}

/** The history entry of an email change; clock_timestamp() after the locks, as every change's. */
async function insertHistory(
  manager: SqlManager,
  subscriptionId: string,
  from: NewsletterSubscriptionStatus,
  to: NewsletterSubscriptionStatus,
  params: { old_email: string; new_email: string }
): Promise<string> {
  const [row] = (await manager.execute(
    `INSERT INTO "newsletter_subscription_event"
       ("id", "subscription_id", "from_status", "to_status", "source", "reason", "params",
        "created_at", "updated_at")
     VALUES (${sqlNewId("newsletter_subscription_event")}, ?, ?, ?, ?, ?, ?::jsonb,
             clock_timestamp(), clock_timestamp())
     RETURNING "id"`,
    [
      subscriptionId,
      from,
      to,
      NewsletterSubscriptionSource.EMAIL_CHANGE,
      // The addresses are data, the same in every language: shown as they are where a screen
      // prints the reason; the admin's dictionaries read the params.
      `${params.old_email} → ${params.new_email}`,
      JSON.stringify(params),
    ]
  )) as Array<{ id: string }>
  return row.id
}
