import type { Context } from "@medusajs/framework/types"
import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import {
  ArticleFigures,
  CLEANING_ERROR_TYPES,
  DeliveryEventInput,
  DeliveryEventOutcome,
} from "../../lib/webhooks/types"
import { Newsletter } from "./models/newsletter"
import { NewsletterBatch } from "./models/newsletter-batch"
import { NewsletterCategory } from "./models/newsletter-category"
import { NewsletterCouponClaim } from "./models/newsletter-coupon-claim"
import { NewsletterRecipient } from "./models/newsletter-recipient"
import { NewsletterSendSlot } from "./models/newsletter-send-slot"
import { NewsletterSubscription } from "./models/newsletter-subscription"
import { NewsletterSubscriptionEvent } from "./models/newsletter-subscription-event"
import { NewsletterWebhookEvent } from "./models/newsletter-webhook-event"
import { resolveNewsletterOptions, ResolvedNewsletterOptions } from "./options"
import { NewsletterStatus } from "./types"
import type { AggregationFigures } from "./utils/delivery-rules"
import { assertCanTransition } from "./utils/newsletter-status"
import { notFound } from "./utils/not-found"

export type TransitionNewsletterInput = {
  id: string
  to: NewsletterStatus
  /** Extra columns written in the same statement (e.g. started_at). */
  data?: Record<string, unknown>
}

export type NewsletterRow = {
  id: string
  status: NewsletterStatus
  [column: string]: unknown
}

/**
 * The newsletter module: articles, categories, recipients and subscriptions, with the generated
 * CRUD methods. Custom methods exist only where CRUD can't express the rule.
 */
