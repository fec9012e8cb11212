import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError } from "../errors"
import {
  NewsletterAttentionAction,
  NewsletterBatchStatus,
  NewsletterRecipientStatus,
  NewsletterSendContext,
  NewsletterStatus,
  NewsletterSubscriptionStatus,
} from "../types"
import { IDEMPOTENCY_SAFE_HOURS, leaseUntil, retrySafeSince } from "../utils/dispatch-rules"
import { sqlNewId } from "../utils/ids"
import { notFound } from "../utils/not-found"
import {
  NewsletterReasonCode,
  NewsletterRecipientErrorCode,
  type NewsletterStatusReason,
} from "../utils/status-reasons"
import {
  isInStatusSet,
  NewsletterStatusSets,
  statusCondition,
  statusesLeadingTo,
  statusRefusal,
} from "../utils/newsletter-status"
import type { SqlManager } from "./types"

/**
 * The dispatcher's statements: claiming due articles, claiming, renewing, recording and releasing
 * batches under a fenced lease, finishing articles and spacing requests. Every time comparison
 * reads the caller's `now` (the plugin's clock), never the database's, so tests can move time.
 */

const B = NewsletterBatchStatus
const R = NewsletterRecipientStatus
const S = NewsletterStatus

/** Reserved articles that the dispatcher may start: those the table lets move to `sending`. */
const startable = (column: string) => statusCondition(statusesLeadingTo(S.SENDING), column)
/** Articles being sent: batches are claimed, recorded and finished only while in this status. */
const beingSent = (column: string) => statusCondition([S.SENDING], column)
/** Articles that may end as either `sent` or `failed`: the table's sources of both. */
const finishable = (column: string) =>
  statusCondition(
    statusesLeadingTo(S.SENT).filter((s) => statusesLeadingTo(S.FAILED).includes(s)),
    column
  )

/**
 * Assignments of the article's reason columns (alias `n`): the sentence, the code and its params
 * of `reason`, or all three cleared with null; unless a batch of the article needs attention:
 * that reason stays until the store owner acts, whatever pauses and successes follow.
 */
const reasonUnlessAttention = (reason: NewsletterStatusReason | null) => {
  const keep = `EXISTS (SELECT 1 FROM "newsletter_batch" ab
                        WHERE ab."newsletter_id" = n."id" AND ab."status" = ? AND ab."deleted_at" IS NULL)`
  return {
    sql: `"status_reason" = CASE WHEN ${keep} THEN n."status_reason" ELSE ?::text END,
          "status_reason_code" = CASE WHEN ${keep} THEN n."status_reason_code" ELSE ?::text END,
          "status_reason_params" = CASE WHEN ${keep} THEN n."status_reason_params" ELSE ?::jsonb END`,
    bindings: [
      B.ATTENTION,
      reason?.message ?? null,
      B.ATTENTION,
      reason?.code ?? null,
      B.ATTENTION,
      reason ? JSON.stringify(reason.params) : null,
    ],
  }
}

/**
 * The article's message when batches can't be retried safely: `%s` are the count and the batches
 * (code `needs_attention`, params `{ recipients, batches: [seq, …] }`).
 */
export const ATTENTION_REASON_FORMAT =
  `Needs attention: %s recipients (%s) were never confirmed as sent, and their first attempt is more than ` +
  `${IDEMPOTENCY_SAFE_HOURS} hours old. Resend forgets idempotency keys after 24 hours, so they are not sent ` +
  `again automatically and stay unsent. Check Resend's email log (tag newsletter_id) before sending to them again.`

/** The subscription status of a recipient's address (alias `r`): why it is skipped at its batch's first claim. */
const OPTED_OUT_AS = `(SELECT s."status" FROM "newsletter_subscription" s
                       WHERE s."email" = r."email" AND s."deleted_at" IS NULL)`

/** The batch's last_error when it is marked for attention. */
export const ATTENTION_BATCH_ERROR = `not re-sent: first attempted more than ${IDEMPOTENCY_SAFE_HOURS} hours ago, beyond Resend's idempotency window`

export type DueNewsletter = { id: string; window_start: string | null; window_end: string | null }

/** Reserved articles whose send time has come, with their category's sending window. */
export async function listDueNewsletters(manager: SqlManager, input: { now: Date }): Promise<DueNewsletter[]> {
  const due = startable(`n."status"`)
  return await manager.execute(
    `SELECT n."id", c."window_start", c."window_end"
     FROM "newsletter" n LEFT JOIN "newsletter_category" c ON c."id" = n."category_id"
     WHERE ${due.sql} AND n."scheduled_at" <= ? AND n."deleted_at" IS NULL
     ORDER BY n."scheduled_at", n."id"`,
    [...due.bindings, input.now]
  )
}

/**
 * Claims the given reserved articles (keys of `contexts`) whose send time has come, in ONE
 * statement: moves them to `sending` (配信中, whatever their sending window: ※1) with
 * `started_at`, freezes each one's send context, writes the reason each waits for (`waiting`, by
 * id: e.g. its window is closed; none clears the reason), and cuts each into batches of
 * `batchSize` positions. Two workers can't both claim one article. Returns the ids claimed by
 * this call.
 */
