import { readsPurchases } from "../audience/purchases"

describe("readsPurchases", () => {
  it("should say whether a filter, an any_of member or a named segment has a purchase condition", () => {
    expect(readsPurchases({})).toBe(false)
    expect(readsPurchases({ has_account: true, sales_channel_ids: ["sc_a"] })).toBe(false)
    expect(readsPurchases({ purchased: { product_ids: ["prod_a"] } })).toBe(true)
    expect(readsPurchases({ not_purchased: { category_ids: ["pcat_a"] } })).toBe(true)
    expect(readsPurchases({ any_of: [{ has_account: true }, { purchased: {} }] })).toBe(true)
    expect(readsPurchases({ any_of: [{ has_account: true }] })).toBe(false)
    const segments = {
      nlseg_a: { segment_id: "nlseg_b" },
      nlseg_b: { not_purchased: { tag_ids: ["ptag_a"] } },
      nlseg_c: { has_account: true },
    }
    expect(readsPurchases({ segment_id: "nlseg_a" }, segments)).toBe(true)
    expect(readsPurchases({ any_of: [{ segment_id: "nlseg_b" }] }, segments)).toBe(true)
    expect(readsPurchases({ segment_id: "nlseg_c" }, segments)).toBe(false)
    expect(readsPurchases({ segment_id: "nlseg_gone" }, segments)).toBe(false)
  })

  it("should end on a chain of segments that loops", () => {
    const looped = { nlseg_a: { segment_id: "nlseg_b" }, nlseg_b: { segment_id: "nlseg_a" } }
    expect(readsPurchases({ segment_id: "nlseg_a" }, looped)).toBe(false)
  })
})
