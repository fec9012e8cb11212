import {
  NewsletterOptInLevel,
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
} from "../types"
import { normalizeEmail } from "../utils/email"
import { sqlNewId } from "../utils/ids"
import {
  confirmationRefusal,
  confirmationRefused,
  DAY_MS,
  decideSignup,
  type SignupDecision,
  type SignupFinding,
} from "../utils/signup-rules"
import { changeSubscription, revertSubscriptionChange, type SubscriptionChangeResult } from "./subscription"
import type { SqlManager } from "./types"

/** A storefront signup (ダブルオプトイン) of one address, with its evidence. */
export type SignupRequestInput = {
  email: string
  ip: string | null
  user_agent: string | null
  source_url: string | null
  now: Date
  /** When the confirmation link expires. */
  expires_at: Date
}

/** What a signup did: the pending request to mail (its id), or why no mail goes out. */
export type SignupRequestResult = { request_id: string | null; email: string; decision: SignupDecision }

/**
 * Records a signup inside the caller's transaction: the address's lock (a transaction advisory
 * lock on it, so two signups of one address at once, in any process, are decided one after the
 * other), its expired requests older than a day deleted, what the rules need read in one
 * statement (the subscription, its latest change, the address's recent requests), and, when the
 * rules (decideSignup) say a mail goes out, the pending request inserted stamped `now`.
 */
