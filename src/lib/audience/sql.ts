import {
  normalizedEmailSql,
  VALID_EMAIL_SQL_PATTERN,
} from "../../modules/newsletter/utils/email"
import { containsPattern } from "../../api/utils/escape-like"
import type { AudienceFilter } from "./schema"

/** A value bound to a `?` of the SQL text. */
export type SqlBinding = string | number | boolean | null

/** A piece of SQL with its `?` bindings, in the order they appear in the text. */
export type SqlQuery = { sql: string; bindings: SqlBinding[] }

/** One recipient of an audience (the columns {@link audienceSql} selects). */
export type AudienceRecipient = {
  email: string
  customer_id: string
  first_name: string | null
  last_name: string | null
}

// Orders a shop owner counts: placed and not canceled; drafts (is_draft_order, or status draft
// of an unconfirmed order) are quotes, not purchases. Pending, completed, archived and
// requires_action orders all count.
const COUNTED_ORDER = `o."deleted_at" IS NULL AND o."is_draft_order" = false
  AND o."status" NOT IN ('canceled', 'draft')`

// What the order module stores as an order's total after edits and returns, at its latest
// version (order_summary.totals.current_order_total; the raw value keeps full precision).
const orderTotal = (orderId: string) => `(SELECT
     COALESCE((s."totals" -> 'raw_current_order_total' ->> 'value')::numeric,
              (s."totals" ->> 'current_order_total')::numeric)
   FROM "order_summary" s
   WHERE s."order_id" = ${orderId} AND s."deleted_at" IS NULL
   ORDER BY s."version" DESC LIMIT 1)`

const placeholders = (values: readonly unknown[]) => values.map(() => "?").join(", ")

// Medusa's rule operators for `customer.groups.id`, with the customer's groups as the context
// value (promotion module, evaluateRuleValueCondition): `in` = in at least one of the values,
// `eq` = every group of the customer is one of the values, `ne` = in none of them. Any other
// operator never matches a list of ids.
const GROUP_RULE_HOLDS = `(CASE r."operator"
  WHEN 'in' THEN EXISTS (${memberOfRuleValue()})
  WHEN 'eq' THEN EXISTS (SELECT 1 FROM "customer_group_customer" g
                         WHERE g."customer_id" = p."customer_id" AND g."deleted_at" IS NULL)
             AND NOT EXISTS (SELECT 1 FROM "customer_group_customer" g
                             WHERE g."customer_id" = p."customer_id" AND g."deleted_at" IS NULL
                               AND g."customer_group_id" NOT IN (
                                 SELECT v."value" FROM "promotion_rule_value" v
                                 WHERE v."promotion_rule_id" = r."id" AND v."deleted_at" IS NULL))
  WHEN 'ne' THEN NOT EXISTS (${memberOfRuleValue()})
  ELSE false END)`

function memberOfRuleValue() {
  return `SELECT 1 FROM "customer_group_customer" g
          JOIN "promotion_rule_value" v
            ON v."value" = g."customer_group_id" AND v."deleted_at" IS NULL
          WHERE v."promotion_rule_id" = r."id" AND g."customer_id" = p."customer_id"
            AND g."deleted_at" IS NULL`
}

const GROUP_RULES_OF_PROMOTION = `FROM "promotion_promotion_rule" pr
  JOIN "promotion" pm ON pm."id" = pr."promotion_id" AND pm."deleted_at" IS NULL
  JOIN "promotion_rule" r ON r."id" = pr."promotion_rule_id" AND r."deleted_at" IS NULL
  WHERE pr."promotion_id" = ? AND r."attribute" = 'customer.groups.id'`

// Orders that used the promotion: the order-promotion link written when a cart completes, or an
// adjustment of one of the order's items or shipping methods carrying the promotion's id.
const ORDERS_USING_PROMOTION = `SELECT op."order_id" FROM "order_promotion" op
    WHERE op."promotion_id" = ? AND op."deleted_at" IS NULL
  UNION
  SELECT oi."order_id" FROM "order_line_item_adjustment" a
    JOIN "order_item" oi ON oi."item_id" = a."item_id" AND oi."deleted_at" IS NULL
    WHERE a."promotion_id" = ? AND a."deleted_at" IS NULL
  UNION
  SELECT os."order_id" FROM "order_shipping_method_adjustment" a
    JOIN "order_shipping" os ON os."shipping_method_id" = a."shipping_method_id"
      AND os."deleted_at" IS NULL
    WHERE a."promotion_id" = ? AND a."deleted_at" IS NULL`

