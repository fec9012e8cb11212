import { AudienceFilterSchema, parseAudience } from "../audience/schema"
import { audiencePreviewSql, audienceSql, type SqlQuery } from "../audience/sql"
import { zodIssueProblems } from "../zod-issues"

const everything = {
  customer_groups: { in_any: ["cusgroup_a", "cusgroup_b"], in_none: ["cusgroup_c"] },
  has_account: true,
  created_at: { gte: "2025-01-01T00:00:00Z", lte: "2025-12-31T23:59:59+09:00" },
  order_count: { gte: 1, lte: 5 },
  total_spent: { currency_code: "JPY", gte: 10000, lte: 500000 },
  last_order_at: { gte: "2025-01-01T00:00:00Z" },
  address: { country_code: ["JP"], province: [" 東京都 "] },
  email_domain: ["@Example.JP"],
  q: "'; DROP TABLE customer; --",
  metadata: { rank: "gold" },
  promotion: { targeted_by: "promo_a", used: "promo_b", not_used: "promo_c" },
}

describe("AudienceFilterSchema", () => {
  it("should take an empty filter as everybody subscribed", () => {
    expect(AudienceFilterSchema.parse({})).toEqual({})
  })

  it("should normalise codes and domains", () => {
    const parsed = AudienceFilterSchema.parse(everything)
    expect(parsed.total_spent?.currency_code).toBe("jpy")
    expect(parsed.address).toEqual({ country_code: ["jp"], province: ["東京都"] })
    expect(parsed.email_domain).toEqual(["example.jp"])
  })

  it("should name the condition of a reversed range or an unknown key", () => {
    expect(() => parseAudience({ last_order_at: { gte: "2025-02-01T00:00:00Z", lte: "2025-01-01T00:00:00Z" } })).toThrow(
      "The newsletter's audience is not valid: last_order_at is reversed: gte must not be after lte"
    )
    expect(() => parseAudience({ prefectures: ["東京都"] })).toThrow(
      "The newsletter's audience is not valid: unknown condition: prefectures"
    )
  })

  it("should give the stored audience's problems with the article's paths and codes", () => {
    let error: any
    try {
      parseAudience({ last_order_at: { gte: "2025-02-01T00:00:00Z", lte: "2025-01-01T00:00:00Z" }, prefectures: ["東京都"] })
    } catch (e) {
      error = e
    }
    expect([error.code, error.errors]).toEqual([
      "invalid_stored_audience",
      [
        { path: "audience.last_order_at", code: "reversed_range", params: {} },
        { path: "audience", code: "unknown_fields", params: { keys: ["prefectures"] } },
      ],
    ])
  })

  it("should give each custom rule of the filter its own code", () => {
    const result = AudienceFilterSchema.safeParse({
      customer_groups: {},
      order_count: {},
      total_spent: { currency_code: "円", gte: 10, lte: 5 },
      address: { country_code: ["japan"], province: [" "] },
      email_domain: ["localhost"],
      metadata: {},
      promotion: {},
    })
    expect(result.success).toBe(false)
    expect(zodIssueProblems(result.error!.issues, {})).toEqual([
      { path: "customer_groups", code: "one_required", params: { keys: ["in_any", "in_none"] } },
      { path: "order_count", code: "one_required", params: { keys: ["gte", "lte"] } },
      { path: "total_spent.currency_code", code: "invalid_currency_code", params: {} },
      { path: "total_spent", code: "reversed_range", params: {} },
      { path: "address.country_code.0", code: "invalid_country_code", params: {} },
      { path: "address.province.0", code: "required", params: {} },
      { path: "email_domain.0", code: "invalid_domain", params: {} },
      { path: "metadata", code: "too_small", params: { minimum: 1, origin: "object" } },
      { path: "promotion", code: "one_required", params: { keys: ["targeted_by", "used", "not_used"] } },
    ])
  })

  it("should accept a range with either bound only", () => {
    expect(AudienceFilterSchema.parse({ order_count: { lte: 0 } })).toEqual({ order_count: { lte: 0 } })
    expect(AudienceFilterSchema.safeParse({ order_count: { gte: 1.5 } }).success).toBe(false)
  })
})