export async function claimDueNewsletters(
  manager: SqlManager,
  input: {
    now: Date
    batchSize: number
    contexts: Record<string, NewsletterSendContext>
    waiting?: Record<string, NewsletterStatusReason>
  }
): Promise<string[]> {
  const due = startable(`n."status"`)
  const rows = (await manager.execute(
    `WITH ctx AS (SELECT "key" AS "id", "value" AS "context" FROM jsonb_each(?::jsonb)),
     why AS (SELECT "key" AS "id", "value" AS "reason" FROM jsonb_each(?::jsonb)),
     claimed AS (
       UPDATE "newsletter" n
       SET "status" = ?, "started_at" = ?, "send_context" = ctx."context",
           "status_reason" = why."reason"->>'message', "status_reason_code" = why."reason"->>'code',
           "status_reason_params" = why."reason"->'params', "updated_at" = now()
       FROM ctx LEFT JOIN why ON why."id" = ctx."id"
       WHERE n."id" = ctx."id" AND ${due.sql} AND n."scheduled_at" <= ? AND n."deleted_at" IS NULL
       RETURNING n."id", n."total_count"),
     batches AS (
       INSERT INTO "newsletter_batch"
         ("id", "newsletter_id", "seq", "first_position", "last_position", "status", "attempts",
          "skip_checked", "created_at", "updated_at")
       SELECT ${sqlNewId("newsletter_batch")}, c."id", g.seq, (g.seq - 1) * ? + 1,
              least(g.seq * ?, c."total_count"), ?, 0, false, now(), now()
       FROM claimed c
       CROSS JOIN LATERAL generate_series(1, ceil(c."total_count"::numeric / ?)::int) AS g(seq))
     SELECT "id" FROM claimed ORDER BY "id"`,
    [
      JSON.stringify(input.contexts),
      JSON.stringify(input.waiting ?? {}),
      S.SENDING,
      input.now,
      ...due.bindings,
      input.now,
      input.batchSize,
      input.batchSize,
      B.PENDING,
      input.batchSize,
    ]
  )) as Array<{ id: string }>
  return rows.map((r) => r.id)
}

/**
 * Freezes the send context of an article being sent that has none (claimed before contexts
 * existed), and returns the article's context: the one already frozen, if any, wins.
 */
export async function freezeSendContext(
  manager: SqlManager,
  input: { newsletterId: string; context: NewsletterSendContext }
): Promise<NewsletterSendContext | null> {
  const sending = beingSent(`"status"`)
  const [row] = (await manager.execute(
    `WITH frozen AS (
       UPDATE "newsletter" SET "send_context" = ?::jsonb, "updated_at" = now()
       WHERE "id" = ? AND "send_context" IS NULL AND ${sending.sql} AND "deleted_at" IS NULL
       RETURNING "send_context")
     SELECT "send_context" FROM frozen
     UNION ALL
     SELECT "send_context" FROM "newsletter" WHERE "id" = ? AND "send_context" IS NOT NULL`,
    [JSON.stringify(input.context), input.newsletterId, ...sending.bindings, input.newsletterId]
  )) as Array<{ send_context: NewsletterSendContext }>
  return row?.send_context ?? null
}

/**
 * Articles being sent that have a batch to claim, oldest start first, and those with nothing
 * left at all (to be finished). An article whose remaining batches all need attention is left
 * alone: it must not finish as if everything was sent.
 */
export async function listNewslettersToSend(manager: SqlManager): Promise<string[]> {
  const sending = beingSent(`n."status"`)
  const rows = (await manager.execute(
    `SELECT n."id" FROM "newsletter" n
     WHERE ${sending.sql} AND n."deleted_at" IS NULL
       AND (EXISTS (SELECT 1 FROM "newsletter_batch" b
                    WHERE b."newsletter_id" = n."id" AND b."status" IN (?, ?) AND b."deleted_at" IS NULL)
            OR NOT EXISTS (SELECT 1 FROM "newsletter_batch" b
                           WHERE b."newsletter_id" = n."id" AND b."status" = ? AND b."deleted_at" IS NULL))
     ORDER BY n."started_at", n."id"`,
    [...sending.bindings, B.PENDING, B.SENDING, B.ATTENTION]
  )) as Array<{ id: string }>
  return rows.map((r) => r.id)
}

/** A claimed batch and its holder's fencing token (`worker_id` + `attempts`). */
export type ClaimedBatch = {
  batch: {
    id: string
    newsletter_id: string
    seq: number
    /** This claim's number: with the worker id, the fencing token record and release must show. */
    attempts: number
    first_position: number
    last_position: number
    first_attempted_at: Date
    /** The store owner's send-again rounds: part of the batch's Idempotency-Key from round 1. */
    key_generation: number
  }
  /** Recipients still to send in this batch, in position order. */
  recipients: Array<{
    id: string
    position: number
    customer_id: string | null
    email: string
    first_name: string | null
    last_name: string | null
  }>
}

