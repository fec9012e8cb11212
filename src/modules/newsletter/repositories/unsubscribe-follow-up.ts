import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError } from "../errors"
import {
  NewsletterOptInLevel,
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
} from "../types"
import { normalizeEmail } from "../utils/email"
import {
  decideUnsubscribeFollowUp,
  UNSUBSCRIBE_REASONS,
  type UnsubscribeFollowUp,
  type UnsubscribeReason,
  unsubscribeReasonParams,
} from "../utils/unsubscribe-follow-up-rules"
import { changeSubscription, type SubscriptionChangeResult } from "./subscription"
import type { SqlManager } from "./types"

/** What the unsubscribe page shows of an address (see decideUnsubscribeFollowUp). */
export type UnsubscribeFollowUpView = UnsubscribeFollowUp & {
  /** The reason already given for the latest unsubscribe; null when none was. */
  reason: UnsubscribeReason | null
}

type FoundRow = {
  id: string
  status: NewsletterSubscriptionStatus
  opt_in_level: NewsletterOptInLevel | null
  event_id: string | null
  to_status: NewsletterSubscriptionStatus | null
  created_at: Date | null
  params: Record<string, unknown> | null
}

// The subscription of an address with its latest history entry; `FOR UPDATE OF s` when locking.
const FIND = (lock: boolean) => `SELECT s."id", s."status", s."opt_in_level", ev."id" AS "event_id", ev."to_status",
         ev."created_at", ev."params"
  FROM "newsletter_subscription" s
  LEFT JOIN LATERAL (
    SELECT e."id", e."to_status", e."created_at", e."params" FROM "newsletter_subscription_event" e
    WHERE e."subscription_id" = s."id" AND e."deleted_at" IS NULL
    ORDER BY e."created_at" DESC, e."id" DESC
    LIMIT 1) ev ON true
  WHERE s."email" = ? AND s."deleted_at" IS NULL
  ${lock ? `FOR UPDATE OF s` : ""}`

async function find(manager: SqlManager, email: string, lock: boolean): Promise<FoundRow | null> {
  const [row] = (await manager.execute(FIND(lock), [normalizeEmail(email)])) as FoundRow[]
  return row ?? null
}

// `now` may arrive as its ISO string (a workflow's input is serialized).
function decide(row: FoundRow | null, now: Date | string): UnsubscribeFollowUp {
  return decideUnsubscribeFollowUp(
    {
      status: row?.status ?? null,
      latest: row?.to_status ? { to_status: row.to_status, created_at: row.created_at! } : null,
    },
    new Date(now)
  )
}

const givenReason = (row: FoundRow | null): UnsubscribeReason | null => {
  const reason = row?.params?.unsubscribe_reason
  return UNSUBSCRIBE_REASONS.includes(reason as UnsubscribeReason) ? (reason as UnsubscribeReason) : null
}

/** What the unsubscribe page of `email` can still do at `now`. */
export async function readUnsubscribeFollowUp(
  manager: SqlManager,
  input: { email: string; now: Date }
): Promise<UnsubscribeFollowUpView> {
  const row = await find(manager, input.email, false)
  const followUp = decide(row, input.now)
  return { ...followUp, reason: followUp.state === "open" ? givenReason(row) : null }
}

/** The follow-up refused: the address is not (or no longer) unsubscribed, or too long ago. */
function followUpRefusal(followUp: UnsubscribeFollowUp, email: string): NewsletterError {
  return followUp.state === "expired"
    ? new NewsletterError(
        MedusaError.Types.NOT_ALLOWED,
        "unsubscribe_follow_up_expired",
        `The unsubscribe of ${email} is older than 7 days; subscribe again through the shop`,
        { email, until: followUp.until.toISOString() }
      )
    : new NewsletterError(
        MedusaError.Types.NOT_ALLOWED,
        "unsubscribe_follow_up_unavailable",
        `The newsletter subscription of ${email} is not unsubscribed by its latest change`,
        { email, state: followUp.state }
      )
}

/** A reason given on the unsubscribe page, and what undoes its recording. */
export type UnsubscribeReasonInput = {
  email: string
  reason: UnsubscribeReason
  text?: string | null
  now: Date | string
}

export type RecordedUnsubscribeReason = {
  /** The history entry (the unsubscribe) the reason was added to. */
  event_id: string
  /** Its params before, for an exact revert. */
  previous_params: Record<string, unknown> | null
}

/**
 * Adds the reason to the history entry of the address's latest change, its unsubscribe, while the
 * page's follow-up is open (decided under the subscription's lock): one conditional write that
 * finds nothing when another change came first. Giving a reason again replaces it. Throws
 * `unsubscribe_follow_up_expired` / `unsubscribe_follow_up_unavailable`.
 */
