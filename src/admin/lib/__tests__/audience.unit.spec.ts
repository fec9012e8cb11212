import { type Condition, emptyCondition, fromAudience, toAudience } from "../audience"

const TZ = "Asia/Tokyo"
type Purchase = Extract<Condition, { kind: "purchased" | "not_purchased" }>
const purchase = (kind: Purchase["kind"], over: Partial<Purchase>): Condition => ({
  ...(emptyCondition(kind) as Purchase),
  ...over,
})
const keyless = (conditions: Condition[]): unknown =>
  conditions.map(({ key: _key, ...c }) =>
    c.kind === "any_of" ? { ...c, groups: c.groups.map((g) => keyless(g)) } : c
  )

describe("the detailed search's new conditions", () => {
  it("writes purchased / not purchased with local order days, and leaves an empty picker out", () => {
    const bought = purchase("purchased", {
      categories: ["pcat_x"],
      products: ["prod_1"],
      from: "2026-01-01",
      to: "2026-01-31",
      minQuantity: "2",
    })
    const notBought = purchase("not_purchased", { categories: ["pcat_y"], minQuantity: "5" })
    expect(toAudience([bought, notBought, emptyCondition("purchased")], TZ)).toEqual({
      purchased: {
        product_ids: ["prod_1"],
        category_ids: ["pcat_x"],
        ordered_at: { gte: "2026-01-01T00:00:00+09:00", lte: "2026-01-31T23:59:59+09:00" },
        min_quantity: 2,
      },
      not_purchased: { category_ids: ["pcat_y"] },
    })
  })

  it("reads back every new key, keeping selector keys it has no picker for", () => {
    const audience = {
      purchased: { category_ids: ["pcat_x"], tag_ids: ["ptag_1"], min_quantity: 3 },
      metadata_range: { points: { gte: 1000 }, last_visit: { gte: "2026-06-01", lte: "2026-06-30" } },
      metadata_month: { key: "birthday", months: [12, 1] },
      sales_channel_ids: ["sc_1"],
      segment_id: "nlseg_1",
      any_of: [{ customer_groups: { in_any: ["cusgroup_vip"] } }, { total_spent: { currency_code: "jpy", gte: 50000 } }],
    }
    const conditions = fromAudience(audience, TZ)
    expect(keyless(conditions)).toEqual([
      { kind: "purchased", products: [], categories: ["pcat_x"], collections: [], from: "", to: "", minQuantity: "3", rest: { tag_ids: ["ptag_1"] } },
      { kind: "metadata_range", name: "points", type: "number", from: "1000", to: "" },
      { kind: "metadata_range", name: "last_visit", type: "date", from: "2026-06-01", to: "2026-06-30" },
      { kind: "metadata_month", name: "birthday", months: [12, 1], days: undefined },
      { kind: "sales_channels", ids: ["sc_1"] },
      { kind: "segment", segment_id: "nlseg_1" },
      {
        kind: "any_of",
        groups: [
          [{ kind: "customer_groups", mode: "in_any", ids: ["cusgroup_vip"] }],
          [{ kind: "total_spent", currency: "jpy", min: "50000", max: "" }],
        ],
      },
    ])
    expect(toAudience(conditions, TZ)).toEqual({ ...audience, metadata_month: { key: "birthday", months: [1, 12] } })
  })

  it("leaves out empty any_of groups and incomplete metadata conditions", () => {
    expect(
      toAudience(
        [emptyCondition("any_of"), emptyCondition("metadata_range"), emptyCondition("metadata_month"), emptyCondition("segment")],
        TZ
      )
    ).toEqual({})
  })
})
