import { MedusaError } from "@medusajs/framework/utils"
import { resolveNewsletterOptions } from "../../modules/newsletter/options"
import {
  assertCouponUrlTag,
  assertPromotionClaimable,
  ClaimablePromotion,
  containsCouponUrlTag,
  COUPON_RULE_DESCRIPTION,
  COUPON_URL_TAG_REQUIRED_MESSAGE,
  couponGroupData,
  couponSummary,
  findCouponRule,
  isEmptyBatch,
  planCouponRuleAttach,
  planCouponRuleDetach,
  PromotionRuleLike,
  recipientMatchesCustomer,
} from "../coupons"
import { couponUrl } from "../dispatch/links"
import { createLinkKeyring, verifyLinkToken } from "../tokens"

const sender = { name: "テストショップ", postalAddress: "東京都千代田区1-1-1", contact: "support@example.jp" }
const KEYS = createLinkKeyring("unit-test-secret-0123456789abcdef0123456789")

function thrownBy(fn: () => unknown): MedusaError {
  try {
    fn()
  } catch (e) {
    return e as MedusaError
  }
  throw new Error("expected the call to throw")
}

const managed = (values: string[], id = "prorul_plugin"): PromotionRuleLike => ({
  id,
  attribute: "customer.groups.id",
  operator: "in",
  description: COUPON_RULE_DESCRIPTION,
  values: values.map((value) => ({ value })),
})
const vip: PromotionRuleLike = {
  id: "prorul_vip",
  attribute: "customer.groups.id",
  operator: "in",
  description: null,
  values: [{ value: "cusgroup_vip" }],
}
const region: PromotionRuleLike = {
  id: "prorul_region",
  attribute: "region.id",
  operator: "eq",
  values: ["reg_jp"],
}