/** What one claim did: the batch it claimed, and the batches it marked as needing attention. */
export type BatchClaim = {
  /** The claimed batch; null when nothing is left to claim now. */
  claimed: ClaimedBatch | null
  /**
   * Set only when THIS claim marked batches as needing attention (a batch is marked by exactly one
   * claim, whatever the number of workers): every batch of the article that needs attention now,
   * by seq, and their unsent recipients, as the article's reason says.
   */
  attention: { batches: number[]; recipients: number } | null
}

/**
 * Claims the next batch of an article for `workerId` in ONE self-committing statement (no lock
 * outlives it):
 * - only while the article is being sent;
 * - a pending batch whose backoff is over, or one whose holder's lease ran out, never one another
 *   worker is claiming or recording (FOR UPDATE SKIP LOCKED);
 * - never a batch first attempted more than IDEMPOTENCY_SAFE_HOURS before `now`: those are marked
 *   `attention` instead, with the article's message saying so (their recipients stay unsent);
 * - at the first claim only (which also stamps `first_attempted_at`), the recipients who
 *   unsubscribed or were cleaned since the reservation are marked skipped and counted, so every
 *   later attempt of the batch sends the identical payload.
 * Returns the claimed batch (null when nothing is left to claim now) and, when this claim marked
 * batches for attention, what needs attention.
 */