class NewsletterModuleService extends MedusaService({
  Newsletter,
  NewsletterCategory,
  NewsletterCouponClaim,
  NewsletterRecipient,
  NewsletterBatch,
  NewsletterSendSlot,
  NewsletterSubscription,
  NewsletterSubscriptionEvent,
  NewsletterWebhookEvent,
}) {
  protected readonly options_: ResolvedNewsletterOptions

  constructor(container: Record<string, unknown>, options: unknown) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    // Fails the boot with every wrong option named, rather than failing later at send time.
    this.options_ = resolveNewsletterOptions(options)
  }

  /** The validated plugin options, defaults filled in. */
  async getOptions(): Promise<ResolvedNewsletterOptions> {
    return this.options_
  }

  /**
   * Moves an article to `to` if the status rules allow it from its current status, as one
   * conditional UPDATE: two processes racing for the same change can't both win. Returns the
   * article's row before the change (the pre-image, for compensation).
   */
  @InjectTransactionManager()
  async transitionNewsletter(
    input: TransitionNewsletterInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<NewsletterRow> {
    const manager = sharedContext.transactionManager as any
    const [current] = (await manager.execute(
      `SELECT * FROM "newsletter" WHERE "id" = ? AND "deleted_at" IS NULL FOR UPDATE`,
      [input.id]
    )) as NewsletterRow[]
    if (!current) {
      throw notFound("Newsletter", input.id)
    }
    assertCanTransition(input.id, current.status, input.to)

    const data = { ...(input.data ?? {}), status: input.to }
    const columns = Object.keys(data)
    // Column names come from the plugin's own code; refuse anything that isn't a plain identifier.
    columns.forEach((c) => {
      if (!/^[a-z_]+$/.test(c)) {
        throw new MedusaError(MedusaError.Types.INVALID_ARGUMENT, `Not a column name: ${c}`)
      }
    })
    await manager.execute(
      `UPDATE "newsletter" SET ${columns.map((c) => `"${c}" = ?`).join(", ")}, "updated_at" = now()
       WHERE "id" = ?`,
      [...columns.map((c) => serialize(data[c])), input.id]
    )
    return current
  }

  /** Reserved articles whose send time has come, with their category's sending window. */
  @InjectManager()
  async listDueNewsletters(
    input: { now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Array<{ id: string; window_start: string | null; window_end: string | null }>> {
    const manager = sharedContext.manager as any
    return await manager.execute(
      `SELECT n."id", c."window_start", c."window_end"
       FROM "newsletter" n LEFT JOIN "newsletter_category" c ON c."id" = n."category_id"
       WHERE n."status" = 'scheduled' AND n."scheduled_at" <= ? AND n."deleted_at" IS NULL
       ORDER BY n."scheduled_at", n."id"`,
      [input.now]
    )
  }

  /**
   * Claims the given reserved articles whose send time has come (S10): one conditional UPDATE
   * moves them to `sending` with `started_at`, so two workers can't both claim one. Then cuts
   * every sending article that has no batches yet into batches of `batchSize` positions. Returns
   * the ids claimed by this call.
   */
  @InjectTransactionManager()
  async claimDueNewsletters(
    input: { now: Date; batchSize: number; ids: string[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const manager = sharedContext.transactionManager as any
    const claimed = (await manager.execute(
      `UPDATE "newsletter" SET "status" = 'sending', "started_at" = ?, "updated_at" = now()
       WHERE "status" = 'scheduled' AND "scheduled_at" <= ? AND "deleted_at" IS NULL
         AND "id" IN (SELECT jsonb_array_elements_text(?::jsonb))
       RETURNING "id"`,
      [input.now, input.now, JSON.stringify(input.ids)]
    )) as Array<{ id: string }>
    await manager.execute(
      `INSERT INTO "newsletter_batch"
         ("id", "newsletter_id", "seq", "first_position", "last_position", "status", "attempts",
          "skip_checked", "created_at", "updated_at")
       SELECT 'nlbat_' || replace(gen_random_uuid()::text, '-', ''), n."id", g.seq,
              (g.seq - 1) * ? + 1, least(g.seq * ?, n."total_count"), 'pending', 0, false, now(), now()
       FROM "newsletter" n
       CROSS JOIN LATERAL generate_series(1, ceil(n."total_count"::numeric / ?)::int) AS g(seq)
       WHERE n."status" = 'sending' AND n."deleted_at" IS NULL
         AND NOT EXISTS (SELECT 1 FROM "newsletter_batch" b WHERE b."newsletter_id" = n."id")`,
      [input.batchSize, input.batchSize, input.batchSize]
    )
    return claimed.map((r) => r.id)
  }

  /** Articles being sent that still have batches to send, oldest start first. */
  @InjectManager()
  async listNewslettersToSend(@MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    const manager = sharedContext.manager as any
    const rows = (await manager.execute(
      `SELECT n."id" FROM "newsletter" n
       WHERE n."status" = 'sending' AND n."deleted_at" IS NULL
         AND EXISTS (SELECT 1 FROM "newsletter_batch" b
                     WHERE b."newsletter_id" = n."id" AND b."status" <> 'done' AND b."deleted_at" IS NULL)
       ORDER BY n."started_at", n."id"`
    )) as Array<{ id: string }>
    return rows.map((r) => r.id)
  }

  /**
   * Claims the next batch of an article for `workerId`: a pending one, one whose worker's lease
   * ran out, never one another worker holds (FOR UPDATE SKIP LOCKED), and only while the article is
   * being sent. At the first claim only, the recipients who unsubscribed or were cleaned since the
   * reservation are marked skipped (and counted on the article), so every later attempt of this
   * batch sends the identical payload. ONE self-committing statement: no lock outlives it, however
   * busy the calling process is. Returns null when nothing is left to claim now.
   */
  @InjectManager()
  async claimNewsletterBatch(
    input: { newsletterId: string; workerId: string; leaseSeconds: number; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ClaimedBatch | null> {
    const manager = sharedContext.manager as any
    // A statement's parts read the rows as they were before it, hence `first_claim` (read before
    // the claim sets skip_checked) and "NOT IN skipped" for the recipients it skips itself.
    const rows = (await manager.execute(
      `WITH next AS (
         SELECT "id", NOT "skip_checked" AS "first_claim" FROM "newsletter_batch"
         WHERE "newsletter_id" = ? AND "deleted_at" IS NULL
           AND ("status" = 'pending' OR ("status" = 'sending' AND "lease_until" < now()))
           AND ("next_attempt_at" IS NULL OR "next_attempt_at" <= now())
           -- Another process may have stopped or cancelled the article since this one listed it.
           AND EXISTS (SELECT 1 FROM "newsletter" n WHERE n."id" = ? AND n."status" = 'sending'
                                                      AND n."deleted_at" IS NULL)
         ORDER BY "seq" LIMIT 1 FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE "newsletter_batch" b
         SET "status" = 'sending', "attempts" = b."attempts" + 1, "worker_id" = ?,
             "lease_until" = now() + make_interval(secs => ?), "skip_checked" = true, "updated_at" = now()
         FROM next
         WHERE b."id" = next."id"
         RETURNING b."id", b."newsletter_id", b."seq", b."attempts", b."first_position", b."last_position",
                   next."first_claim"),
       skipped AS (
         UPDATE "newsletter_recipient" r
         SET "status" = 'skipped', "attempted_at" = ?, "updated_at" = now(),
             "error_reason" = COALESCE((SELECT s."status" FROM "newsletter_subscription" s
                                        WHERE s."email" = r."email" AND s."deleted_at" IS NULL),
                                       'unsubscribed') || ' after the reservation'
         FROM claimed c
         WHERE c."first_claim" AND r."newsletter_id" = c."newsletter_id"
           AND r."position" BETWEEN c."first_position" AND c."last_position"
           AND r."status" = 'pending' AND r."deleted_at" IS NULL
           AND NOT EXISTS (SELECT 1 FROM "newsletter_subscription" s
                           WHERE s."email" = r."email" AND s."status" = 'subscribed'
                             AND s."deleted_at" IS NULL)
         RETURNING r."id"),
       counted AS (
         -- Touches the article's row (which every lane updates) only when someone opted out.
         UPDATE "newsletter"
         SET "skipped_count" = "skipped_count" + (SELECT count(*) FROM skipped),
             "unsent_count" = "unsent_count" - (SELECT count(*) FROM skipped)
         WHERE "id" = ? AND EXISTS (SELECT 1 FROM skipped))
       SELECT c."id" AS "batch_id", c."newsletter_id", c."seq", c."attempts", c."first_position",
              c."last_position", r."id", r."position", r."customer_id", r."email", r."first_name",
              r."last_name"
       FROM claimed c
       LEFT JOIN "newsletter_recipient" r
         ON r."newsletter_id" = c."newsletter_id"
        AND r."position" BETWEEN c."first_position" AND c."last_position"
        AND r."status" = 'pending' AND r."deleted_at" IS NULL
        AND r."id" NOT IN (SELECT "id" FROM skipped)
       ORDER BY r."position"`,
      [input.newsletterId, input.newsletterId, input.workerId, input.leaseSeconds, input.now, input.newsletterId]
    )) as Array<{
      batch_id: string
      newsletter_id: string
      seq: number
      attempts: number
      first_position: number
      last_position: number
    } & Partial<ClaimedBatch["recipients"][number]>>
    if (!rows.length) {
      return null
    }
    const [first] = rows
    return {
      batch: {
        id: first.batch_id,
        newsletter_id: first.newsletter_id,
        seq: first.seq,
        attempts: first.attempts,
        first_position: first.first_position,
        last_position: first.last_position,
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
  }

  /**
   * Records a sent batch: every recipient's outcome, the article's counters in the same statement
   * (total = succeeded + failed + unsent + skipped holds at every moment),
   * and the batch as done. Only recipients still pending are written, so recording the same
   * answer twice (a worker that lost its lease and a successor) counts nothing twice. ONE
   * self-committing statement, so the article's row is locked only while it runs.
   */
  @InjectManager()
  async recordNewsletterBatch(
    input: { batchId: string; newsletterId: string; now: Date; results: BatchResultRow[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ sent: number; failed: number; succeeded_count: number; failed_count: number }> {
    const manager = sharedContext.manager as any
    const [counts] = (await manager.execute(
      `WITH v AS (
         SELECT * FROM jsonb_to_recordset(?::jsonb)
           AS x("recipient_id" text, "status" text, "provider_message_id" text,
                "error_type" text, "error_reason" text)),
       written AS (
         UPDATE "newsletter_recipient" r
         SET "status" = v."status", "provider_message_id" = v."provider_message_id",
             "error_type" = v."error_type", "error_reason" = v."error_reason",
             "attempted_at" = ?, "updated_at" = now()
         FROM v
         WHERE r."id" = v."recipient_id" AND r."newsletter_id" = ? AND r."status" = 'pending'
         RETURNING r."status"),
       counted AS (
         SELECT count(*) FILTER (WHERE "status" = 'sent')::int AS sent,
                count(*) FILTER (WHERE "status" = 'failed')::int AS failed
         FROM written),
       article AS (
         UPDATE "newsletter" n
         SET "succeeded_count" = n."succeeded_count" + c.sent,
             "awaiting_count" = n."awaiting_count" + c.sent,
             "failed_count" = n."failed_count" + c.failed,
             "unsent_count" = n."unsent_count" - c.sent - c.failed,
             "status_reason" = NULL, "updated_at" = now()
         FROM counted c
         WHERE n."id" = ?
         RETURNING n."succeeded_count", n."failed_count"),
       done AS (
         UPDATE "newsletter_batch"
         SET "status" = 'done', "lease_until" = NULL, "last_error" = NULL, "updated_at" = now()
         WHERE "id" = ?)
       SELECT c.sent, c.failed, a."succeeded_count", a."failed_count" FROM counted c, article a`,
      [
        JSON.stringify(input.results),
        input.now,
        input.newsletterId,
        input.newsletterId,
        input.batchId,
      ]
    )) as Array<{ sent: number; failed: number; succeeded_count: number; failed_count: number }>
    return counts
  }

  /**
   * Gives a claimed batch back after a failure that a later attempt may overcome; `retryAt`
   * delays that attempt (backoff). `articleReason`, when given, is shown on the article (e.g. a
   * quota pause) until a batch succeeds again.
   */
  @InjectTransactionManager()
  async releaseNewsletterBatch(
    input: { batchId: string; error: string; retryAt?: Date | null; articleReason?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const manager = sharedContext.transactionManager as any
    const [batch] = (await manager.execute(
      `UPDATE "newsletter_batch"
       SET "status" = 'pending', "lease_until" = NULL, "worker_id" = NULL, "last_error" = ?,
           "next_attempt_at" = ?, "updated_at" = now()
       WHERE "id" = ? RETURNING "newsletter_id"`,
      [input.error, input.retryAt ?? null, input.batchId]
    )) as Array<{ newsletter_id: string }>
    if (batch && input.articleReason) {
      await manager.execute(
        `UPDATE "newsletter" SET "status_reason" = ?, "updated_at" = now()
         WHERE "id" = ? AND "status" = 'sending'`,
        [input.articleReason, batch.newsletter_id]
      )
    }
  }

  /**
   * Ends the sending of an article once every batch is done: `sent` (配信済) when at least one
   * mail was handed over, `failed` (配信失敗, S11) when everybody had opted out by send time.
   * Returns the new status, or null while batches remain.
   */
  @InjectTransactionManager()
  async finishNewsletterIfComplete(
    input: { newsletterId: string; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<NewsletterStatus | null> {
    const manager = sharedContext.transactionManager as any
    const [row] = (await manager.execute(
      `UPDATE "newsletter"
       SET "status" = CASE WHEN "succeeded_count" + "failed_count" = 0 THEN 'failed' ELSE 'sent' END,
           "status_reason" = CASE WHEN "succeeded_count" + "failed_count" = 0
             THEN 'Nobody was left to send to: every recipient unsubscribed or was cleaned after the reservation'
             ELSE NULL END,
           "finished_at" = ?, "updated_at" = now()
       WHERE "id" = ? AND "status" = 'sending'
         AND NOT EXISTS (SELECT 1 FROM "newsletter_batch" b
                         WHERE b."newsletter_id" = ? AND b."status" <> 'done' AND b."deleted_at" IS NULL)
       RETURNING "status"`,
      [input.now, input.newsletterId, input.newsletterId]
    )) as Array<{ status: NewsletterStatus }>
    return row?.status ?? null
  }

  /**
   * Applies a group of Resend's delivery reports (one or many) in ONE statement, whatever the
   * group's size: it locks the recipients (in id order, so processes applying groups at once never
   * deadlock) and the transient-error streaks the reports may change, records the event ids (the
   * same event delivered twice changes nothing the second time), writes each recipient, ONE
   * counter update per article and the streaks, and reads the articles' figures back. Reports in
   * any order end in the same state (a bounce is final; a late "delivered" never turns it back into
   * a success). Only the first report of each address is applied; the others come back `deferred`
   * and untouched, for the caller to apply next, so every count is computed from the locked rows
   * exactly. Returns one outcome per report (see DeliveryEventOutcome).
   */
  @InjectManager()
  async applyDeliveryEvents<T extends DeliveryEventInput | DeliveryEventInput[]>(
    input: T,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<T extends DeliveryEventInput[] ? DeliveryEventOutcome[] : DeliveryEventOutcome> {
    type Result = T extends DeliveryEventInput[] ? DeliveryEventOutcome[] : DeliveryEventOutcome
    const events = Array.isArray(input) ? input : [input]
    const manager = sharedContext.manager as any
    // One statement, so one round trip and atomic without an explicit transaction. Every value
    // the changes are computed from comes from a locking read, which returns the latest version.
    const rows = (await manager.execute(
      `WITH ev AS (
         SELECT * FROM jsonb_to_recordset(?::jsonb)
           AS x("i" int, "event_id" text, "type" text, "kind" text, "error_type" text, "reason" text,
                "email_id" text, "recipient_id" text, "occurred_at" timestamptz, "now" timestamptz)),
       locked AS (
         SELECT r."id", r."newsletter_id", r."customer_id", r."email", r."status", r."provider_message_id",
                r."delivered_at", r."delivery_delayed_at", r."bounced_at", r."opened_at", r."clicked_at",
                r."complained_at"
         FROM "newsletter_recipient" r
         WHERE r."deleted_at" IS NULL
           AND (r."provider_message_id" = ANY (ARRAY(SELECT "email_id" FROM ev WHERE "email_id" IS NOT NULL))
                OR (r."provider_message_id" IS NULL
                    AND r."id" = ANY (ARRAY(SELECT "recipient_id" FROM ev WHERE "recipient_id" IS NOT NULL))))
         ORDER BY r."id"
         FOR UPDATE),
       matched AS (
         SELECT ev.*, m.*, row_number() OVER (PARTITION BY m."r_email" ORDER BY ev."i") AS "nth",
                row_number() OVER (PARTITION BY ev."event_id" ORDER BY ev."i") AS "nth_event"
         FROM ev LEFT JOIN LATERAL (
           SELECT l."id" AS "rid", l."newsletter_id", l."customer_id", l."email" AS "r_email",
                  l."status" AS "r_status", l."delivered_at" AS "r_delivered_at",
                  l."delivery_delayed_at" AS "r_delivery_delayed_at", l."bounced_at" AS "r_bounced_at",
                  l."opened_at" AS "r_opened_at", l."clicked_at" AS "r_clicked_at",
                  l."complained_at" AS "r_complained_at"
           FROM locked l
           WHERE l."provider_message_id" = ev."email_id"
              OR (l."provider_message_id" IS NULL AND l."id" = ev."recipient_id")
           ORDER BY l."provider_message_id" IS NULL
           LIMIT 1) m ON true),
       -- The reports applied now: the first of each address (and of each event id), its mail
       -- recorded as sent.
       candidates AS (
         SELECT * FROM matched
         WHERE "rid" IS NOT NULL AND "nth" = 1 AND "nth_event" = 1 AND "r_status" <> 'pending'),
       recorded AS (
         INSERT INTO "newsletter_webhook_event" ("id", "event_id", "type", "created_at", "updated_at")
         SELECT 'nlwhe_' || replace(gen_random_uuid()::text, '-', ''), "event_id", "type", now(), now()
         FROM candidates
         ON CONFLICT ("event_id") WHERE "deleted_at" IS NULL DO NOTHING
         RETURNING "event_id"),
       -- The streaks the reports may change: every one an error counts on, and those above zero
       -- that a delivery resets (rows at zero stay unlocked: a delivery changes nothing there).
       streaks AS (
         SELECT s."email", s."transient_error_count"
         FROM "newsletter_subscription" s
         WHERE s."deleted_at" IS NULL
           AND s."email" = ANY (ARRAY(SELECT "r_email" FROM candidates WHERE "kind" IN ('error', 'delivered')))
           AND (s."transient_error_count" > 0
                OR s."email" = ANY (ARRAY(SELECT "r_email" FROM candidates WHERE "kind" = 'error')))
         ORDER BY s."email"
         FOR UPDATE),
       changes AS (
         SELECT c.*,
                c."r_status" = 'sent' AS "sent",
                c."kind" = 'error' AND c."r_status" = 'sent' AS "became_error",
                c."kind" = 'error'
                  AND COALESCE(c."error_type", '') <> ALL (ARRAY(SELECT jsonb_array_elements_text(?::jsonb)))
                  AS "transient",
                c."kind" = 'delivered' AND c."r_delivered_at" IS NULL AS "first_delivered",
                c."kind" = 'opened' AND c."r_opened_at" IS NULL AS "first_opened",
                c."kind" = 'clicked' AND c."r_clicked_at" IS NULL AS "first_clicked",
                c."kind" = 'complained' AND c."r_complained_at" IS NULL AS "first_complained",
                s."email" IS NOT NULL AS "has_streak"
         FROM candidates c
         JOIN recorded USING ("event_id")
         LEFT JOIN streaks s ON s."email" = c."r_email"),
       -- A report's timestamp is kept the first time only; an error moves a sent recipient to failed.
       recipients AS (
         UPDATE "newsletter_recipient" r
         SET "status" = CASE WHEN c."became_error" THEN 'failed' ELSE r."status" END,
             "error_type" = CASE WHEN c."became_error" THEN c."error_type" ELSE r."error_type" END,
             "error_reason" = CASE WHEN c."became_error" THEN c."reason" ELSE r."error_reason" END,
             "delivered_at" = COALESCE(r."delivered_at", CASE WHEN c."kind" = 'delivered' THEN c."occurred_at" END),
             "delivery_delayed_at" = COALESCE(r."delivery_delayed_at",
                                              CASE WHEN c."kind" = 'delivery_delayed' THEN c."occurred_at" END),
             "bounced_at" = COALESCE(r."bounced_at",
                                     CASE WHEN c."kind" = 'error' AND NOT c."transient" THEN c."occurred_at" END),
             "opened_at" = COALESCE(r."opened_at", CASE WHEN c."kind" = 'opened' THEN c."occurred_at" END),
             "clicked_at" = COALESCE(r."clicked_at", CASE WHEN c."kind" = 'clicked' THEN c."occurred_at" END),
             "complained_at" = COALESCE(r."complained_at", CASE WHEN c."kind" = 'complained' THEN c."occurred_at" END),
             "updated_at" = now()
         FROM changes c
         WHERE r."id" = c."rid"),
       -- A delivery resets the address's streak; any other error than a permanent bounce or a
       -- suppression adds one.
       counted_streaks AS (
         UPDATE "newsletter_subscription" s
         SET "transient_error_count" = CASE WHEN c."kind" = 'delivered' THEN 0 ELSE s."transient_error_count" + 1 END
         FROM changes c
         WHERE s."email" = c."r_email" AND s."deleted_at" IS NULL AND c."has_streak"
           AND (c."kind" = 'delivered' OR c."transient")
         RETURNING s."email", s."transient_error_count"),
       deltas AS (
         SELECT "newsletter_id" AS "id",
                -count(*) FILTER (WHERE "became_error") AS "succeeded",
                count(*) FILTER (WHERE "became_error") AS "failed",
                -count(*) FILTER (WHERE ("first_delivered" AND "sent") OR ("became_error" AND "r_delivered_at" IS NULL)) AS "awaiting",
                count(*) FILTER (WHERE "first_delivered" AND "sent")
                  - count(*) FILTER (WHERE "became_error" AND "r_delivered_at" IS NOT NULL) AS "delivered",
                count(*) FILTER (WHERE "first_opened") AS "opened",
                count(*) FILTER (WHERE "first_clicked") AS "clicked",
                count(*) FILTER (WHERE "first_complained") AS "complained",
                -- A result was counted (anything but a delay): the article's counted_at if still empty.
                min("now") FILTER (WHERE "kind" <> 'delivery_delayed') AS "counted_at"
         FROM changes
         GROUP BY "newsletter_id"
         ORDER BY "newsletter_id"),
       articles AS (
         UPDATE "newsletter" n
         SET "succeeded_count" = n."succeeded_count" + d."succeeded",
             "failed_count" = n."failed_count" + d."failed",
             "awaiting_count" = n."awaiting_count" + d."awaiting",
             "delivered_count" = n."delivered_count" + d."delivered",
             "opened_count" = n."opened_count" + d."opened",
             "clicked_count" = n."clicked_count" + d."clicked",
             "complained_count" = n."complained_count" + d."complained",
             "counted_at" = COALESCE(n."counted_at", d."counted_at"),
             "updated_at" = now()
         FROM deltas d
         WHERE n."id" = d."id"
         RETURNING n."id", n."status", n."succeeded_count", n."failed_count", n."unsent_count",
                   n."awaiting_count", n."counted_at", n."finished_at")
       SELECT CASE WHEN m."rid" IS NULL THEN 'unknown'
                   WHEN m."nth" > 1 OR m."nth_event" > 1 THEN 'deferred'
                   WHEN m."r_status" = 'pending' THEN 'not_recorded'
                   WHEN c."i" IS NULL THEN 'duplicate'
                   ELSE 'applied' END AS "outcome",
              m."newsletter_id", m."rid" AS "recipient_id", m."r_email" AS "email", m."customer_id",
              COALESCE(c."became_error", false) AS "became_error",
              CASE WHEN c."transient" THEN COALESCE(st."transient_error_count", 0) END AS "transient_error_streak",
              to_jsonb(a) AS "article"
       FROM matched m
       LEFT JOIN changes c ON c."i" = m."i"
       LEFT JOIN counted_streaks st ON st."email" = c."r_email"
       LEFT JOIN articles a ON a."id" = c."newsletter_id"
       ORDER BY m."i"`,
      [
        JSON.stringify(
          events.map((e, i) => ({
            i,
            event_id: e.eventId,
            type: e.type,
            kind: e.kind,
            error_type: e.errorType ?? null,
            reason: e.reason ?? null,
            email_id: e.emailId ?? null,
            recipient_id: e.recipientId ?? null,
            occurred_at: e.occurredAt,
            now: e.now,
          }))
        ),
        JSON.stringify(CLEANING_ERROR_TYPES),
      ]
    )) as Array<Record<string, unknown> & { outcome: DeliveryEventOutcome["outcome"] }>

    const outcomes = rows.map((row): DeliveryEventOutcome => {
      const { outcome, newsletter_id, recipient_id, email, customer_id } = row as any
      switch (outcome) {
        case "unknown":
        case "deferred":
          return { outcome }
        case "not_recorded":
        case "duplicate":
          return { outcome, newsletter_id, recipient_id, email, customer_id }
        default:
          return {
            outcome: "applied",
            newsletter_id,
            recipient_id,
            email,
            customer_id,
            became_error: row.became_error as boolean,
            transient_error_streak: row.transient_error_streak as number | null,
            article: row.article as ArticleFigures,
          }
      }
    })
    return (Array.isArray(input) ? outcomes : outcomes[0]) as Result
  }

  /** Articles that are sent or being aggregated, with what the aggregation rule needs. */
  @InjectManager()
  async listNewslettersToAggregate(
    input: { ids?: string[] } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Array<AggregationFigures & { id: string }>> {
    const manager = sharedContext.manager as any
    return await manager.execute(
      `SELECT "id", "status", "unsent_count", "awaiting_count", "counted_at", "finished_at"
       FROM "newsletter"
       WHERE "status" IN ('sent', 'aggregating') AND "deleted_at" IS NULL
         AND (?::jsonb IS NULL OR "id" IN (SELECT jsonb_array_elements_text(?::jsonb)))`,
      [input.ids ? JSON.stringify(input.ids) : null, input.ids ? JSON.stringify(input.ids) : null]
    )
  }

  /**
   * Reserves the next request slot of the shared schedule `name`, spacing requests `intervalMs`
   * apart across every process (one UPDATE, outside any transaction so the row is never held).
   * Returns how many milliseconds to wait before sending.
   */
  @InjectManager()
  async reserveSendSlot(
    input: { name: string; intervalMs: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    const manager = sharedContext.manager as any
    const [row] = (await manager.execute(
      `INSERT INTO "newsletter_send_slot" ("id", "name", "next_at", "created_at", "updated_at")
       VALUES ('nlslot_' || replace(gen_random_uuid()::text, '-', ''), ?,
               clock_timestamp() + make_interval(secs => ? / 1000.0), now(), now())
       ON CONFLICT ("name") WHERE "deleted_at" IS NULL DO UPDATE
       SET "next_at" = greatest("newsletter_send_slot"."next_at", clock_timestamp())
                       + make_interval(secs => ? / 1000.0)
       RETURNING extract(epoch FROM ("next_at" - clock_timestamp())) * 1000 - ? AS wait_ms`,
      [input.name, input.intervalMs, input.intervalMs, input.intervalMs]
    )) as Array<{ wait_ms: string | number }>
    return Math.max(0, Math.ceil(Number(row.wait_ms)))
  }
}

export type ClaimedBatch = {
  batch: {
    id: string
    newsletter_id: string
    seq: number
    attempts: number
    first_position: number
    last_position: number
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

// The delivery-report types live with the webhook code (src/lib/webhooks); re-exported for the module's callers.
export type { DeliveryEventInput, DeliveryEventOutcome } from "../../lib/webhooks/types"

export type BatchResultRow = {
  recipient_id: string
  status: "sent" | "failed"
  provider_message_id?: string | null
  error_type?: string | null
  error_reason?: string | null
}

function serialize(value: unknown) {
  return value !== null && typeof value === "object" && !(value instanceof Date)
    ? JSON.stringify(value)
    : value
}

export default NewsletterModuleService