/**
 * Builds the audience of a detailed-search filter (S6) as ONE parameterized SELECT over Medusa's
 * own tables, returning one row per recipient: `email` (normalized), `customer_id`,
 * `first_name`, `last_name`, in no particular order. Every value is a binding; nothing from the
 * filter is written into the SQL text.
 *
 * Who is a recipient: a person is one normalized email. Their main record is the registered
 * customer if there is one, else the most recently updated guest record; its id and name are
 * used, and the customer conditions (groups, has_account, created_at, address, metadata, q's
 * name part, targeted_by) are read from it. Order conditions (order_count, total_spent,
 * last_order_at, used, not_used) count the orders of every customer record with that address,
 * so guest checkouts and the account's orders add up. Always left out: addresses that are not
 * `subscribed` (unsubscribed, cleaned or never opted in) and invalid addresses.
 */
export function audienceSql(filter: AudienceFilter): SqlQuery {
  const email = normalizedEmailSql("c.email")
  const orderEmail = normalizedEmailSql("oc.email")
  const ctes: string[] = []
  const cteBindings: SqlBinding[] = []
  const joins: string[] = []
  const where: string[] = []
  const whereBindings: SqlBinding[] = []
  const cond = (sql: string, ...bindings: SqlBinding[]) => {
    where.push(sql)
    whereBindings.push(...bindings)
  }

  const needsOrders =
    !!filter.order_count ||
    !!filter.last_order_at ||
    !!filter.total_spent ||
    !!filter.promotion?.used ||
    !!filter.promotion?.not_used
  if (needsOrders) {
    // The counted orders of every customer record, keyed by the record's normalized email.
    ctes.push(`"person_order" AS (
      SELECT ${orderEmail} AS "email", o."id", o."created_at", lower(o."currency_code") AS "currency_code"
      FROM "order" o
      JOIN "customer" oc ON oc."id" = o."customer_id" AND oc."deleted_at" IS NULL
      WHERE ${COUNTED_ORDER} AND oc."email" IS NOT NULL)`)
  }
  if (filter.order_count || filter.last_order_at) {
    ctes.push(`"order_stats" AS (
      SELECT "email", count(*)::int AS "order_count", max("created_at") AS "last_order_at"
      FROM "person_order" GROUP BY "email")`)
    joins.push(`LEFT JOIN "order_stats" os ON os."email" = p."email"`)
  }
  if (filter.total_spent) {
    ctes.push(`"spent" AS (
      SELECT po."email", sum(${orderTotal('po."id"')}) AS "total"
      FROM "person_order" po WHERE po."currency_code" = ? GROUP BY po."email")`)
    cteBindings.push(filter.total_spent.currency_code)
    joins.push(`LEFT JOIN "spent" sp ON sp."email" = p."email"`)
  }
  if (filter.promotion?.used) {
    ctes.push(`"promotion_users" AS (
      SELECT DISTINCT "email" FROM "person_order" WHERE "id" IN (${ORDERS_USING_PROMOTION}))`)
    cteBindings.push(filter.promotion.used, filter.promotion.used, filter.promotion.used)
    cond(`p."email" IN (SELECT "email" FROM "promotion_users")`)
  }
  if (filter.promotion?.not_used) {
    ctes.push(`"promotion_non_users" AS (
      SELECT DISTINCT "email" FROM "person_order" WHERE "id" IN (${ORDERS_USING_PROMOTION}))`)
    cteBindings.push(filter.promotion.not_used, filter.promotion.not_used, filter.promotion.not_used)
    cond(`NOT EXISTS (SELECT 1 FROM "promotion_non_users" n WHERE n."email" = p."email")`)
  }

  const groups = filter.customer_groups
  if (groups?.in_any) {
    cond(
      `EXISTS (SELECT 1 FROM "customer_group_customer" g
               JOIN "customer_group" cg ON cg."id" = g."customer_group_id" AND cg."deleted_at" IS NULL
               WHERE g."customer_id" = p."customer_id" AND g."deleted_at" IS NULL
                 AND g."customer_group_id" IN (${placeholders(groups.in_any)}))`,
      ...groups.in_any
    )
  }
  if (groups?.in_none) {
    cond(
      `NOT EXISTS (SELECT 1 FROM "customer_group_customer" g
                   WHERE g."customer_id" = p."customer_id" AND g."deleted_at" IS NULL
                     AND g."customer_group_id" IN (${placeholders(groups.in_none)}))`,
      ...groups.in_none
    )
  }
  if (filter.has_account !== undefined) {
    cond(`p."has_account" = ?`, filter.has_account)
  }
  if (filter.created_at?.gte) {
    cond(`p."created_at" >= ?::timestamptz`, filter.created_at.gte)
  }
  if (filter.created_at?.lte) {
    cond(`p."created_at" <= ?::timestamptz`, filter.created_at.lte)
  }
  if (filter.order_count?.gte !== undefined) {
    cond(`COALESCE(os."order_count", 0) >= ?`, filter.order_count.gte)
  }
  if (filter.order_count?.lte !== undefined) {
    cond(`COALESCE(os."order_count", 0) <= ?`, filter.order_count.lte)
  }
  if (filter.total_spent?.gte !== undefined) {
    cond(`COALESCE(sp."total", 0) >= ?`, filter.total_spent.gte)
  }
  if (filter.total_spent?.lte !== undefined) {
    cond(`COALESCE(sp."total", 0) <= ?`, filter.total_spent.lte)
  }
  if (filter.last_order_at?.gte) {
    cond(`os."last_order_at" >= ?::timestamptz`, filter.last_order_at.gte)
  }
  if (filter.last_order_at?.lte) {
    cond(`os."last_order_at" <= ?::timestamptz`, filter.last_order_at.lte)
  }
  if (filter.address) {
    const parts = [`a."customer_id" = p."customer_id"`, `a."deleted_at" IS NULL`]
    const bindings: SqlBinding[] = []
    if (filter.address.country_code) {
      parts.push(`lower(a."country_code") IN (${placeholders(filter.address.country_code)})`)
      bindings.push(...filter.address.country_code)
    }
    if (filter.address.province) {
      parts.push(`lower(btrim(a."province")) IN (${placeholders(filter.address.province)})`)
      bindings.push(...filter.address.province)
    }
    cond(`EXISTS (SELECT 1 FROM "customer_address" a WHERE ${parts.join(" AND ")})`, ...bindings)
  }
  if (filter.email_domain) {
    cond(`split_part(p."email", '@', 2) IN (${placeholders(filter.email_domain)})`, ...filter.email_domain)
  }
  if (filter.q) {
    // Names are compared without spaces (ASCII or full-width), in either order, so 佐藤花子,
    // 佐藤 花子 and "Hanako Sato" all find the same customer.
    const name = containsPattern(filter.q.replace(/[\s\u3000]+/g, ""))
    const strip = (sql: string) => `regexp_replace(${sql}, '[[:space:]\u3000]+', '', 'g')`
    cond(
      `(p."email" ILIKE ?
        OR ${strip(`COALESCE(p."last_name", '') || COALESCE(p."first_name", '')`)} ILIKE ?
        OR ${strip(`COALESCE(p."first_name", '') || COALESCE(p."last_name", '')`)} ILIKE ?)`,
      containsPattern(filter.q),
      name,
      name
    )
  }
  if (filter.metadata) {
    cond(`COALESCE(p."metadata", '{}'::jsonb) @> ?::jsonb`, JSON.stringify(filter.metadata))
  }
  if (filter.promotion?.targeted_by) {
    // Every customer-group rule of the promotion holds for the customer; a promotion without such
    // a rule targets nobody in particular, so it selects nobody (never "everybody" by accident).
    cond(
      `EXISTS (SELECT 1 ${GROUP_RULES_OF_PROMOTION})
       AND NOT EXISTS (SELECT 1 ${GROUP_RULES_OF_PROMOTION} AND NOT ${GROUP_RULE_HOLDS})`,
      filter.promotion.targeted_by,
      filter.promotion.targeted_by
    )
  }

  const sql = `WITH "person" AS (
      SELECT DISTINCT ON (e."email")
             e."email", c."id" AS "customer_id", c."first_name", c."last_name",
             c."has_account", c."created_at", c."metadata"
      FROM "customer" c
      CROSS JOIN LATERAL (SELECT ${email} AS "email") e
      JOIN "newsletter_subscription" ns
        ON ns."email" = e."email" AND ns."deleted_at" IS NULL AND ns."status" = 'subscribed'
      WHERE c."deleted_at" IS NULL AND c."email" IS NOT NULL AND e."email" ~ ?
      ORDER BY e."email", c."has_account" DESC, c."updated_at" DESC, c."id"
    )${ctes.map((c) => `,\n    ${c}`).join("")}
    SELECT p."email", p."customer_id", p."first_name", p."last_name"
    FROM "person" p
    ${joins.join("\n    ")}
    ${where.length ? `WHERE ${where.join("\n      AND ")}` : ""}`

  return { sql, bindings: [VALID_EMAIL_SQL_PATTERN, ...cteBindings, ...whereBindings] }
}

/** The number of recipients of a filter, as one COUNT query. */
export function audienceCountSql(filter: AudienceFilter): SqlQuery {
  const { sql, bindings } = audienceSql(filter)
  return { sql: `SELECT count(*)::int AS "count" FROM (${sql}) t`, bindings }
}