export async function claimNewsletterBatch(
  manager: SqlManager,
  input: { newsletterId: string; workerId: string; leaseSeconds: number; now: Date }
): Promise<BatchClaim> {
  const sending = beingSent(`n."status"`)
  const safeSince = retrySafeSince(input.now)
  // A statement's parts read the rows as they were before it: `first_claim` is read before the
  // claim sets skip_checked, the recipients it skips are excluded with "NOT IN skipped", and the
  // batches it marks for attention are added to those marked before.
  const rows = (await manager.execute(
    `WITH article AS (
       -- Another process may have stopped or cancelled the article since this one listed it.
       SELECT n."id" FROM "newsletter" n WHERE n."id" = ? AND ${sending.sql} AND n."deleted_at" IS NULL),
     stale AS (
       -- Conditions on the batch row itself, so a concurrent claim is re-checked, never overwritten.
       UPDATE "newsletter_batch" b
       SET "status" = ?, "lease_until" = NULL, "worker_id" = NULL, "last_error" = ?, "updated_at" = now()
       WHERE b."newsletter_id" = ? AND b."deleted_at" IS NULL AND EXISTS (SELECT 1 FROM article)
         AND (b."status" = ? OR (b."status" = ? AND b."lease_until" < ?))
         AND b."first_attempted_at" < ?
       RETURNING b."seq", b."first_position", b."last_position"),
     next AS (
       SELECT b."id", NOT b."skip_checked" AS "first_claim" FROM "newsletter_batch" b
       WHERE b."newsletter_id" = ? AND b."deleted_at" IS NULL AND EXISTS (SELECT 1 FROM article)
         AND (b."status" = ? OR (b."status" = ? AND b."lease_until" < ?))
         AND (b."first_attempted_at" IS NULL OR b."first_attempted_at" >= ?)
         AND (b."next_attempt_at" IS NULL OR b."next_attempt_at" <= ?)
       ORDER BY b."seq" LIMIT 1 FOR UPDATE SKIP LOCKED),
     claimed AS (
       UPDATE "newsletter_batch" b
       SET "status" = ?, "attempts" = b."attempts" + 1, "worker_id" = ?, "lease_until" = ?,
           "first_attempted_at" = COALESCE(b."first_attempted_at", ?), "skip_checked" = true,
           "updated_at" = now()
       FROM next
       WHERE b."id" = next."id"
       RETURNING b."id", b."newsletter_id", b."seq", b."attempts", b."first_position", b."last_position",
                 b."first_attempted_at", b."key_generation", next."first_claim"),
     skipped AS (
       UPDATE "newsletter_recipient" r
       SET "status" = ?, "attempted_at" = ?, "updated_at" = now(),
           "error_reason" = COALESCE(${OPTED_OUT_AS}, ?) || ' after the reservation',
           "error_code" = CASE WHEN ${OPTED_OUT_AS} = ? THEN ? ELSE ? END
       FROM claimed c
       WHERE c."first_claim" AND r."newsletter_id" = c."newsletter_id"
         AND r."position" BETWEEN c."first_position" AND c."last_position"
         AND r."status" = ? AND r."deleted_at" IS NULL
         AND NOT EXISTS (SELECT 1 FROM "newsletter_subscription" s
                         WHERE s."email" = r."email" AND s."status" = ? AND s."deleted_at" IS NULL)
       RETURNING r."id"),
     attention AS (
       SELECT "seq", "first_position", "last_position" FROM stale
       UNION ALL
       SELECT b."seq", b."first_position", b."last_position" FROM "newsletter_batch" b
       WHERE b."newsletter_id" = ? AND b."status" = ? AND b."deleted_at" IS NULL),
     unconfirmed AS (
       -- What needs attention: the unsent recipients of those batches, and the batches by seq.
       SELECT (SELECT count(*) FROM "newsletter_recipient" r JOIN attention t
                 ON r."position" BETWEEN t."first_position" AND t."last_position"
               WHERE r."newsletter_id" = ? AND r."status" = ? AND r."deleted_at" IS NULL)::int AS "recipients",
              (SELECT jsonb_agg("seq" ORDER BY "seq") FROM attention) AS "batches",
              (SELECT CASE WHEN count(*) > 1 THEN 'batches ' ELSE 'batch ' END
                      || string_agg("seq"::text, ', ' ORDER BY "seq") FROM attention) AS "batch_words"),
     counted AS (
       -- Touches the article's row (which every lane updates) only when someone opted out or a
       -- batch was marked for attention.
       UPDATE "newsletter" n
       SET "skipped_count" = n."skipped_count" + (SELECT count(*) FROM skipped),
           "unsent_count" = n."unsent_count" - (SELECT count(*) FROM skipped),
           "status_reason" = CASE WHEN EXISTS (SELECT 1 FROM stale)
             THEN format(?, u."recipients", u."batch_words") ELSE n."status_reason" END,
           "status_reason_code" = CASE WHEN EXISTS (SELECT 1 FROM stale) THEN ? ELSE n."status_reason_code" END,
           "status_reason_params" = CASE WHEN EXISTS (SELECT 1 FROM stale)
             THEN jsonb_build_object('recipients', u."recipients", 'batches', u."batches")
             ELSE n."status_reason_params" END,
           "updated_at" = now()
       FROM unconfirmed u
       WHERE n."id" = ? AND (EXISTS (SELECT 1 FROM skipped) OR EXISTS (SELECT 1 FROM stale)))
     SELECT c."id" AS "batch_id", c."newsletter_id", c."seq", c."attempts", c."first_position",
            c."last_position", c."first_attempted_at", c."key_generation", r."id", r."position",
            r."customer_id", r."email", r."first_name", r."last_name",
            CASE WHEN EXISTS (SELECT 1 FROM stale) THEN u."batches" END AS "attention_batches",
            u."recipients" AS "attention_recipients"
     -- One row even when nothing was claimed, to report the batches marked for attention.
     FROM unconfirmed u
     LEFT JOIN claimed c ON true
     LEFT JOIN "newsletter_recipient" r
       ON r."newsletter_id" = c."newsletter_id"
      AND r."position" BETWEEN c."first_position" AND c."last_position"
      AND r."status" = ? AND r."deleted_at" IS NULL
      AND r."id" NOT IN (SELECT "id" FROM skipped)
     ORDER BY r."position"`,
    [
      input.newsletterId,
      ...sending.bindings,
      // stale
      B.ATTENTION,
      ATTENTION_BATCH_ERROR,
      input.newsletterId,
      B.PENDING,
      B.SENDING,
      input.now,
      safeSince,
      // next
      input.newsletterId,
      B.PENDING,
      B.SENDING,
      input.now,
      safeSince,
      input.now,
      // claimed
      B.SENDING,
      input.workerId,
      leaseUntil(input.now, input.leaseSeconds),
      input.now,
      // skipped
      R.SKIPPED,
      input.now,
      NewsletterSubscriptionStatus.UNSUBSCRIBED,
      NewsletterSubscriptionStatus.CLEANED,
      NewsletterRecipientErrorCode.CLEANED_AFTER_RESERVATION,
      NewsletterRecipientErrorCode.UNSUBSCRIBED_AFTER_RESERVATION,
      R.PENDING,
      NewsletterSubscriptionStatus.SUBSCRIBED,
      // attention
      input.newsletterId,
      B.ATTENTION,
      // unconfirmed
      input.newsletterId,
      R.PENDING,
      // counted
      ATTENTION_REASON_FORMAT,
      NewsletterReasonCode.NEEDS_ATTENTION,
      input.newsletterId,
      // recipients
      R.PENDING,
    ]
  )) as Array<
    Partial<Omit<ClaimedBatch["batch"], "id"> & { batch_id: string } & ClaimedBatch["recipients"][number]> & {
      attention_batches: number[] | null
      attention_recipients: number
    }
  >
  const { attention_batches, attention_recipients } = rows[0]
  const attention = attention_batches ? { batches: attention_batches, recipients: attention_recipients } : null
  if (!rows[0].batch_id) {
    return { claimed: null, attention }
  }
  const { batch_id, newsletter_id, seq, attempts, first_position, last_position, first_attempted_at, key_generation } =
    rows[0] as Required<(typeof rows)[number]>
  const claimed: ClaimedBatch = {
    batch: {
      id: batch_id,
      newsletter_id,
      seq,
      attempts,
      first_position,
      last_position,
      first_attempted_at,
      key_generation,
    },
    // A batch with nobody left to send to comes back as one row without a recipient.
    recipients: rows
      .filter((r) => r.id)
      .map((r) => ({
        id: r.id!,
        position: r.position!,
        customer_id: r.customer_id ?? null,
        email: r.email!,
        first_name: r.first_name ?? null,
        last_name: r.last_name ?? null,
      })),
  }
  return { claimed, attention }
}