export async function recordUnsubscribeReason(
  manager: SqlManager,
  input: UnsubscribeReasonInput
): Promise<RecordedUnsubscribeReason> {
  const row = await find(manager, input.email, true)
  const followUp = decide(row, input.now)
  if (followUp.state !== "open") {
    throw followUpRefusal(followUp, normalizeEmail(input.email))
  }
  const [written] = (await manager.execute(
    `UPDATE "newsletter_subscription_event"
     SET "params" = COALESCE("params", '{}'::jsonb) || ?::jsonb, "updated_at" = clock_timestamp()
     WHERE "id" = ? AND "to_status" = ? AND "deleted_at" IS NULL
     RETURNING "id"`,
    [
      JSON.stringify(unsubscribeReasonParams(input.reason, input.text)),
      row!.event_id,
      NewsletterSubscriptionStatus.UNSUBSCRIBED,
    ]
  )) as Array<{ id: string }>
  if (!written) {
    throw followUpRefusal({ state: "closed" }, normalizeEmail(input.email))
  }
  return { event_id: written.id, previous_params: row!.params ?? null }
}

/** Puts back the params a recorded reason replaced (a workflow's compensation). */
export async function revertUnsubscribeReason(
  manager: SqlManager,
  recorded: RecordedUnsubscribeReason
): Promise<void> {
  await manager.execute(
    `UPDATE "newsletter_subscription_event" SET "params" = ?::jsonb, "updated_at" = clock_timestamp()
     WHERE "id" = ?`,
    [recorded.previous_params ? JSON.stringify(recorded.previous_params) : null, recorded.event_id]
  )
}

/** A "subscribe again" (再登録) from the unsubscribe page of an article's mail. */
export type ResubscribeInput = {
  email: string
  /** The article whose unsubscribe link it is. */
  newsletter_id: string | null
  customer_id?: string | null
  now: Date | string
}

/**
 * Subscribes the address again from its unsubscribe page, only while the page's follow-up is open
 * (unsubscribed by its latest change at most 7 days ago), decided under the subscription's lock,
 * then changed by changeSubscription in the same transaction (source `storefront`: the recipient
 * acts through the link mailed to the address). The consent it had before the unsubscribe stands
 * again, with its opt-in level. The history entry's params say `resubscribed_from: "unsubscribe_page"`.
 */
export async function resubscribeFromUnsubscribePage(
  manager: SqlManager,
  input: ResubscribeInput
): Promise<SubscriptionChangeResult> {
  const row = await find(manager, input.email, true)
  const followUp = decide(row, input.now)
  if (followUp.state !== "open") {
    throw followUpRefusal(followUp, normalizeEmail(input.email))
  }
  const change = await changeSubscription(manager, {
    email: input.email,
    customer_id: input.customer_id ?? null,
    status: NewsletterSubscriptionStatus.SUBSCRIBED,
    source: NewsletterSubscriptionSource.STOREFRONT,
    newsletter_id: input.newsletter_id,
    opt_in_level: row!.opt_in_level ?? undefined,
  })
  if (change.event_id) {
    await manager.execute(`UPDATE "newsletter_subscription_event" SET "params" = ?::jsonb WHERE "id" = ?`, [
      JSON.stringify({ resubscribed_from: "unsubscribe_page" }),
      change.event_id,
    ])
  }
  return change
}

/** The unsubscribes of one article by reason, as the admin's detail page counts them. */
export type UnsubscribeReasonCounts = {
  /** Unsubscribes through the article's link (its recipients who left from it). */
  unsubscribed: number
  /** How many gave each reason; every reason is present (0 when nobody gave it). */
  reasons: Record<UnsubscribeReason, number>
  /** Unsubscribes that gave no reason. */
  no_reason: number
}

/**
 * Counts, in one statement, the history entries that unsubscribed an address through the
 * article's unsubscribe link, by the reason given on the page.
 */
export async function countUnsubscribeReasons(
  manager: SqlManager,
  newsletterId: string
): Promise<UnsubscribeReasonCounts> {
  const rows = (await manager.execute(
    `SELECT e."params"->>'unsubscribe_reason' AS "reason", count(*)::int AS "count"
     FROM "newsletter_subscription_event" e
     WHERE e."newsletter_id" = ? AND e."source" = ? AND e."to_status" = ? AND e."deleted_at" IS NULL
     GROUP BY 1`,
    [newsletterId, NewsletterSubscriptionSource.UNSUBSCRIBE_LINK, NewsletterSubscriptionStatus.UNSUBSCRIBED]
  )) as Array<{ reason: string | null; count: number }>
  const reasons = Object.fromEntries(UNSUBSCRIBE_REASONS.map((r) => [r, 0])) as Record<UnsubscribeReason, number>
  let unsubscribed = 0
  let no_reason = 0
  for (const { reason, count } of rows) {
    unsubscribed += count
    if (UNSUBSCRIBE_REASONS.includes(reason as UnsubscribeReason)) {
      reasons[reason as UnsubscribeReason] += count
    } else {
      no_reason += count
    }
  }
  return { unsubscribed, reasons, no_reason }
}