describe("audienceSql", () => {
  const placeholders = (sql: string) => (sql.match(/\?/g) ?? []).length

  it("should bind every value and write none into the SQL text", () => {
    const { sql, bindings } = audienceSql(AudienceFilterSchema.parse(everything))
    expect(placeholders(sql)).toBe(bindings.length)
    expect(sql).not.toContain("DROP TABLE")
    expect(sql).not.toContain("cusgroup_a")
    expect(sql).not.toContain("promo_a")
    expect(sql).not.toContain("東京都")
    expect(sql).not.toContain("gold")
    expect(bindings).toEqual(
      expect.arrayContaining(["cusgroup_a", "promo_a", "東京都", '{"rank":"gold"}', "%'; DROP TABLE customer; --%"])
    )
  })

  it("should leave out the order tables when no order condition is given", () => {
    const { sql, bindings } = audienceSql({})
    expect(sql).not.toContain('"order"')
    expect(bindings).toEqual(["subscribed", "^[^[:space:]@]+@[^[:space:]@]+\\.[^[:space:]@]+$"])
    const preview = audiencePreviewSql({ q: "佐藤" }, 20)
    expect(placeholders(preview.sql)).toBe(preview.bindings.length)
  })

  // The SQL with each binding written where its `?` stands, to see that they line up.
  const inline = ({ sql, bindings }: SqlQuery) => {
    let i = 0
    const text = sql.replace(/\?/g, () => {
      const value = bindings[i++]
      return typeof value === "string" ? `'${value}'` : String(value)
    })
    expect(i).toBe(bindings.length)
    return text.replace(/\s+/g, " ")
  }

  it("should write each binding where its condition stands", () => {
    const text = inline(audienceSql(AudienceFilterSchema.parse(everything)))
    expect(text).toContain(`sum(`)
    expect(text).toContain(`FILTER (WHERE lower(o."currency_code") = 'jpy') AS "total_spent"`)
    expect(text).toContain(`ns."email" ~ '^[^[:space:]@]+@[^[:space:]@]+\\.[^[:space:]@]+$'`)
    expect(text).toContain(`g."customer_group_id" IN ('cusgroup_a', 'cusgroup_b')`)
    expect(text).toContain(`g."customer_group_id" IN ('cusgroup_c'))`)
    expect(text).toContain(`c."has_account" = true`)
    expect(text).toContain(`c."created_at" >= '2025-01-01T00:00:00Z'::timestamptz`)
    expect(text).toContain(`lower(a."country_code") IN ('jp') AND lower(btrim(a."province")) IN ('東京都')`)
    expect(text).toContain(`split_part(ns."email", '@', 2) IN ('example.jp')`)
    expect(text).toContain(`COALESCE(c."metadata", '{}'::jsonb) @> '{"rank":"gold"}'::jsonb`)
    expect(text).toContain(`WHERE pr."promotion_id" = 'promo_a'`)
    expect(text).toContain(`WHERE op."promotion_id" = 'promo_b'`)
    expect(text).toContain(`WHERE op."promotion_id" = 'promo_c'`)
    expect(text).toContain(`p."order_count" >= 1 AND p."order_count" <= 5`)
    expect(text).toContain(`COALESCE(p."total_spent", 0) >= 10000 AND COALESCE(p."total_spent", 0) <= 500000`)
    expect(text).toContain(`p."last_order_at" >= '2025-01-01T00:00:00Z'::timestamptz`)
  })

  it("should write each binding of the purchase, metadata, channel and any_of conditions where it stands", () => {
    const text = inline(
      audienceSql(
        AudienceFilterSchema.parse({
          purchased: { category_ids: ["pcat_a"], variant_ids: ["variant_a"], ordered_at: { gte: "2026-01-01T00:00:00Z" }, min_quantity: 2 },
          not_purchased: { tag_ids: ["ptag_a"] },
          sales_channel_ids: ["sc_a"],
          order_count: { gte: 1 },
          metadata_range: { points: { gte: 100 }, last_visit: { lte: "2026-06-01" } },
          metadata_month: { key: "birthday", months: [12, 1], days: [24] },
          any_of: [{ has_account: true }, { email_domain: ["example.jp"] }],
        })
      )
    )
    // Products resolved once, then the purchase summary, less the lines of orders that don't count now.
    expect(text).toContain(
      `WITH "uncounted_orders" AS MATERIALIZED (SELECT o."id" FROM "order" o WHERE NOT (o."deleted_at" IS NULL AND o."is_draft_order" = false AND o."status" NOT IN ('canceled', 'draft'))), "not_purchased_buyers" AS MATERIALIZED (WITH "selected_products"("product_id") AS MATERIALIZED`
    )
    expect(text).toContain(`"purchased_buyers" AS MATERIALIZED (WITH "selected_products"("product_id") AS MATERIALIZED`)
    expect(text).toContain(`WHERE pc."id" IN ('pcat_a')`)
    expect(text).toContain(
      `FROM "newsletter_purchase" l WHERE l."deleted_at" IS NULL AND NOT EXISTS (SELECT 1 FROM "uncounted_orders" u WHERE u."id" = l."order_id")`
    )
    expect(text).toContain(
      `(l."product_id" = ANY (ARRAY(SELECT sp."product_id" FROM "selected_products" sp)) OR l."variant_id" IN ('variant_a'))`
    )
    expect(text).toContain(`l."sales_channel_id" IN ('sc_a') AND l."ordered_at" >= '2026-01-01T00:00:00Z'::timestamptz`)
    expect(text).toContain(`HAVING sum(b."quantity") >= 2`)
    expect(text).toContain(`WHERE pt."product_tag_id" IN ('ptag_a')`)
    expect(text).toContain(`LEFT JOIN "order" o ON o."customer_id" = s."id" AND`)
    expect(text).toMatch(/LEFT JOIN "order" o ON .* o\."sales_channel_id" IN \('sc_a'\) WHERE/)
    expect(text).toContain(`(CASE WHEN (c."metadata" ->> 'points') ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN (c."metadata" ->> 'points')::numeric END) >= 100`)
    expect(text).toContain(`THEN left(c."metadata" ->> 'last_visit', 10) END) COLLATE "C" <= '2026-06-01'`)
    expect(text).toContain(`THEN substr(c."metadata" ->> 'birthday', 6, 2)::int END) IN (12, 1)`)
    expect(text).toContain(`THEN substr(c."metadata" ->> 'birthday', 9, 2)::int END) IN (24)`)
    // Not bought: by record id, the buyers' records left out before their emails are looked up,
    // and the person left out when any of their records bought.
    expect(text).toContain(
      `"not_purchased_buyers" AS MATERIALIZED (WITH "selected_products"("product_id") AS MATERIALIZED (SELECT pt."product_id" FROM "product_tags" pt WHERE pt."product_tag_id" IN ('ptag_a')) SELECT DISTINCT l."customer_id" AS "customer_id" FROM "newsletter_purchase" l`
    )
    expect(text).toContain(
      `WHERE cu."deleted_at" IS NULL AND cu."email" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "not_purchased_buyers" x WHERE x."customer_id" = cu."id") GROUP BY 1 HAVING sum(b."quantity") >= 2`
    )
    expect(text).toContain(`ns."email" IN (SELECT b."email" FROM "purchased_buyers" b)`)
    expect(text).toContain(`LEFT JOIN "not_purchased_buyers" nb ON nb."customer_id" = s."id"`)
    expect(text).toContain(`bool_or(nb."customer_id" IS NOT NULL) AS "bought_excluded"`)
    expect(text).toContain(`p."bought_excluded" IS NOT TRUE`)
    expect(text).toMatch(/c\."has_account" = true .* UNION ALL SELECT e1\."customer_id" .* split_part\(ns\."email", '@', 2\) IN \('example\.jp'\)/)
    expect(text).toContain(`p."order_count" >= 1`)
  })

  it("should read the group and address sets once each and intersect them", () => {
    const text = inline(
      audienceSql({ customer_groups: { in_any: ["cusgroup_a"] }, address: { province: ["東京都"] } })
    )
    expect(text).toMatch(/c\."id" IN \(SELECT g\."customer_id" .* INTERSECT SELECT a\."customer_id" /)
    expect(inline(audienceSql({ address: { province: ["東京都"] } }))).not.toContain("INTERSECT")
  })

  it("should preview the first rows by email, each with the count of all", () => {
    const preview = audiencePreviewSql({ has_account: true }, 20)
    expect(preview.bindings.at(-1)).toBe(20)
    expect(inline(preview)).toMatch(
      /count\(\*\) OVER \(\)::int AS "count" FROM \(.*\) t ORDER BY t\."email" LIMIT 20$/
    )
  })
})