/** Who holds a claimed batch: the worker and the claim number (`attempts`) the claim returned. */
export type BatchHolder = { batchId: string; workerId: string; attempt: number }

const HOLDER_CONDITION = `"id" = ? AND "worker_id" = ? AND "attempts" = ? AND "status" = ? AND "deleted_at" IS NULL`
const holderBindings = (holder: BatchHolder) => [holder.batchId, holder.workerId, holder.attempt, B.SENDING]

/**
 * Extends the holder's lease to `leaseSeconds` after `now`. Returns false, changing nothing, when
 * the caller no longer holds the batch (its lease ran out and another worker claimed it, or it was
 * released): the caller must then not send it.
 */
export async function renewBatchLease(
  manager: SqlManager,
  input: BatchHolder & { leaseSeconds: number; now: Date }
): Promise<boolean> {
  const rows = (await manager.execute(
    `UPDATE "newsletter_batch" SET "lease_until" = ?, "updated_at" = now()
     WHERE ${HOLDER_CONDITION}
     RETURNING "id"`,
    [leaseUntil(input.now, input.leaseSeconds), ...holderBindings(input)]
  )) as Array<{ id: string }>
  return rows.length === 1
}

/** One recipient's outcome; `sent` without a provider id means accepted but unconfirmed (a 409). */
export type BatchResultRow = {
  recipient_id: string
  status: NewsletterRecipientStatus.SENT | NewsletterRecipientStatus.FAILED
  provider_message_id?: string | null
  error_type?: string | null
  error_reason?: string | null
}

export type RecordBatchResult =
  | {
      /** The caller held the batch: its outcome is recorded and the batch is done. */
      recorded: true
      sent: number
      failed: number
      /** Of `sent`: accepted earlier under the same key, provider id unknown (a 409 conflict). */
      unconfirmed: number
      succeeded_count: number
      failed_count: number
      unconfirmed_count: number
    }
  /** The caller no longer held the batch (a successor claimed it): nothing was written. */
  | { recorded: false }

/**
 * Records a sent batch in ONE self-committing statement, fenced: only while the caller still holds
 * the batch (worker and claim number match), so a worker that lost its lease can't overwrite its
 * successor's outcome. Writes every recipient still pending, the article's counters (total =
 * succeeded + failed + unsent + skipped holds at every moment) and the batch as done, with `note`
 * as its last_error (e.g. why its ids are unknown). Clears a passing pause reason on the article,
 * never a need for attention.
 */
export async function recordNewsletterBatch(
  manager: SqlManager,
  input: BatchHolder & { newsletterId: string; now: Date; results: BatchResultRow[]; note?: string | null }
): Promise<RecordBatchResult> {
  const reason = reasonUnlessAttention(null)
  const [row] = (await manager.execute(
    `WITH holder AS (
       SELECT "id" FROM "newsletter_batch" WHERE ${HOLDER_CONDITION} AND "newsletter_id" = ? FOR UPDATE),
     v AS (
       SELECT * FROM jsonb_to_recordset(?::jsonb)
         AS x("recipient_id" text, "status" text, "provider_message_id" text,
              "error_type" text, "error_reason" text)),
     written AS (
       UPDATE "newsletter_recipient" r
       SET "status" = v."status", "provider_message_id" = v."provider_message_id",
           "error_type" = v."error_type", "error_reason" = v."error_reason",
           "attempted_at" = ?, "updated_at" = now()
       FROM v
       WHERE r."id" = v."recipient_id" AND r."newsletter_id" = ? AND r."status" = ?
         AND EXISTS (SELECT 1 FROM holder)
       RETURNING r."status", r."provider_message_id"),
     counted AS (
       SELECT count(*) FILTER (WHERE "status" = ?)::int AS "sent",
              count(*) FILTER (WHERE "status" = ?)::int AS "failed",
              count(*) FILTER (WHERE "status" = ? AND "provider_message_id" IS NULL)::int AS "unconfirmed"
       FROM written),
     article AS (
       UPDATE "newsletter" n
       SET "succeeded_count" = n."succeeded_count" + c."sent",
           "awaiting_count" = n."awaiting_count" + c."sent",
           "failed_count" = n."failed_count" + c."failed",
           "unconfirmed_count" = n."unconfirmed_count" + c."unconfirmed",
           "unsent_count" = n."unsent_count" - c."sent" - c."failed",
           ${reason.sql}, "updated_at" = now()
       FROM counted c
       WHERE n."id" = ? AND EXISTS (SELECT 1 FROM holder)
       RETURNING n."succeeded_count", n."failed_count", n."unconfirmed_count"),
     done AS (
       UPDATE "newsletter_batch" b
       SET "status" = ?, "lease_until" = NULL, "last_error" = ?, "updated_at" = now()
       FROM holder h
       WHERE b."id" = h."id")
     SELECT c."sent", c."failed", c."unconfirmed", a."succeeded_count", a."failed_count", a."unconfirmed_count"
     FROM counted c, article a`,
    [
      ...holderBindings(input),
      input.newsletterId,
      JSON.stringify(input.results),
      input.now,
      input.newsletterId,
      R.PENDING,
      R.SENT,
      R.FAILED,
      R.SENT,
      ...reason.bindings,
      input.newsletterId,
      B.DONE,
      input.note ?? null,
    ]
  )) as Array<Omit<Extract<RecordBatchResult, { recorded: true }>, "recorded">>
  return row ? { recorded: true, ...row } : { recorded: false }
}

