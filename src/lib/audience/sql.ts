import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError } from "../../modules/newsletter/errors"
import {
  normalizedStoredEmailSql,
  VALID_EMAIL_SQL_PATTERN,
} from "../../modules/newsletter/utils/email"
import { NewsletterSubscriptionStatus } from "../../modules/newsletter/types"
import { nameOrEmailContainsSql } from "../../modules/newsletter/utils/search"
import type { AudienceFilter, PurchaseSelector } from "./schema"

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

/** Pieces of SQL and their bindings, collected in the order the pieces will be written. */
function sqlParts() {
  const parts: string[] = []
  const bindings: SqlBinding[] = []
  return {
    parts,
    bindings,
    add(sql: string, ...values: SqlBinding[]) {
      parts.push(sql)
      bindings.push(...values)
    },
  }
}

// Medusa's rule operators for `customer.groups.id`, with the customer's groups as the context
// value (promotion module, evaluateRuleValueCondition): `in` = in at least one of the values,
// `eq` = every group of the customer is one of the values, `ne` = in none of them. Any other
// operator never matches a list of ids.
const GROUP_RULE_HOLDS = `(CASE r."operator"
  WHEN 'in' THEN EXISTS (${memberOfRuleValue()})
  WHEN 'eq' THEN EXISTS (SELECT 1 FROM "customer_group_customer" g
                         WHERE g."customer_id" = c."id" AND g."deleted_at" IS NULL)
             AND NOT EXISTS (SELECT 1 FROM "customer_group_customer" g
                             WHERE g."customer_id" = c."id" AND g."deleted_at" IS NULL
                               AND g."customer_group_id" NOT IN (
                                 SELECT v."value" FROM "promotion_rule_value" v
                                 WHERE v."promotion_rule_id" = r."id" AND v."deleted_at" IS NULL))
  WHEN 'ne' THEN NOT EXISTS (${memberOfRuleValue()})
  ELSE false END)`