export async function recordSignupRequest(
  manager: SqlManager,
  input: SignupRequestInput
): Promise<SignupRequestResult> {
  const email = normalizeEmail(input.email)
  const now = input.now.toISOString()
  const dayAgo = new Date(input.now.getTime() - DAY_MS).toISOString()
  await manager.execute(`SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, [`newsletter-signup:${email}`])
  await manager.execute(
    `DELETE FROM "newsletter_signup_request"
     WHERE "email" = ? AND "expires_at" < ?::timestamptz AND "created_at" < ?::timestamptz`,
    [email, now, dayAgo]
  )
  const [found] = (await manager.execute(
    `SELECT s."status", lc."source" AS "last_source",
            (SELECT max(r."created_at") FROM "newsletter_signup_request" r
             WHERE r."email" = ? AND r."deleted_at" IS NULL) AS "last_requested_at",
            (SELECT count(*)::int FROM "newsletter_signup_request" r
             WHERE r."email" = ? AND r."deleted_at" IS NULL AND r."created_at" > ?::timestamptz) AS "requests_last_day"
     FROM (SELECT 1) one
     LEFT JOIN "newsletter_subscription" s ON s."email" = ? AND s."deleted_at" IS NULL
     LEFT JOIN LATERAL (
       SELECT ev."source" FROM "newsletter_subscription_event" ev
       WHERE ev."subscription_id" = s."id" AND ev."deleted_at" IS NULL
       ORDER BY ev."created_at" DESC, ev."id" DESC LIMIT 1) lc ON true`,
    [email, email, dayAgo, email]
  )) as Array<Omit<SignupFinding, "last_requested_at"> & { last_requested_at: Date | string | null }>
  const decision = decideSignup(
    { ...found, last_requested_at: found.last_requested_at ? new Date(found.last_requested_at) : null },
    input.now
  )
  if (!decision.send) {
    return { request_id: null, email, decision }
  }
  const [row] = (await manager.execute(
    `INSERT INTO "newsletter_signup_request"
       ("id", "email", "expires_at", "request_ip", "request_user_agent", "source_url", "created_at", "updated_at")
     VALUES (${sqlNewId("newsletter_signup_request")}, ?, ?::timestamptz, ?, ?, ?, ?::timestamptz, ?::timestamptz)
     RETURNING "id"`,
    [email, input.expires_at.toISOString(), input.ip, input.user_agent, input.source_url, now, now]
  )) as Array<{ id: string }>
  return { request_id: row.id, email, decision }
}

/** A pending request whose confirmation mail is owed: what the mail needs. */
export type OwedSignupMail = { request_id: string; email: string; expires_at: Date }

/**
 * The pending request `id` if its confirmation mail is still owed (not sent, not confirmed, not
 * expired at `now`), else null: a sender checks this before it sends.
 */
export async function owedSignupMail(manager: SqlManager, id: string, now: Date): Promise<OwedSignupMail | null> {
  const [row] = (await manager.execute(
    `SELECT "id" AS "request_id", "email", "expires_at" FROM "newsletter_signup_request"
     WHERE "id" = ? AND "deleted_at" IS NULL AND "mail_sent_at" IS NULL AND "confirmed_at" IS NULL
       AND "expires_at" > ?::timestamptz`,
    [id, now.toISOString()]
  )) as OwedSignupMail[]
  return row ? { ...row, expires_at: new Date(row.expires_at) } : null
}

/**
 * The ids of the pending requests whose confirmation mail is still owed though they were made
 * before `before` (the subscriber that sends right after the answer should have sent them: a
 * process stopped in between), oldest first, at most `limit`.
 */
export async function listOwedSignupMails(
  manager: SqlManager,
  input: { before: Date; now: Date; limit: number }
): Promise<string[]> {
  const rows = (await manager.execute(
    `SELECT "id" FROM "newsletter_signup_request"
     WHERE "deleted_at" IS NULL AND "mail_sent_at" IS NULL AND "confirmed_at" IS NULL
       AND "created_at" < ?::timestamptz AND "expires_at" > ?::timestamptz
     ORDER BY "created_at", "id" LIMIT ?`,
    [input.before.toISOString(), input.now.toISOString(), input.limit]
  )) as Array<{ id: string }>
  return rows.map((r) => r.id)
}

/** Records that a pending request's confirmation mail was handed over (once). */
export async function markSignupMailSent(manager: SqlManager, id: string, now: Date): Promise<void> {
  await manager.execute(
    `UPDATE "newsletter_signup_request" SET "mail_sent_at" = ?::timestamptz, "updated_at" = clock_timestamp()
     WHERE "id" = ? AND "mail_sent_at" IS NULL`,
    [now.toISOString(), id]
  )
}

/** Deletes a pending request whose confirmation mail could not be sent (nothing claims a mail went out). */
export async function discardSignupRequest(manager: SqlManager, id: string): Promise<void> {
  await manager.execute(`DELETE FROM "newsletter_signup_request" WHERE "id" = ? AND "confirmed_at" IS NULL`, [id])
}

/** A signup's confirmation: the link's request, and the evidence of the click. */
export type SignupConfirmationInput = {
  request_id: string
  ip: string | null
  user_agent: string | null
  now: Date
}

export type SignupConfirmationResult = {
  email: string
  change: SubscriptionChangeResult
}

type RequestRow = {
  id: string
  email: string
  expires_at: Date
  confirmed_at: Date | null
  created_at: Date
  request_ip: string | null
  request_user_agent: string | null
  source_url: string | null
}

/**
 * Confirms a pending signup inside the caller's transaction: locks the request (unknown: 400
 * `confirmation_token_invalid`; already confirmed: 409 `confirmation_token_used`; expired: 410
 * `confirmation_token_expired`), stamps it confirmed, and subscribes the address with
 * `opt_in_level` confirmed through the subscription rules (a cleaned address is refused), the
 * history entry carrying the consent time and the evidence of the request and the click.
 */
export async function confirmSignupRequest(
  manager: SqlManager,
  input: SignupConfirmationInput
): Promise<SignupConfirmationResult> {
  const [request] = (await manager.execute(
    `SELECT "id", "email", "expires_at", "confirmed_at", "created_at", "request_ip", "request_user_agent", "source_url"
     FROM "newsletter_signup_request" WHERE "id" = ? AND "deleted_at" IS NULL
     FOR UPDATE`,
    [input.request_id]
  )) as RequestRow[]
  if (!request) {
    throw confirmationRefused("invalid")
  }
  const refusal = confirmationRefusal(
    {
      confirmed_at: request.confirmed_at ? new Date(request.confirmed_at) : null,
      expires_at: new Date(request.expires_at),
    },
    input.now
  )
  if (refusal) {
    throw confirmationRefused(refusal)
  }
  await manager.execute(
    `UPDATE "newsletter_signup_request" SET "confirmed_at" = ?::timestamptz, "updated_at" = clock_timestamp()
     WHERE "id" = ? AND "confirmed_at" IS NULL`,
    [input.now.toISOString(), request.id]
  )
  const change = await changeSubscription(manager, {
    email: request.email,
    status: NewsletterSubscriptionStatus.SUBSCRIBED,
    source: NewsletterSubscriptionSource.SIGNUP_CONFIRMATION,
    opt_in_level: NewsletterOptInLevel.CONFIRMED,
    consented_at: input.now,
    evidence: {
      requested_at: new Date(request.created_at).toISOString(),
      confirmed_at: input.now.toISOString(),
      request_ip: request.request_ip,
      request_user_agent: request.request_user_agent,
      confirm_ip: input.ip,
      confirm_user_agent: input.user_agent,
      source_url: request.source_url,
    },
  })
  return { email: request.email, change }
}

/**
 * Undoes a confirmation (a workflow's compensation): the subscription change while it is still
 * the address's latest, and the request open again.
 */
export async function revertSignupConfirmation(
  manager: SqlManager,
  input: { request_id: string; change: SubscriptionChangeResult }
): Promise<void> {
  await revertSubscriptionChange(manager, input.change)
  await manager.execute(
    `UPDATE "newsletter_signup_request" SET "confirmed_at" = NULL, "updated_at" = clock_timestamp() WHERE "id" = ?`,
    [input.request_id]
  )
}

/**
 * Counts one request under `key` in a fixed window of `window_ms` shared by every process, in one
 * upsert: a window that ended starts afresh at `now`. Returns the count and the window's start.
 */
export async function countRateLimitHit(
  manager: SqlManager,
  input: { key: string; window_ms: number; now: Date }
): Promise<{ hits: number; window_start: Date }> {
  const now = input.now.toISOString()
  const [row] = (await manager.execute(
    `INSERT INTO "newsletter_rate_limit" AS rl ("id", "key", "window_start", "hits", "created_at", "updated_at")
     VALUES (${sqlNewId("newsletter_rate_limit")}, ?, ?::timestamptz, 1, clock_timestamp(), clock_timestamp())
     ON CONFLICT ("key") WHERE "deleted_at" IS NULL DO UPDATE SET
       "hits" = CASE WHEN rl."window_start" + ? * interval '1 millisecond' <= EXCLUDED."window_start"
                     THEN 1 ELSE rl."hits" + 1 END,
       "window_start" = CASE WHEN rl."window_start" + ? * interval '1 millisecond' <= EXCLUDED."window_start"
                     THEN EXCLUDED."window_start" ELSE rl."window_start" END,
       "updated_at" = clock_timestamp()
     RETURNING "hits", "window_start"`,
    [input.key, now, input.window_ms, input.window_ms]
  )) as Array<{ hits: number; window_start: Date | string }>
  return { hits: Number(row.hits), window_start: new Date(row.window_start) }
}

/**
 * Deletes what the signup no longer needs, at most `limit` of each, in one statement: requests
 * expired before `before` (and older than a day: the per-address limits count them), and rate
 * counters whose window started before it.
 */
export async function purgeSignupRecords(
  manager: SqlManager,
  input: { before: Date; limit: number }
): Promise<{ requests: number; counters: number }> {
  const before = input.before.toISOString()
  const dayBefore = new Date(input.before.getTime() - DAY_MS).toISOString()
  const [row] = (await manager.execute(
    `WITH requests AS (
       DELETE FROM "newsletter_signup_request" WHERE "id" IN (
         SELECT "id" FROM "newsletter_signup_request"
         WHERE "expires_at" < ?::timestamptz AND "created_at" < ?::timestamptz LIMIT ?)
       RETURNING 1),
     counters AS (
       DELETE FROM "newsletter_rate_limit" WHERE "id" IN (
         SELECT "id" FROM "newsletter_rate_limit" WHERE "window_start" < ?::timestamptz LIMIT ?)
       RETURNING 1)
     SELECT (SELECT count(*)::int FROM requests) AS "requests", (SELECT count(*)::int FROM counters) AS "counters"`,
    [before, dayBefore, input.limit, dayBefore, input.limit]
  )) as Array<{ requests: number; counters: number }>
  return row
}
