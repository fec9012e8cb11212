import {
  ArticleFigures,
  CLEANING_ERROR_TYPES,
  DeliveryEventInput,
  DeliveryEventOutcome,
} from "../../../lib/webhooks/types"
import { NewsletterDeliveryEffectKind, NewsletterLinkKind, NewsletterRecipientStatus } from "../types"
import { deliveryEffectChange, DeliveryEffectFacts } from "../utils/delivery-effect-rules"
import { sqlNewId } from "../utils/ids"
import { changeSubscription, SubscriptionChangeResult } from "./subscription"
import type { SqlManager } from "./types"

/**
 * Applies a group of Resend's delivery reports (one or many) in ONE statement, whatever the
 * group's size: it locks the recipients (in id order, so processes applying groups at once never
 * deadlock) and the transient-error streaks the reports may change, records the event ids (the
 * same event delivered twice changes nothing the second time), writes each recipient, ONE
 * counter update per article and the streaks, stores the effect each report owes the customer's
 * subscription (transactional outbox: the report and its effect commit together or not at all)
 * and the link each click report names (newsletter_link_click), and reads the articles' figures
 * back. Reports in any order end in the same state (a bounce is final; a late "delivered" never
 * turns it back into a success). Only the first report of each address is applied; the others
 * come back `deferred` and untouched, for the caller to apply next, so every count is computed
 * from the locked rows exactly. Returns one outcome per report.
 */
