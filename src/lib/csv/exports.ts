import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { normalizedEmailSql } from "../../modules/newsletter/utils/email"
import type { AudienceFilter } from "../audience/schema"
import { audienceSql, type SqlQuery } from "../audience/sql"
import type { CsvColumn } from "./write"

const columns = (names: string[]): CsvColumn[] => names.map((n) => ({ label: n, value: n }))

// Times as the store owner reads them: in the store's time zone, a form Excel takes as a date.
const localTime = (expr: string) => `to_char(${expr} AT TIME ZONE z."tz", 'YYYY-MM-DD HH24:MI:SS')`

/**
 * Columns of `GET /admin/newsletters/:id/recipients/export` (配信対象リスト, S7), in this order.
 * Before the reservation the delivery columns are empty.
 */
export const RECIPIENT_CSV_COLUMNS = columns([
  "position",
  "customer_id",
  "email",
  "last_name",
  "first_name",
  "status",
  "error_type",
  "error_reason",
  "provider_message_id",
  "reserved_at",
  "attempted_at",
  "delivered_at",
  "delivery_delayed_at",
  "bounced_at",
  "opened_at",
  "clicked_at",
  "complained_at",
])

const DELIVERY_TIMES = [
  "attempted_at",
  "delivered_at",
  "delivery_delayed_at",
  "bounced_at",
  "opened_at",
  "clicked_at",
  "complained_at",
]

/**
 * The recipients of an article as stored at its reservation (S8), with each one's delivery
 * state, error and times, in snapshot order.
 */
export function snapshotExportSql(newsletterId: string, timezone: string): SqlQuery {
  return {
    sql: `SELECT r."position", r."customer_id", r."email", r."last_name", r."first_name",
             r."status", r."error_type", r."error_reason", r."provider_message_id",
             ${localTime(`r."created_at"`)} AS "reserved_at",
             ${DELIVERY_TIMES.map((c) => `${localTime(`r."${c}"`)} AS "${c}"`).join(",\n             ")}
      FROM "newsletter_recipient" r
      CROSS JOIN (SELECT ?::text AS "tz") z
      WHERE r."newsletter_id" = ? AND r."deleted_at" IS NULL
      ORDER BY r."position"`,
    bindings: [timezone, newsletterId],
  }
}

/**
 * The recipients a not-yet-reserved article's audience selects right now, numbered in the order
 * a reservation would give them (by email); the delivery columns are empty.
 */
export function liveAudienceExportSql(audience: AudienceFilter): SqlQuery {
  const selected = audienceSql(audience)
  return {
    sql: `SELECT row_number() OVER (ORDER BY t."email")::int AS "position",
             t."customer_id", t."email", t."last_name", t."first_name",
             ${RECIPIENT_CSV_COLUMNS.slice(5)
               .map((c) => `NULL AS "${c.value}"`)
               .join(", ")}
      FROM (${selected.sql}) t
      ORDER BY t."email"`,
    bindings: selected.bindings,
  }
}

/**
 * Columns of `GET /admin/newsletter-subscriptions/export` (メルマガ購読状況, S17), in this order.
 * `cleaning_flag` is the manual's クリーニングフラグ: 1 for a cleaned address, else 0.
 */
export const SUBSCRIPTION_CSV_COLUMNS = columns([
  "email",
  "customer_id",
  "has_account",
  "last_name",
  "first_name",
  "subscription_status",
  "cleaning_flag",
  "consented_at",
  "last_changed_at",
  "last_change_source",
])

/**
 * One row per normalized email, for every customer and every address with a subscription record
 * (an imported subscriber need not be a customer yet): the person's main customer record
 * (registered first), the subscription status (`unsubscribed` when the address never opted in),
 * the cleaning flag, when consent was given for a subscribed address, and the time and source of
 * the last change. In email order.
 */
export function subscriptionExportSql(timezone: string): SqlQuery {
  const email = normalizedEmailSql("c.email")
  return {
    sql: `WITH "person" AS (
        SELECT DISTINCT ON (e."email") e."email", c."id" AS "customer_id", c."has_account",
               c."first_name", c."last_name"
        FROM "customer" c
        CROSS JOIN LATERAL (SELECT ${email} AS "email") e
        WHERE c."deleted_at" IS NULL AND c."email" IS NOT NULL
        ORDER BY e."email", c."has_account" DESC, c."updated_at" DESC, c."id"
      ),
      "last_change" AS (
        SELECT DISTINCT ON (ev."subscription_id") ev."subscription_id", ev."created_at", ev."source"
        FROM "newsletter_subscription_event" ev
        WHERE ev."deleted_at" IS NULL
        ORDER BY ev."subscription_id", ev."created_at" DESC, ev."id" DESC
      ),
      "consent" AS (
        SELECT DISTINCT ON (ev."subscription_id") ev."subscription_id",
               COALESCE(ev."consented_at", ev."created_at") AS "at"
        FROM "newsletter_subscription_event" ev
        WHERE ev."deleted_at" IS NULL AND ev."to_status" = 'subscribed'
        ORDER BY ev."subscription_id", ev."created_at" DESC, ev."id" DESC
      )
      SELECT COALESCE(p."email", s."email") AS "email", p."customer_id",
             CASE WHEN p."customer_id" IS NULL THEN NULL WHEN p."has_account" THEN 1 ELSE 0 END
               AS "has_account",
             p."last_name", p."first_name",
             COALESCE(s."status", 'unsubscribed') AS "subscription_status",
             CASE WHEN s."status" = 'cleaned' THEN 1 ELSE 0 END AS "cleaning_flag",
             CASE WHEN s."status" = 'subscribed' THEN ${localTime(`k."at"`)} END AS "consented_at",
             ${localTime(`COALESCE(lc."created_at", s."updated_at")`)} AS "last_changed_at",
             lc."source" AS "last_change_source"
      FROM "person" p
      FULL OUTER JOIN (SELECT * FROM "newsletter_subscription" WHERE "deleted_at" IS NULL) s
        ON s."email" = p."email"
      LEFT JOIN "last_change" lc ON lc."subscription_id" = s."id"
      LEFT JOIN "consent" k ON k."subscription_id" = s."id"
      CROSS JOIN (SELECT ?::text AS "tz") z
      ORDER BY 1`,
    bindings: [timezone],
  }
}

/** The article's status and audience, or undefined when there is no such article. */
export async function findArticleForExport(
  knex: Knex,
  id: string
): Promise<{ status: string; audience: unknown } | undefined> {
  return knex("newsletter").where({ id }).whereNull("deleted_at").first("status", "audience")
}