/** What a release did: whether the caller still held the batch, and whether it began a pause. */
export type ReleasedBatch = {
  /** False, and nothing changed, for a worker that had lost the batch. */
  released: boolean
  /**
   * True when this release put the article's reason to `articleReason`'s code from another one
   * (a pause began, or its cause changed): once per pause whatever the number of workers and
   * runs that meet it, since the old code is read under the article row's lock.
   */
  paused: boolean
}

/**
 * Gives a claimed batch back after a failure that a later attempt may overcome, fenced like
 * {@link recordNewsletterBatch}: a worker that lost the batch changes nothing.
 * `retryAt` delays the next attempt (backoff); `articleReason`, when given, is shown on the article
 * (e.g. a quota pause) until a batch succeeds again, unless the article needs attention.
 */
export async function releaseNewsletterBatch(
  manager: SqlManager,
  input: BatchHolder & { error: string; retryAt?: Date | null; articleReason?: NewsletterStatusReason | null }
): Promise<ReleasedBatch> {
  const reason = reasonUnlessAttention(input.articleReason ?? null)
  const sending = beingSent(`n."status"`)
  const [row] = (await manager.execute(
    `WITH released AS (
       UPDATE "newsletter_batch"
       SET "status" = ?, "lease_until" = NULL, "worker_id" = NULL, "last_error" = ?,
           "next_attempt_at" = ?, "updated_at" = now()
       WHERE ${HOLDER_CONDITION}
       RETURNING "newsletter_id"),
     before AS (
       -- The reason as it is now: the lock waits for a concurrent release and reads its result.
       SELECT n."id", n."status_reason_code" FROM "newsletter" n JOIN released r ON n."id" = r."newsletter_id"
       WHERE ?::text IS NOT NULL AND ${sending.sql}
       FOR UPDATE OF n),
     noted AS (
       UPDATE "newsletter" n SET ${reason.sql}, "updated_at" = now()
       FROM before b
       WHERE n."id" = b."id"
       RETURNING n."status_reason_code" IS DISTINCT FROM b."status_reason_code" AS "began")
     SELECT (SELECT count(*)::int FROM released) AS "released",
            COALESCE((SELECT bool_or("began") FROM noted), false) AS "paused"`,
    [
      B.PENDING,
      input.error,
      input.retryAt ?? null,
      ...holderBindings(input),
      input.articleReason?.code ?? null,
      ...sending.bindings,
      ...reason.bindings,
    ]
  )) as Array<{ released: number; paused: boolean }>
  return { released: row.released === 1, paused: row.paused }
}

/**
 * Shows why sending of an article pauses (e.g. its sending window closed), unless the article
 * needs attention, whose message must stay. Only while it is being sent.
 */
export async function noteSendingPaused(
  manager: SqlManager,
  input: { newsletterId: string; reason: NewsletterStatusReason }
): Promise<void> {
  const reason = reasonUnlessAttention(input.reason)
  const sending = beingSent(`n."status"`)
  await manager.execute(
    `UPDATE "newsletter" n SET ${reason.sql}, "updated_at" = now()
     WHERE n."id" = ? AND ${sending.sql}`,
    [...reason.bindings, input.newsletterId, ...sending.bindings]
  )
}

/** A skipped recipient's error_reason when the store owner chose not to send its batch again. */
export const OWNER_SKIP_REASON = `not sent: first attempted more than ${IDEMPOTENCY_SAFE_HOURS} hours ago; the store owner chose not to send again`

/** The last_error of a batch the store owner chose not to send again (it is done). */
export const OWNER_SKIP_BATCH_NOTE = `skipped by the store owner: first attempted more than ${IDEMPOTENCY_SAFE_HOURS} hours ago; its unsent recipients are recorded as skipped`

/** The last_error of a batch the store owner chose to send again; `%s` is the new round. */
export const OWNER_SEND_AGAIN_BATCH_NOTE_FORMAT =
  "sent again at the store owner's request under a new idempotency key (round %s); recipients whose first attempt went out may get the mail twice"

/** Refusal of a resolve on an article being sent that has no batch needing attention. */
export const nothingNeedsAttention = (id: string) =>
  new NewsletterError(
    MedusaError.Types.CONFLICT,
    "newsletter_nothing_needs_attention",
    `Nothing of newsletter "${id}" needs attention: no batch is waiting for the store owner's decision (it may have been resolved already)`,
    { id }
  )