export async function applyDeliveryEvents(
  manager: SqlManager,
  events: DeliveryEventInput[]
): Promise<DeliveryEventOutcome[]> {
  const { PENDING, SENT, FAILED } = NewsletterRecipientStatus
  const { UNSUBSCRIBE, CLEAN, STREAK } = NewsletterDeliveryEffectKind
  // One statement, so one round trip and atomic without an explicit transaction. Every value
  // the changes are computed from comes from a locking read, which returns the latest version.
  const rows = (await manager.execute(
    `WITH ev AS (
       SELECT * FROM jsonb_to_recordset(?::jsonb)
         AS x("i" int, "event_id" text, "type" text, "kind" text, "error_type" text, "reason" text,
              "email_id" text, "recipient_id" text, "link_url" text, "link_kind" text,
              "occurred_at" timestamptz, "now" timestamptz)),
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
                l."status" AS "r_status", l."provider_message_id" AS "r_provider_message_id",
                l."delivered_at" AS "r_delivered_at",
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
       WHERE "rid" IS NOT NULL AND "nth" = 1 AND "nth_event" = 1 AND "r_status" <> ?),
     recorded AS (
       INSERT INTO "newsletter_webhook_event" ("id", "event_id", "type", "created_at", "updated_at")
       -- Stamped with the report's clock reading: the purge counts the retention on that clock.
       SELECT ${sqlNewId("newsletter_webhook_event")}, "event_id", "type", "now", "now"
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
              c."r_status" = ? AS "sent",
              c."kind" = 'error' AND c."r_status" = ? AS "became_error",
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
       SET "status" = CASE WHEN c."became_error" THEN ? ELSE r."status" END,
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
     -- What each report owes the customer (S16), committed with the report: a complaint
     -- unsubscribes, a permanent bounce or a suppression cleans, a transient error of a subscribed
     -- address brings its streak to judge. Applied afterwards (applyDeliveryEffect), never lost.
     effects AS (
       INSERT INTO "newsletter_delivery_effect"
         ("id", "event_id", "kind", "email", "customer_id", "newsletter_id", "error_type", "reason",
          "streak", "attempts", "created_at", "updated_at")
       SELECT ${sqlNewId("newsletter_delivery_effect")}, c."event_id",
              CASE WHEN c."kind" = 'complained' THEN ? WHEN c."transient" THEN ? ELSE ? END,
              c."r_email", c."customer_id", c."newsletter_id", c."error_type", c."reason",
              CASE WHEN c."transient" THEN st."transient_error_count" END, 0, c."now", c."now"
       FROM changes c
       LEFT JOIN counted_streaks st ON st."email" = c."r_email"
       WHERE c."kind" = 'complained' OR (c."kind" = 'error' AND (NOT c."transient" OR st."email" IS NOT NULL))
       RETURNING "id", "event_id"),
     -- The link a click report names, one row per recipient and link (a group holds one report
     -- per address, so no row is written twice here): a repeated click counts on it, its first and
     -- last click times hold whatever order the reports come in.
     link_clicks AS (
       INSERT INTO "newsletter_link_click" AS lc
         ("id", "newsletter_id", "recipient_id", "url", "kind", "first_clicked_at", "last_clicked_at",
          "clicks", "created_at", "updated_at")
       SELECT ${sqlNewId("newsletter_link_click")}, c."newsletter_id", c."rid", c."link_url", c."link_kind",
              c."occurred_at", c."occurred_at", 1, c."now", c."now"
       FROM changes c
       WHERE c."kind" = 'clicked' AND c."link_url" IS NOT NULL
       ON CONFLICT ("recipient_id", "url") WHERE "deleted_at" IS NULL DO UPDATE
       SET "clicks" = lc."clicks" + 1,
           "first_clicked_at" = LEAST(lc."first_clicked_at", EXCLUDED."first_clicked_at"),
           "last_clicked_at" = GREATEST(lc."last_clicked_at", EXCLUDED."last_clicked_at"),
           "updated_at" = EXCLUDED."updated_at"),
     deltas AS (
       SELECT "newsletter_id" AS "id",
              -count(*) FILTER (WHERE "became_error") AS "succeeded",
              count(*) FILTER (WHERE "became_error") AS "failed",
              -- An unconfirmed mail (sent, provider id unknown) that bounced is no longer one.
              -count(*) FILTER (WHERE "became_error" AND "r_provider_message_id" IS NULL) AS "unconfirmed",
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
           "unconfirmed_count" = n."unconfirmed_count" + d."unconfirmed",
           "awaiting_count" = n."awaiting_count" + d."awaiting",
           "delivered_count" = n."delivered_count" + d."delivered",
           "opened_count" = n."opened_count" + d."opened",
           "clicked_count" = n."clicked_count" + d."clicked",
           "complained_count" = n."complained_count" + d."complained",
           "counted_at" = COALESCE(n."counted_at", d."counted_at"),
           "updated_at" = now()
       FROM deltas d
       WHERE n."id" = d."id"
       RETURNING n."id", n."status", n."succeeded_count", n."failed_count", n."unconfirmed_count",
                 n."unsent_count", n."awaiting_count", n."counted_at", n."finished_at")
     SELECT CASE WHEN m."rid" IS NULL THEN 'unknown'
                 WHEN m."nth" > 1 OR m."nth_event" > 1 THEN 'deferred'
                 WHEN m."r_status" = ? THEN 'not_recorded'
                 WHEN c."i" IS NULL THEN 'duplicate'
                 ELSE 'applied' END AS "outcome",
            m."newsletter_id", m."rid" AS "recipient_id", m."r_email" AS "email", m."customer_id",
            COALESCE(c."became_error", false) AS "became_error",
            CASE WHEN c."transient" THEN COALESCE(st."transient_error_count", 0) END AS "transient_error_streak",
            ef."id" AS "effect_id",
            to_jsonb(a) AS "article"
     FROM matched m
     LEFT JOIN changes c ON c."i" = m."i"
     LEFT JOIN counted_streaks st ON st."email" = c."r_email"
     LEFT JOIN effects ef ON ef."event_id" = c."event_id"
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
          link_url: e.link?.url ?? null,
          link_kind: e.link?.kind ?? null,
          occurred_at: e.occurredAt,
          now: e.now,
        }))
      ),
      // candidates: the mail is recorded
      PENDING,
      // changes: sent, became_error, the error types that are not transient
      SENT,
      SENT,
      JSON.stringify(CLEANING_ERROR_TYPES),
      // recipients: an error moves a sent recipient to failed
      FAILED,
      // effects: complaint, transient error, cleaning error
      UNSUBSCRIBE,
      STREAK,
      CLEAN,
      // outcome: not recorded yet
      PENDING,
    ]
  )) as Array<Record<string, any> & { outcome: DeliveryEventOutcome["outcome"] }>

  return rows.map((row): DeliveryEventOutcome => {
    const { outcome, newsletter_id, recipient_id, email, customer_id } = row
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
          effect_id: (row.effect_id as string | null) ?? null,
          article: row.article as ArticleFigures,
        }
    }
  })
}

/** One link of an article's mails with its clicks (the article's link list). */
export type NewsletterLinkRow = {
  url: string
  kind: NewsletterLinkKind
  /** Recipients who clicked it. */
  unique_clicks: number
  /** Click reports, repeated clicks included. */
  clicks: number
  first_clicked_at: Date
  last_clicked_at: Date
}

// json_agg writes the times as text.
type WithTimesAsText<T> = Omit<T, "first_clicked_at" | "last_clicked_at"> & {
  first_clicked_at: string
  last_clicked_at: string
}

/**
 * The links clicked in an article's mails, most recipients first (then most clicks, then by url),
 * a page of them (`limit`, `offset`), and how many links there are, in one statement.
 */
export async function listNewsletterLinks(
  manager: SqlManager,
  input: { newsletter_id: string; limit: number; offset: number }
): Promise<{ links: NewsletterLinkRow[]; count: number }> {
  const [row] = (await manager.execute(
    `WITH links AS (
       SELECT "url", min("kind") AS "kind", count(*)::int AS "unique_clicks", sum("clicks")::int AS "clicks",
              min("first_clicked_at") AS "first_clicked_at", max("last_clicked_at") AS "last_clicked_at"
       FROM "newsletter_link_click"
       WHERE "newsletter_id" = ? AND "deleted_at" IS NULL
       GROUP BY "url"),
     page AS (
       SELECT * FROM links
       ORDER BY "unique_clicks" DESC, "clicks" DESC, "url"
       LIMIT ? OFFSET ?)
     SELECT (SELECT count(*) FROM links)::int AS "count",
            COALESCE((SELECT json_agg(p ORDER BY p."unique_clicks" DESC, p."clicks" DESC, p."url") FROM page p),
                     '[]'::json) AS "links"`,
    [input.newsletter_id, input.limit, input.offset]
  )) as Array<{ count: number; links: Array<WithTimesAsText<NewsletterLinkRow>> }>
  return {
    count: row.count,
    links: row.links.map((l) => ({
      ...l,
      first_clicked_at: new Date(l.first_clicked_at),
      last_clicked_at: new Date(l.last_clicked_at),
    })),
  }
}

/** The most effects one call applies (the job's next run takes the rest). */
export const DELIVERY_EFFECTS_PER_CALL = 500

/** A stored delivery effect (newsletter_delivery_effect). */
export type DeliveryEffectRow = DeliveryEffectFacts & {
  id: string
  event_id: string
  email: string
  customer_id: string | null
  newsletter_id: string
  applied_at: Date | null
  attempts: number
  last_error: string | null
}

/** What applying one delivery effect did. */
export type AppliedDeliveryEffect = {
  id: string
  /** Applied now (false: it failed and stays owed, see `error`). */
  applied: boolean
  /** The subscription change it made or found unnecessary; null when it asked for none. */
  subscription: SubscriptionChangeResult | null
  error?: string
}

/**
 * The ids of effects still owed, oldest first: all of them, or those among `ids`; at most `limit`.
 */
export async function listPendingDeliveryEffects(
  manager: SqlManager,
  input: { ids?: string[]; limit: number }
): Promise<string[]> {
  const ids = input.ids ? JSON.stringify(input.ids) : null
  const rows = (await manager.execute(
    `SELECT "id" FROM "newsletter_delivery_effect"
     WHERE "applied_at" IS NULL AND "deleted_at" IS NULL
       AND (?::jsonb IS NULL OR "id" IN (SELECT jsonb_array_elements_text(?::jsonb)))
     ORDER BY "created_at", "id"
     LIMIT ?`,
    [ids, ids, input.limit]
  )) as Array<{ id: string }>
  return rows.map((r) => r.id)
}

/**
 * Applies one owed effect inside the caller's transaction: marks it applied at `now` (one
 * conditional UPDATE that skips an effect another process is applying right now, or applied
 * already) and makes the subscription change it asks for through {@link changeSubscription}. Both
 * commit together or not at all, so an effect is applied exactly once. Returns null when there was
 * nothing to apply.
 */
export async function applyDeliveryEffect(
  manager: SqlManager,
  id: string,
  input: { transientErrorsToClean: number; now: Date }
): Promise<AppliedDeliveryEffect | null> {
  const [effect] = (await manager.execute(
    `UPDATE "newsletter_delivery_effect" e
     SET "applied_at" = ?, "updated_at" = now()
     WHERE e."id" = (SELECT "id" FROM "newsletter_delivery_effect"
                     WHERE "id" = ? AND "applied_at" IS NULL AND "deleted_at" IS NULL
                     FOR UPDATE SKIP LOCKED)
     RETURNING e.*`,
    [input.now, id]
  )) as DeliveryEffectRow[]
  if (!effect) {
    return null
  }
  const change = deliveryEffectChange(effect, input.transientErrorsToClean)
  const subscription = change
    ? await changeSubscription(manager, {
        email: effect.email,
        customer_id: effect.customer_id,
        newsletter_id: effect.newsletter_id,
        ...change,
      })
    : null
  return { id, applied: true, subscription }
}

/** Counts a failed attempt at an effect, which stays owed; keeps the error for the store owner. */
export async function recordDeliveryEffectFailure(
  manager: SqlManager,
  id: string,
  error: string
): Promise<void> {
  await manager.execute(
    `UPDATE "newsletter_delivery_effect"
     SET "attempts" = "attempts" + 1, "last_error" = ?, "updated_at" = now()
     WHERE "id" = ? AND "applied_at" IS NULL`,
    [error, id]
  )
}

/**
 * Deletes, in one statement, at most `limit` webhook-event rows recorded before `before` and at
 * most `limit` effects applied before it, oldest first. Effects still owed are kept whatever their
 * age. Returns how many of each went.
 */
export async function purgeProcessedWebhookEvents(
  manager: SqlManager,
  input: { before: Date; limit: number }
): Promise<{ events: number; effects: number }> {
  const [row] = (await manager.execute(
    `WITH old_events AS (
       SELECT "id" FROM "newsletter_webhook_event"
       WHERE "created_at" < ? AND "deleted_at" IS NULL
       ORDER BY "created_at"
       LIMIT ?),
     purged_events AS (
       DELETE FROM "newsletter_webhook_event" w USING old_events o WHERE w."id" = o."id"
       RETURNING w."id"),
     old_effects AS (
       SELECT "id" FROM "newsletter_delivery_effect"
       WHERE "applied_at" < ? AND "deleted_at" IS NULL
       ORDER BY "applied_at"
       LIMIT ?),
     purged_effects AS (
       DELETE FROM "newsletter_delivery_effect" e USING old_effects o WHERE e."id" = o."id"
       RETURNING e."id")
     SELECT (SELECT count(*) FROM purged_events)::int AS "events",
            (SELECT count(*) FROM purged_effects)::int AS "effects"`,
    [input.before, input.limit, input.before, input.limit]
  )) as Array<{ events: number; effects: number }>
  return row
}