function memberOfRuleValue() {
  return `SELECT 1 FROM "customer_group_customer" g
          JOIN "promotion_rule_value" v
            ON v."value" = g."customer_group_id" AND v."deleted_at" IS NULL
          WHERE v."promotion_rule_id" = r."id" AND g."customer_id" = c."id"
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
 * The filters of the saved segments an audience names with `segment_id` (chains followed), by
 * segment id: read by the module (NewsletterModuleService.readAudienceSegments, see
 * segments.ts) as they are now, or at reservation, when they are frozen on the article.
 */
export type AudienceSegments = Record<string, AudienceFilter>

/**
 * The audience statement of saved segment `id` (its filter ANDed where the segment is named).
 * A segment missing from `segments` is a 400 (`unknown_segment` {id}); the segment is left out of
 * the segments its own filter may name, so a chain that loops ends there instead of recursing.
 */
function segmentAudienceSql(id: string, segments: AudienceSegments): SqlQuery {
  const filter = segments[id]
  if (!filter) {
    throw new NewsletterError(
      MedusaError.Types.INVALID_DATA,
      "unknown_segment",
      `audience.segment_id: segment "${id}" does not exist`,
      { id }
    )
  }
  const { [id]: _self, ...others } = segments
  return audienceSql(filter, others)
}

/** The counted orders `o` of a filter: placed in one of its sales channels, when it names some. */
function countedOrders(filter: AudienceFilter): SqlQuery {
  const channels = filter.sales_channel_ids
  return channels?.length
    ? { sql: `${COUNTED_ORDER} AND o."sales_channel_id" IN (${placeholders(channels)})`, bindings: [...channels] }
    : { sql: COUNTED_ORDER, bindings: [] }
}

// The products of the categories `?…` and of their descendants (read down parent_category_id).
const categoryProducts = (ids: readonly string[]) => `WITH RECURSIVE tree AS (
      SELECT pc."id" FROM "product_category" pc
      WHERE pc."id" IN (${placeholders(ids)}) AND pc."deleted_at" IS NULL
      UNION
      SELECT pc."id" FROM "product_category" pc JOIN tree ON pc."parent_category_id" = tree."id"
      WHERE pc."deleted_at" IS NULL)
    SELECT pcp."product_id" FROM "product_category_product" pcp JOIN tree ON tree."id" = pcp."product_category_id"`

/** The product ids a selector names, directly or by category (descendants), collection, type or tag. */
function selectedProducts(purchase: PurchaseSelector): SqlQuery | null {
  const products = sqlParts()
  if (purchase.product_ids) {
    products.add(`SELECT p."id" FROM "product" p WHERE p."id" IN (${placeholders(purchase.product_ids)})`, ...purchase.product_ids)
  }
  if (purchase.category_ids) {
    products.add(`(${categoryProducts(purchase.category_ids)})`, ...purchase.category_ids)
  }
  for (const [key, column] of [
    ["collection_ids", "collection_id"],
    ["type_ids", "type_id"],
  ] as const) {
    const list = purchase[key]
    if (list) {
      products.add(`SELECT p."id" FROM "product" p WHERE p."${column}" IN (${placeholders(list)})`, ...list)
    }
  }
  if (purchase.tag_ids) {
    products.add(
      `SELECT pt."product_id" FROM "product_tags" pt WHERE pt."product_tag_id" IN (${placeholders(purchase.tag_ids)})`,
      ...purchase.tag_ids
    )
  }
  return products.parts.length
    ? { sql: products.parts.join("\n      UNION "), bindings: products.bindings }
    : null
}

/**
 * The lines (or, without `purchase`, the counted orders, read from `order`) of a purchase
 * condition: `products` (a WITH to put first), `buyer` (their customer id), `buying` (FROM …
 * WHERE …) and the bindings of the three in that order.
 *
 * Line items are read from the plugin's purchase summary (newsletter_purchase: one row per order
 * line at the order's current version, kept by NewsletterModuleService.syncNewsletterPurchases,
 * which every count, preview, CSV and snapshot of such an audience runs first). Products and
 * variants are the line item's; categories (descendants included), collections, types and tags are
 * resolved to product ids once, as the catalogue has them now, then the summary is read in one
 * semi-join (covering index on product_id, ordered_at). The lines of orders that don't count now
 * (canceled since the last sync, drafts, deleted: the set "uncounted_orders" of audienceSql) are
 * left out by an anti-join, so a cancellation counts at once; the buyer and the sales channel are
 * the summary's (an order transferred to another customer is re-read at its new version by the
 * sync).
 */
function buyingLines(filter: AudienceFilter, purchase: PurchaseSelector | null) {
  const where = sqlParts()
  if (purchase) {
    // The summary's lines, less those of orders that don't count now (canceled since the last
    // sync, drafts, deleted): the few such orders are hashed, not every order.
    where.add(`l."deleted_at" IS NULL`)
    where.add(`NOT EXISTS (SELECT 1 FROM "uncounted_orders" u WHERE u."id" = l."order_id")`)
    if (filter.sales_channel_ids?.length) {
      where.add(`l."sales_channel_id" IN (${placeholders(filter.sales_channel_ids)})`, ...filter.sales_channel_ids)
    }
  } else {
    const orders = countedOrders(filter)
    where.add(orders.sql, ...orders.bindings)
  }
  const selected = purchase ? selectedProducts(purchase) : null
  if (purchase?.ordered_at?.gte) {
    where.add(`l."ordered_at" >= ?::timestamptz`, purchase.ordered_at.gte)
  }
  if (purchase?.ordered_at?.lte) {
    where.add(`l."ordered_at" <= ?::timestamptz`, purchase.ordered_at.lte)
  }
  const item = sqlParts()
  if (selected) {
    // An array, so that the covering index is read for these products alone, whatever the planner
    // guesses of their number (a few hundred ids read as a join were priced as a whole-table scan).
    item.add(`l."product_id" = ANY (ARRAY(SELECT sp."product_id" FROM "selected_products" sp))`)
  }
  if (purchase?.variant_ids) {
    item.add(`l."variant_id" IN (${placeholders(purchase.variant_ids)})`, ...purchase.variant_ids)
  }
  if (item.parts.length) {
    where.add(`(${item.parts.join(" OR ")})`, ...item.bindings)
  }
  // The selected products first, once (a few hundred ids, however many categories and lists).
  const products = selected
    ? `WITH "selected_products"("product_id") AS MATERIALIZED (${selected.sql})
      `
    : ""
  const lines = purchase ? `"newsletter_purchase" l` : `"order" o`
  return {
    products,
    buyer: purchase ? `l."customer_id"` : `o."customer_id"`,
    buying: `FROM ${lines}
        WHERE ${where.parts.join(" AND ")}`,
    bindings: [...(selected?.bindings ?? []), ...where.bindings],
  }
}

/**
 * The ids of the customer records with counted orders holding line items the selector picks
 * (`not_purchased`, which has no min_quantity): the audience leaves out a person when any record
 * with their email is one of them (see audienceSql), so these need no email.
 */
function buyerRecordsSql(filter: AudienceFilter, purchase: PurchaseSelector): SqlQuery {
  const { products, buyer, buying, bindings } = buyingLines(filter, purchase)
  return { sql: `${products}SELECT DISTINCT ${buyer} AS "customer_id" ${buying}`, bindings }
}

/**
 * The normalized emails of the people with counted orders (of every record with that email)
 * holding line items the selector picks, their quantities (at the order's current version)
 * adding up to `min_quantity`. Without `purchase` the order is enough (read from `order`).
 * `excluded`: a set of record ids (a WITH name, column customer_id) whose purchases are left out:
 * the records of people the audience leaves out anyway (`not_purchased`), so that neither their
 * emails nor their subscriptions are looked up.
 */
function buyersSql(filter: AudienceFilter, purchase: PurchaseSelector | null, excluded?: string): SqlQuery {
  const { products, buyer, buying, bindings } = buyingLines(filter, purchase)
  const minimum = purchase?.min_quantity ?? 1
  // The buying records first (one row per record), then their people: the email of each record
  // is normalized once per record, not once per line item.
  const email = normalizedStoredEmailSql(`cu."email"`)
  const record = `cu."deleted_at" IS NULL AND cu."email" IS NOT NULL${
    excluded ? ` AND NOT EXISTS (SELECT 1 FROM "${excluded}" x WHERE x."customer_id" = cu."id")` : ""
  }`
  return minimum > 1
    ? {
        sql: `${products}SELECT ${email} AS "email" FROM "customer" cu
      JOIN (SELECT l."customer_id", sum(l."quantity") AS "quantity" ${buying}
            GROUP BY l."customer_id") b ON b."customer_id" = cu."id"
      WHERE ${record}
      GROUP BY 1 HAVING sum(b."quantity") >= ?`,
        bindings: [...bindings, minimum],
      }
    : {
        sql: `${products}SELECT DISTINCT ${email} AS "email" FROM "customer" cu
      WHERE ${record} AND cu."id" IN (SELECT ${buyer} ${buying})`,
        bindings,
      }
}

// A date a metadata text starts with (YYYY-MM-DD), a number, as texts of the metadata.
const DATE_TEXT_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}"
const NUMBER_TEXT_PATTERN = "^-?[0-9]+(\\.[0-9]+)?$"

/** Conditions on the metadata of the record `c`: ranges and months (see the schema). */
function metadataConditions(filter: AudienceFilter, customer: ReturnType<typeof sqlParts>) {
  for (const [key, range] of Object.entries(filter.metadata_range ?? {})) {
    for (const [bound, op] of [
      ["gte", ">="],
      ["lte", "<="],
    ] as const) {
      const value = range[bound]
      if (typeof value === "number") {
        customer.add(
          `(CASE WHEN (c."metadata" ->> ?) ~ ? THEN (c."metadata" ->> ?)::numeric END) ${op} ?`,
          key,
          NUMBER_TEXT_PATTERN,
          key,
          value
        )
      } else if (typeof value === "string") {
        // Dates written YYYY-MM-DD compare as texts in the order of the dates.
        customer.add(
          `(CASE WHEN (c."metadata" ->> ?) ~ ? THEN left(c."metadata" ->> ?, 10) END) COLLATE "C" ${op} ?`,
          key,
          DATE_TEXT_PATTERN,
          key,
          value
        )
      }
    }
  }
  const month = filter.metadata_month
  if (month) {
    const part = (from: number) =>
      `(CASE WHEN (c."metadata" ->> ?) ~ ? THEN substr(c."metadata" ->> ?, ${from}, 2)::int END)`
    customer.add(
      `${part(6)} IN (${placeholders(month.months)})`,
      month.key,
      DATE_TEXT_PATTERN,
      month.key,
      ...month.months
    )
    if (month.days) {
      customer.add(
        `${part(9)} IN (${placeholders(month.days)})`,
        month.key,
        DATE_TEXT_PATTERN,
        month.key,
        ...month.days
      )
    }
  }
}

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
 *
 * How, so that a selective filter stays fast with 100,000 customers: the conditions on the
 * customer record itself are applied to every record first (the group and address sets read once
 * each and intersected), and only the records left, the candidates, are matched to their
 * subscription. Each candidate is joined to every record with its normalized email (one pass over
 * the customers, hashed against the candidates) and kept if none of them ranks before it: it is
 * then the person's main record, and the person matches exactly when it does. Orders are joined to
 * the candidates' records only, so the order conditions read the orders of the candidates instead
 * of totalling every order of the shop.
 */
export function audienceSql(filter: AudienceFilter, segments: AudienceSegments = {}): SqlQuery {
  const needsOrders =
    !!filter.order_count ||
    !!filter.last_order_at ||
    !!filter.total_spent ||
    !!filter.promotion?.used ||
    !!filter.promotion?.not_used

  const orders = countedOrders(filter)
  // The sets of people the conditions read (WITH …), and the conditions on the candidate record
  // `c` (its normalized email is `ns."email"`).
  const sets = sqlParts()
  const customer = sqlParts()
  // Sets of customer ids the record must be in (group members, customers with such an address):
  // one `c.id IN (… INTERSECT …)`, so that each set is read once and hashed, rather than probed
  // per customer in an order the planner picks from a guess (it can't estimate the address test).
  const memberOf = sqlParts()
  // The person's order figures (aggregates over the orders of all their records, `o`), and the
  // conditions on them, applied to the person `p`.
  const figures = sqlParts()
  const person = sqlParts()

  const groups = filter.customer_groups
  if (groups?.in_any) {
    memberOf.add(
      `SELECT g."customer_id" FROM "customer_group_customer" g
          JOIN "customer_group" cg ON cg."id" = g."customer_group_id" AND cg."deleted_at" IS NULL
          WHERE g."deleted_at" IS NULL AND g."customer_group_id" IN (${placeholders(groups.in_any)})`,
      ...groups.in_any
    )
  }
  if (groups?.in_none) {
    customer.add(
      `NOT EXISTS (SELECT 1 FROM "customer_group_customer" g
                   WHERE g."customer_id" = c."id" AND g."deleted_at" IS NULL
                     AND g."customer_group_id" IN (${placeholders(groups.in_none)}))`,
      ...groups.in_none
    )
  }
  if (filter.has_account !== undefined) {
    customer.add(`c."has_account" = ?`, filter.has_account)
  }
  if (filter.created_at?.gte) {
    customer.add(`c."created_at" >= ?::timestamptz`, filter.created_at.gte)
  }
  if (filter.created_at?.lte) {
    customer.add(`c."created_at" <= ?::timestamptz`, filter.created_at.lte)
  }
  if (filter.address) {
    const address = sqlParts()
    address.add(`a."deleted_at" IS NULL`)
    if (filter.address.country_code) {
      address.add(
        `lower(a."country_code") IN (${placeholders(filter.address.country_code)})`,
        ...filter.address.country_code
      )
    }
    if (filter.address.province) {
      address.add(
        `lower(btrim(a."province")) IN (${placeholders(filter.address.province)})`,
        ...filter.address.province
      )
    }
    memberOf.add(
      `SELECT a."customer_id" FROM "customer_address" a WHERE ${address.parts.join(" AND ")}`,
      ...address.bindings
    )
  }
  if (memberOf.parts.length) {
    const intersection = memberOf.parts.join("\n        INTERSECT\n        ")
    customer.add(`c."id" IN (${intersection})`, ...memberOf.bindings)
  }
  if (filter.email_domain) {
    customer.add(
      `split_part(ns."email", '@', 2) IN (${placeholders(filter.email_domain)})`,
      ...filter.email_domain
    )
  }
  if (filter.q) {
    // Names are compared without spaces, in either order (the admin's one search rule).
    const match = nameOrEmailContainsSql(filter.q, {
      email: `ns."email"`,
      first_name: `c."first_name"`,
      last_name: `c."last_name"`,
    })
    customer.add(match.sql, ...match.bindings)
  }
  if (filter.segment_id) {
    // The saved segment's recipients (its own statement, read once and hashed): ANDed.
    const segment = segmentAudienceSql(filter.segment_id, segments)
    customer.add(`ns."email" IN (SELECT sg."email" FROM (${segment.sql}) sg)`, ...segment.bindings)
  }
  if (filter.metadata) {
    customer.add(`COALESCE(c."metadata", '{}'::jsonb) @> ?::jsonb`, JSON.stringify(filter.metadata))
  }
  metadataConditions(filter, customer)
  // Purchases, and orders in the filter's sales channels: sets of people (normalized emails; for
  // `not_purchased`, customer record ids), each read once over the orders and hashed.
  // Each set is a materialized CTE, so that it is computed once and joined by hashing whatever
  // the planner guesses of its size (a NOT IN over a large set would be probed row by row).
  const people = (name: string, buyers: SqlQuery) =>
    sets.add(`"${name}" AS MATERIALIZED (${buyers.sql})`, ...buyers.bindings)
  if (filter.purchased || filter.not_purchased) {
    // The orders whose lines don't count now (canceled since the last sync, drafts, deleted): one
    // pass over `order`, hashed against the lines of every purchase condition of the filter.
    sets.add(`"uncounted_orders" AS MATERIALIZED (SELECT o."id" FROM "order" o WHERE NOT (${COUNTED_ORDER}))`)
  }
  if (filter.not_purchased) {
    // The records that bought, by id: the person is left out when any of their records `s` is one
    // (a figure below), so no email is looked up for them.
    people("not_purchased_buyers", buyerRecordsSql(filter, filter.not_purchased))
  }
  if (filter.purchased) {
    // The buyers' emails, less the records left out above (their people are left out anyway):
    // only the people left are matched to their subscription and records.
    people(
      "purchased_buyers",
      buyersSql(filter, filter.purchased, filter.not_purchased ? "not_purchased_buyers" : undefined)
    )
    customer.add(`ns."email" IN (SELECT b."email" FROM "purchased_buyers" b)`)
  }
  if (filter.sales_channel_ids && !filter.purchased) {
    people("channel_buyers", buyersSql(filter, null))
    customer.add(`ns."email" IN (SELECT b."email" FROM "channel_buyers" b)`)
  }
  if (filter.any_of) {
    // One level of OR: the person's main record is the same whatever the filter, so the person
    // matches an element exactly when its main record is in that element's audience.
    const elements = filter.any_of.map((element) => audienceSql(element as AudienceFilter, segments))
    customer.add(
      `c."id" IN (${elements.map((e, i) => `SELECT e${i}."customer_id" FROM (${e.sql}) e${i}`).join("\n        UNION ALL ")})`,
      ...elements.flatMap((e) => e.bindings)
    )
  }
  if (filter.promotion?.targeted_by) {
    // Every customer-group rule of the promotion holds for the customer; a promotion without such
    // a rule targets nobody in particular, so it selects nobody (never "everybody" by accident).
    customer.add(
      `EXISTS (SELECT 1 ${GROUP_RULES_OF_PROMOTION})
       AND NOT EXISTS (SELECT 1 ${GROUP_RULES_OF_PROMOTION} AND NOT ${GROUP_RULE_HOLDS})`,
      filter.promotion.targeted_by,
      filter.promotion.targeted_by
    )
  }

  if (filter.not_purchased) {
    figures.add(`bool_or(nb."customer_id" IS NOT NULL) AS "bought_excluded"`)
    person.add(`p."bought_excluded" IS NOT TRUE`)
  }
  if (filter.order_count || filter.last_order_at) {
    figures.add(`count(o."id")::int AS "order_count"`)
    figures.add(`max(o."created_at") AS "last_order_at"`)
  }
  if (filter.total_spent) {
    figures.add(
      `sum(${orderTotal('o."id"')}) FILTER (WHERE lower(o."currency_code") = ?) AS "total_spent"`,
      filter.total_spent.currency_code
    )
  }
  if (filter.promotion?.used) {
    figures.add(
      `bool_or(o."id" IN (${ORDERS_USING_PROMOTION})) AS "used_promotion"`,
      ...Array(3).fill(filter.promotion.used)
    )
    person.add(`p."used_promotion" IS TRUE`)
  }
  if (filter.promotion?.not_used) {
    figures.add(
      `bool_or(o."id" IN (${ORDERS_USING_PROMOTION})) AS "used_excluded_promotion"`,
      ...Array(3).fill(filter.promotion.not_used)
    )
    person.add(`p."used_excluded_promotion" IS NOT TRUE`)
  }
  if (filter.order_count?.gte !== undefined) {
    person.add(`p."order_count" >= ?`, filter.order_count.gte)
  }
  if (filter.order_count?.lte !== undefined) {
    person.add(`p."order_count" <= ?`, filter.order_count.lte)
  }
  if (filter.total_spent?.gte !== undefined) {
    person.add(`COALESCE(p."total_spent", 0) >= ?`, filter.total_spent.gte)
  }
  if (filter.total_spent?.lte !== undefined) {
    person.add(`COALESCE(p."total_spent", 0) <= ?`, filter.total_spent.lte)
  }
  if (filter.last_order_at?.gte) {
    person.add(`p."last_order_at" >= ?::timestamptz`, filter.last_order_at.gte)
  }
  if (filter.last_order_at?.lte) {
    person.add(`p."last_order_at" <= ?::timestamptz`, filter.last_order_at.lte)
  }

  // c: the candidate; ns: its address's subscription, which must be subscribed and valid. s: every
  // customer record with that address, the candidate included; the candidate is the main record
  // when none of them ranks before it (registered first, then the most recently updated, then the
  // smallest id). o: the counted orders of those records. Grouping by email first lets a sorted
  // grouping hand its rows on in email order, which the snapshot's numbering then need not redo.
  const sql = `${sets.parts.length ? `WITH ${sets.parts.join(",\n    ")}\n    ` : ""}SELECT p."email", p."customer_id", p."first_name", p."last_name"
    FROM (
      SELECT ns."email", c."id" AS "customer_id", c."first_name", c."last_name"${figures.parts
        .map((f) => `,\n             ${f}`)
        .join("")}
      FROM "customer" c
      JOIN "newsletter_subscription" ns
        ON ns."email" = ${normalizedStoredEmailSql(`c."email"`)} AND ns."deleted_at" IS NULL
       AND ns."status" = ? AND ns."email" ~ ?
      JOIN "customer" s
        ON ${normalizedStoredEmailSql(`s."email"`)} = ns."email" AND s."deleted_at" IS NULL
       AND s."email" IS NOT NULL${
         filter.not_purchased ? `\n      LEFT JOIN "not_purchased_buyers" nb ON nb."customer_id" = s."id"` : ""
       }${needsOrders ? `\n      LEFT JOIN "order" o ON o."customer_id" = s."id" AND ${orders.sql}` : ""}
      WHERE c."deleted_at" IS NULL AND c."email" IS NOT NULL${customer.parts
        .map((c) => `\n        AND ${c}`)
        .join("")}
      GROUP BY ns."email", c."id"
      HAVING NOT bool_or((s."has_account", s."updated_at", c."id")
                         > (c."has_account", c."updated_at", s."id"))
    ) p${person.parts.length ? `\n    WHERE ${person.parts.join("\n      AND ")}` : ""}`

  return {
    sql,
    bindings: [
      ...sets.bindings,
      ...figures.bindings,
      NewsletterSubscriptionStatus.SUBSCRIBED,
      VALID_EMAIL_SQL_PATTERN,
      ...(needsOrders ? orders.bindings : []),
      ...customer.bindings,
      ...person.bindings,
    ],
  }
}

/**
 * Turns off JIT compilation for the rest of the transaction: run it first in the transaction of
 * an audience statement. With true row estimates the planner prices these statements above
 * `jit_above_cost`, and compiling them (up to a second with optimization and inlining) costs more
 * than the few hundred milliseconds they run.
 */
export const WITHOUT_JIT_SQL = "SET LOCAL jit = off"

/**
 * The preview of a filter in ONE statement over its audience: the first `limit` recipients by
 * email, each row carrying the number of all recipients (`count`), so the count and the sample
 * come from the same snapshot and the audience is computed once. No row means no recipient.
 */
export function audiencePreviewSql(
  filter: AudienceFilter,
  limit: number,
  segments: AudienceSegments = {}
): SqlQuery {
  const { sql, bindings } = audienceSql(filter, segments)
  return {
    sql: `SELECT t."customer_id", t."email", t."first_name", t."last_name",
             count(*) OVER ()::int AS "count"
      FROM (${sql}) t
      ORDER BY t."email"
      LIMIT ?`,
    bindings: [...bindings, limit],
  }
}