export type ResolvedAttention = {
  action: NewsletterAttentionAction
  /** The batches resolved, by seq, with their round after the decision. */
  batches: Array<{ id: string; seq: number; key_generation: number }>
  /** Recipients recorded as skipped (only with `skip`). */
  skipped: number
}

/**
 * The store owner's decision on the batches of an article that need attention (their first
 * attempt is older than Resend keeps idempotency keys), in ONE statement conditional on the
 * article being sent and on each batch being `attention`:
 * - `send_again`: the batches go back to `pending` in a new key round (`key_generation` + 1, so
 *   the expired key is never reused), their first attempt cleared so the 23-hour rule counts from
 *   the new one, and opt-outs since the reservation checked again at that claim;
 * - `skip`: the batches are done; their still-pending recipients become `skipped` with
 *   {@link OWNER_SKIP_REASON}, counted from unsent to skipped in the same statement.
 * Either way the batch's last_error records the decision and the article's "Needs attention"
 * reason is cleared (every batch needing attention is resolved at once).
 *
 * Run it in a transaction: the article's row is locked first, so the statement's snapshot
 * includes any batch a claim marked for attention up to then, and a claim marking one later
 * waits and then sets its own message again. Refused, changing nothing: NOT_FOUND; NOT_ALLOWED
 * or CONFLICT naming the status when the article isn't being sent; CONFLICT when no batch needs
 * attention (another admin resolved it already).
 */
export async function resolveAttentionBatches(
  manager: SqlManager,
  input: { newsletterId: string; action: NewsletterAttentionAction }
): Promise<ResolvedAttention> {
  const [locked] = (await manager.execute(
    `SELECT "status" FROM "newsletter" WHERE "id" = ? AND "deleted_at" IS NULL FOR UPDATE`,
    [input.newsletterId]
  )) as Array<{ status: NewsletterStatus }>
  const resolvable = statusCondition(NewsletterStatusSets.RESOLVABLE, `n."status"`)
  const skip = input.action === NewsletterAttentionAction.SKIP
  const rows = (await manager.execute(
    `WITH article AS (
       SELECT n."id" FROM "newsletter" n WHERE n."id" = ? AND ${resolvable.sql} AND n."deleted_at" IS NULL),
     resolved AS (
       UPDATE "newsletter_batch" b
       SET "status" = CASE WHEN ?::boolean THEN ? ELSE ? END,
           "key_generation" = b."key_generation" + CASE WHEN ?::boolean THEN 0 ELSE 1 END,
           "first_attempted_at" = CASE WHEN ?::boolean THEN b."first_attempted_at" END,
           "skip_checked" = ?::boolean AND b."skip_checked",
           "lease_until" = NULL, "worker_id" = NULL, "next_attempt_at" = NULL,
           "last_error" = CASE WHEN ?::boolean THEN ? ELSE format(?, b."key_generation" + 1) END,
           "updated_at" = now()
       WHERE b."newsletter_id" = ? AND b."status" = ? AND b."deleted_at" IS NULL
         AND EXISTS (SELECT 1 FROM article)
       RETURNING b."id", b."seq", b."key_generation", b."first_position", b."last_position"),
     skipped AS (
       UPDATE "newsletter_recipient" r
       SET "status" = ?, "error_reason" = ?, "error_code" = ?, "updated_at" = now()
       FROM resolved t
       WHERE ?::boolean AND r."newsletter_id" = ?
         AND r."position" BETWEEN t."first_position" AND t."last_position"
         AND r."status" = ? AND r."deleted_at" IS NULL
       RETURNING r."id"),
     counted AS (
       UPDATE "newsletter" n
       SET "skipped_count" = n."skipped_count" + (SELECT count(*) FROM skipped),
           "unsent_count" = n."unsent_count" - (SELECT count(*) FROM skipped),
           "status_reason" = NULL, "status_reason_code" = NULL, "status_reason_params" = NULL,
           "updated_at" = now()
       WHERE n."id" = ? AND EXISTS (SELECT 1 FROM resolved))
     SELECT t."id", t."seq", t."key_generation", (SELECT count(*) FROM skipped)::int AS "skipped"
     FROM resolved t ORDER BY t."seq"`,
    [
      input.newsletterId,
      ...resolvable.bindings,
      // resolved
      skip,
      B.DONE,
      B.PENDING,
      skip,
      skip,
      skip,
      skip,
      OWNER_SKIP_BATCH_NOTE,
      OWNER_SEND_AGAIN_BATCH_NOTE_FORMAT,
      input.newsletterId,
      B.ATTENTION,
      // skipped
      R.SKIPPED,
      OWNER_SKIP_REASON,
      NewsletterRecipientErrorCode.OWNER_SKIPPED,
      skip,
      input.newsletterId,
      R.PENDING,
      // counted
      input.newsletterId,
    ]
  )) as Array<{ id: string; seq: number; key_generation: number; skipped: number }>
  if (!rows.length) {
    if (!locked) {
      throw notFound("Newsletter", input.newsletterId)
    }
    if (!isInStatusSet(locked.status, "RESOLVABLE")) {
      // A started article had been sent when the owner looked (its batches needed attention then).
      throw statusRefusal(input.newsletterId, locked.status, "resolve", isInStatusSet(locked.status, "STARTED"))
    }
    throw nothingNeedsAttention(input.newsletterId)
  }
  return {
    action: input.action,
    batches: rows.map(({ id, seq, key_generation }) => ({ id, seq, key_generation })),
    skipped: rows[0].skipped,
  }
}