describe("coupon URL (<#クーポンURL>)", () => {
  it("should render {storefrontUrl}/{couponPath}/{token} with a coupon token for the recipient", () => {
    const options = resolveNewsletterOptions({ sender, storefrontUrl: "https://shop.example.jp/" })
    const url = couponUrl(options, KEYS, "nlrcp_1")
    const match = url.match(/^https:\/\/shop\.example\.jp\/newsletter-coupons\/([^/]+)$/)
    expect(match).not.toBeNull()
    expect(verifyLinkToken(match![1], KEYS, "coupon")).toEqual({ purpose: "coupon", r: "nlrcp_1" })
    expect(verifyLinkToken(match![1], KEYS, "unsubscribe")).toBeNull()
  })

  it("should use the couponPath option, ignoring its leading and trailing slashes", () => {
    const options = resolveNewsletterOptions({ sender, couponPath: "/ja/coupons/" })
    expect(couponUrl(options, KEYS, "nlrcp_1")).toMatch(
      /^http:\/\/localhost:8000\/ja\/coupons\/[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/
    )
  })

  it("should refuse a couponPath that is not a plain URL path", () => {
    for (const couponPath of ["", "coupons?x=1", "coupons#top", "クーポン", "a//b", "https://x.jp/c"]) {
      expect(() => resolveNewsletterOptions({ sender, couponPath })).toThrow(
        'medusa-plugin-newsletter: invalid plugin options: couponPath must be a URL path such as "newsletter-coupons" or "ja/coupons"'
      )
    }
  })
})

describe("assertCouponUrlTag", () => {
  it("should require the tag in a claim_link body only", () => {
    const error = thrownBy(() => assertCouponUrlTag({ coupon_mode: "claim_link", body: "コード: <#クーポンコード>" }))
    expect([error.type, error.message]).toEqual([MedusaError.Types.INVALID_DATA, COUPON_URL_TAG_REQUIRED_MESSAGE])
    expect([error.code, (error as any).errors]).toEqual([
      "coupon_url_tag_required",
      [{ path: "body", code: "coupon_url_tag_required", params: { tag: "<#クーポンURL>" } }],
    ])
    expect(() => assertCouponUrlTag({ coupon_mode: "code", body: "コード: <#クーポンコード>" })).not.toThrow()
    expect(() => assertCouponUrlTag({ coupon_mode: "none", body: "" })).not.toThrow()
    expect(() => assertCouponUrlTag({ coupon_mode: "claim_link", body: "→ <#クーポンURL>" })).not.toThrow()
  })

  it("should find the tag typed or HTML-encoded, and nothing that merely looks like it", () => {
    expect(containsCouponUrlTag('<a href="<#クーポンURL>">受け取る</a>')).toBe(true)
    expect(containsCouponUrlTag('<a href="&lt;#クーポンURL&gt;">受け取る</a>')).toBe(true)
    expect(containsCouponUrlTag("<#クーポンコード>")).toBe(false)
    expect(containsCouponUrlTag("クーポンURL")).toBe(false)
    expect(containsCouponUrlTag("<#クーポンurl>")).toBe(false)
  })
})

describe("the plugin's promotion rule", () => {
  it("should create the rule when the promotion has none of its own, leaving the others", () => {
    expect(planCouponRuleAttach([vip, region], "cusgroup_a")).toEqual({
      create: [
        {
          attribute: "customer.groups.id",
          operator: "in",
          description: COUPON_RULE_DESCRIPTION,
          values: ["cusgroup_a"],
        },
      ],
      update: [],
      delete: [],
    })
  })

  it("should add a second article's group to the same rule, never a second rule (rules are ANDed)", () => {
    expect(planCouponRuleAttach([vip, managed(["cusgroup_a"])], "cusgroup_b")).toEqual({
      create: [],
      update: [{ id: "prorul_plugin", values: ["cusgroup_a", "cusgroup_b"] }],
      delete: [],
    })
    expect(isEmptyBatch(planCouponRuleAttach([managed(["cusgroup_a"])], "cusgroup_a"))).toBe(true)
  })

  it("should recognise its rule by a known group when the description was lost", () => {
    const edited = { ...managed(["cusgroup_a"]), description: null }
    expect(findCouponRule([vip, edited], ["cusgroup_a"])).toBe(edited)
    expect(findCouponRule([vip, edited])).toBeUndefined()
    expect(planCouponRuleAttach([vip, edited], "cusgroup_b", ["cusgroup_a"]).update).toEqual([
      { id: "prorul_plugin", values: ["cusgroup_a", "cusgroup_b"] },
    ])
  })

  it("should never take the store owner's own group rule for its own", () => {
    expect(findCouponRule([vip], ["cusgroup_a"])).toBeUndefined()
    expect(planCouponRuleDetach([vip], "cusgroup_vip")).toEqual({ create: [], update: [], delete: [] })
  })

  it("should detach a group, and delete the rule with its last group", () => {
    expect(planCouponRuleDetach([vip, managed(["cusgroup_a", "cusgroup_b"])], "cusgroup_a")).toEqual({
      create: [],
      update: [{ id: "prorul_plugin", values: ["cusgroup_b"] }],
      delete: [],
    })
    expect(planCouponRuleDetach([vip, managed(["cusgroup_a"])], "cusgroup_a")).toEqual({
      create: [],
      update: [],
      delete: ["prorul_plugin"],
    })
    expect(isEmptyBatch(planCouponRuleDetach([vip, managed(["cusgroup_b"])], "cusgroup_a"))).toBe(true)
  })

  it("should name the group after the article, shortening a long subject", () => {
    const data = couponGroupData({ id: "nl_1", subject: "あ".repeat(80), promotion_id: "promo_1" })
    expect(data.name).toEqual(`Newsletter coupon: ${"あ".repeat(59)}… (nl_1)`)
    expect(data.metadata).toEqual({
      managed_by: "medusa-plugin-newsletter",
      newsletter_id: "nl_1",
      promotion_id: "promo_1",
    })
  })
})

describe("recipientMatchesCustomer", () => {
  it("should match the recipient's customer, or a customer with the recipient's normalized email", () => {
    const recipient = { customer_id: "cus_guest", email: "taro@example.jp" }
    expect(recipientMatchesCustomer(recipient, { id: "cus_guest", email: null })).toBe(true)
    expect(recipientMatchesCustomer(recipient, { id: "cus_registered", email: " Taro@Example.JP " })).toBe(true)
    expect(recipientMatchesCustomer(recipient, { id: "cus_other", email: "jiro@example.jp" })).toBe(false)
    expect(recipientMatchesCustomer({ customer_id: null, email: "taro@example.jp" }, { id: "cus_x", email: null })).toBe(
      false
    )
  })
})

describe("assertPromotionClaimable", () => {
  const now = new Date("2026-12-01T00:00:00Z")
  const promotion: ClaimablePromotion = {
    id: "promo_1",
    code: "NEWS10",
    status: "active",
    limit: null,
    used: 0,
    application_method: { type: "fixed", value: "500", currency_code: "jpy", target_type: "order" },
    campaign: null,
  }
  const refusal = (p: ClaimablePromotion) => {
    const error = thrownBy(() => assertPromotionClaimable(p, now))
    return [error.type, error.message]
  }
  const code = (p: ClaimablePromotion) => {
    const error = thrownBy(() => assertPromotionClaimable(p, now)) as MedusaError & { params: unknown }
    return [error.code, error.params]
  }

  it("should give each reason its code and params", () => {
    expect(code({ ...promotion, status: "draft" })).toEqual(["coupon_not_active", { code: "NEWS10", promotion_status: "draft" }])
    expect(code({ ...promotion, campaign: { starts_at: null, ends_at: "2026-12-01T00:00:00Z" } })).toEqual([
      "coupon_ended",
      { code: "NEWS10", ended_at: "2026-12-01T00:00:00.000Z" },
    ])
    expect(code({ ...promotion, limit: 100, used: 100 })).toEqual(["coupon_used_up", { code: "NEWS10", limit: 100 }])
    expect(
      code({ ...promotion, campaign: { starts_at: null, ends_at: null, budget: { type: "spend", limit: 5, used: 5 } } })
    ).toEqual(["coupon_budget_used_up", { code: "NEWS10" }])
  })

  it("should accept an active promotion, also one whose campaign has not started yet", () => {
    expect(() => assertPromotionClaimable(promotion, now)).not.toThrow()
    expect(() =>
      assertPromotionClaimable(
        { ...promotion, campaign: { starts_at: "2026-12-10T00:00:00Z", ends_at: "2026-12-31T00:00:00Z" } },
        now
      )
    ).not.toThrow()
  })

  it("should give the reason for a draft, inactive, ended or used-up promotion", () => {
    expect(refusal({ ...promotion, status: "draft" })).toEqual([
      MedusaError.Types.NOT_ALLOWED,
      "The coupon NEWS10 cannot be claimed: its promotion is draft, not active",
    ])
    expect(refusal({ ...promotion, status: "inactive" })[1]).toEqual(
      "The coupon NEWS10 cannot be claimed: its promotion is inactive, not active"
    )
    expect(refusal({ ...promotion, campaign: { starts_at: null, ends_at: "2026-12-01T00:00:00Z" } })[1]).toEqual(
      "The coupon NEWS10 cannot be claimed: it ended at 2026-12-01T00:00:00.000Z"
    )
    expect(refusal({ ...promotion, limit: 100, used: 100 })[1]).toEqual(
      "The coupon NEWS10 cannot be claimed: it has been used up (limit 100)"
    )
    expect(
      refusal({
        ...promotion,
        campaign: { starts_at: null, ends_at: null, budget: { type: "usage", limit: 10, used: 10 } },
      })[1]
    ).toEqual("The coupon NEWS10 cannot be claimed: its campaign budget is used up")
  })

  it("should not count a per-customer budget as used up", () => {
    expect(() =>
      assertPromotionClaimable(
        {
          ...promotion,
          campaign: { starts_at: null, ends_at: null, budget: { type: "use_by_attribute", limit: 1, used: 5 } },
        },
        now
      )
    ).not.toThrow()
  })
})

describe("couponSummary", () => {
  it("should summarise the discount and the campaign's dates", () => {
    expect(
      couponSummary({
        id: "promo_1",
        code: "NEWS10",
        status: "active",
        application_method: { type: "fixed", value: "500", currency_code: "jpy", target_type: "order" },
        campaign: { starts_at: null, ends_at: new Date("2026-12-31T15:00:00Z") },
      })
    ).toEqual({
      id: "promo_1",
      type: "fixed",
      value: 500,
      currency_code: "jpy",
      target_type: "order",
      starts_at: null,
      ends_at: "2026-12-31T15:00:00.000Z",
    })
  })
})