/** The article's message when it ends with nobody left to send to (code `nobody_left`, params `{ skipped }`). */
export const NOBODY_LEFT_REASON =
  "Nobody was left to send to: every recipient unsubscribed or was cleaned after the reservation"

/**
 * The article's message when it ends with no mail confirmed because the store owner skipped
 * batches (code `owner_skipped_all`, params `{ skipped }`).
 */
export const OWNER_SKIPPED_ALL_REASON =
  `Nothing was confirmed as sent: the store owner chose not to send again the batches first attempted more than ` +
  `${IDEMPOTENCY_SAFE_HOURS} hours earlier (check Resend's email log, tag newsletter_id, for what they delivered), ` +
  `and nobody else was left to send to`

/**
 * Ends the sending of an article once every batch is done, in ONE conditional statement: `sent`
 * (配信済) when at least one mail was handed over, `failed` (配信失敗, S11) when everybody had
 * opted out by send time or the store owner skipped the rest (the reason says which). A batch
 * that needs attention is not done: such an article stays `sending`. Returns the new status, or null while batches remain (or the article is no longer
 * being sent).
 */
export async function finishNewsletterIfComplete(
  manager: SqlManager,
  input: { newsletterId: string; now: Date }
): Promise<NewsletterStatus | null> {
  const from = finishable(`n."status"`)
  const nothingSent = `n."succeeded_count" + n."failed_count" = 0`
  const ownerSkipped = `EXISTS (SELECT 1 FROM "newsletter_batch" sb
                                WHERE sb."newsletter_id" = n."id" AND sb."last_error" = ? AND sb."deleted_at" IS NULL)`
  const [row] = (await manager.execute(
    `UPDATE "newsletter" n
     SET "status" = CASE WHEN ${nothingSent} THEN ? ELSE ? END,
         "status_reason" = CASE WHEN NOT ${nothingSent} THEN NULL WHEN ${ownerSkipped} THEN ? ELSE ? END,
         "status_reason_code" = CASE WHEN NOT ${nothingSent} THEN NULL WHEN ${ownerSkipped} THEN ? ELSE ? END,
         "status_reason_params" = CASE WHEN ${nothingSent} THEN jsonb_build_object('skipped', n."skipped_count") END,
         "finished_at" = ?, "updated_at" = now()
     WHERE n."id" = ? AND ${from.sql} AND n."deleted_at" IS NULL
       AND NOT EXISTS (SELECT 1 FROM "newsletter_batch" b
                       WHERE b."newsletter_id" = n."id" AND b."status" <> ? AND b."deleted_at" IS NULL)
     RETURNING n."status"`,
    [
      S.FAILED,
      S.SENT,
      OWNER_SKIP_BATCH_NOTE,
      OWNER_SKIPPED_ALL_REASON,
      NOBODY_LEFT_REASON,
      OWNER_SKIP_BATCH_NOTE,
      NewsletterReasonCode.OWNER_SKIPPED_ALL,
      NewsletterReasonCode.NOBODY_LEFT,
      input.now,
      input.newsletterId,
      ...from.bindings,
      B.DONE,
    ]
  )) as Array<{ status: NewsletterStatus }>
  return row?.status ?? null
}

/**
 * Reserves the next request slot of the shared schedule `name`, spacing requests `intervalMs`
 * apart across every process (one statement, outside any transaction so the row is never held).
 * Real time on purpose (the database's clock, shared by every process): the spacing protects the
 * provider's rate limit, which counts real milliseconds. Returns how long to wait before sending.
 */
export async function reserveSendSlot(
  manager: SqlManager,
  input: { name: string; intervalMs: number }
): Promise<number> {
  const [row] = (await manager.execute(
    `INSERT INTO "newsletter_send_slot" ("id", "name", "next_at", "created_at", "updated_at")
     VALUES (${sqlNewId("newsletter_send_slot")}, ?, clock_timestamp() + make_interval(secs => ? / 1000.0), now(), now())
     ON CONFLICT ("name") WHERE "deleted_at" IS NULL DO UPDATE
     SET "next_at" = greatest("newsletter_send_slot"."next_at", clock_timestamp())
                     + make_interval(secs => ? / 1000.0)
     RETURNING extract(epoch FROM ("next_at" - clock_timestamp())) * 1000 - ? AS wait_ms`,
    [input.name, input.intervalMs, input.intervalMs, input.intervalMs]
  )) as Array<{ wait_ms: string | number }>
  return Math.max(0, Math.ceil(Number(row.wait_ms)))
}
