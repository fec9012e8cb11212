import { MedusaError } from "@medusajs/framework/utils"
import { fieldError, NewsletterError, type NewsletterErrorParams } from "../modules/newsletter/errors"
import { NewsletterCouponMode } from "../modules/newsletter/types"
import { normalizeEmail } from "../modules/newsletter/utils/email"

/** The custom tag that becomes the recipient's coupon URL (S2, S9). */
export const COUPON_URL_TAG = "<#クーポンURL>"

/** Why a `claim_link` article cannot be reserved without `<#クーポンURL>` in its body (S9). */
export const COUPON_URL_TAG_REQUIRED_MESSAGE =
  "The body must contain <#クーポンURL> when coupon_mode is claim_link: recipients can use the coupon only after opening their coupon URL"

/**
 * Whether a body holds `<#クーポンURL>`, typed or HTML-encoded (`&lt;#クーポンURL&gt;`, as a
 * rich-text editor saves it), the two forms the renderer replaces.
 */
export function containsCouponUrlTag(body: string): boolean {
  return body.includes(COUPON_URL_TAG) || body.includes("&lt;#クーポンURL&gt;")
}

/**
 * Throws INVALID_DATA with {@link COUPON_URL_TAG_REQUIRED_MESSAGE} (code `coupon_url_tag_required`
 * {tag}, the problem of `body`) when a `claim_link` article's body has no `<#クーポンURL>`: its
 * recipients would have no way to make the coupon usable.
 */
export function assertCouponUrlTag(article: { coupon_mode: string; body: string }): void {
  if (article.coupon_mode === NewsletterCouponMode.CLAIM_LINK && !containsCouponUrlTag(article.body)) {
    throw fieldError(MedusaError.Types.INVALID_DATA, "coupon_url_tag_required", COUPON_URL_TAG_REQUIRED_MESSAGE, "body", {
      tag: COUPON_URL_TAG,
    })
  }
}

// --- The promotion rule -------------------------------------------------------------------------

/** The cart attribute the plugin's promotion rule tests (the customer's groups). */
export const COUPON_RULE_ATTRIBUTE = "customer.groups.id"

/** Written on the rule the plugin manages, so that store owners see where it comes from. */
export const COUPON_RULE_DESCRIPTION =
  "medusa-plugin-newsletter: usable by customers who opened the coupon URL of a newsletter (one customer group per newsletter). Managed by the plugin."

/** A promotion rule as the Promotion module returns it (values as objects or plain strings). */
export type PromotionRuleLike = {
  id: string
  attribute: string
  operator: string
  description?: string | null
  values: Array<{ value: string } | string>
}

/** What to hand to Medusa's `batchPromotionRulesWorkflow` (rule_type `rules`). */
export type CouponRuleBatch = {
  create: Array<{ attribute: string; operator: "in"; description: string; values: string[] }>
  update: Array<{ id: string; values: string[] }>
  delete: string[]
}

const valuesOf = (rule: PromotionRuleLike) =>
  rule.values.map((v) => (typeof v === "string" ? v : v.value))

/**
 * The rule of a promotion that the plugin manages: `customer.groups.id in [...]`, recognised by
 * its description or, if a store owner's edit dropped the description, by holding a group of one
 * of the plugin's articles (`knownGroupIds`). There is at most one: every `claim_link` article on
 * the promotion adds its group to the same rule, because separate rules would be ANDed and a
 * customer would have to be in every article's group at once.
 */
export function findCouponRule(
  rules: PromotionRuleLike[],
  knownGroupIds: string[] = []
): PromotionRuleLike | undefined {
  const known = new Set(knownGroupIds)
  return rules.find(
    (rule) =>
      rule.attribute === COUPON_RULE_ATTRIBUTE &&
      rule.operator === "in" &&
      (rule.description === COUPON_RULE_DESCRIPTION || valuesOf(rule).some((v) => known.has(v)))
  )
}

/**
 * The change that lets `groupId` use the promotion: create the plugin's rule with the group, or
 * add the group to it; nothing when it is there already. The promotion's other rules are left as
 * they are: the Promotion module ANDs every rule, so the result is never wider than before.
 */
export function planCouponRuleAttach(
  rules: PromotionRuleLike[],
  groupId: string,
  knownGroupIds: string[] = []
): CouponRuleBatch {
  const rule = findCouponRule(rules, knownGroupIds)
  if (!rule) {
    return {
      create: [
        {
          attribute: COUPON_RULE_ATTRIBUTE,
          operator: "in",
          description: COUPON_RULE_DESCRIPTION,
          values: [groupId],
        },
      ],
      update: [],
      delete: [],
    }
  }
  const values = valuesOf(rule)
  if (values.includes(groupId)) {
    return { create: [], update: [], delete: [] }
  }
  return { create: [], update: [{ id: rule.id, values: [...values, groupId] }], delete: [] }
}

/**
 * The exact reverse of {@link planCouponRuleAttach}: take `groupId` out of the plugin's rule, and
 * delete the rule when no group is left, so the promotion is back to the rules it had before.
 */
export function planCouponRuleDetach(
  rules: PromotionRuleLike[],
  groupId: string,
  knownGroupIds: string[] = []
): CouponRuleBatch {
  const rule = findCouponRule(rules, knownGroupIds)
  const values = rule ? valuesOf(rule) : []
  if (!rule || !values.includes(groupId)) {
    return { create: [], update: [], delete: [] }
  }
  const rest = values.filter((v) => v !== groupId)
  return rest.length
    ? { create: [], update: [{ id: rule.id, values: rest }], delete: [] }
    : { create: [], update: [], delete: [rule.id] }
}

/** Whether a batch changes anything. */
export function isEmptyBatch(batch: CouponRuleBatch): boolean {
  return !batch.create.length && !batch.update.length && !batch.delete.length
}

/** The customer group the plugin creates for a `claim_link` article: readable in the admin. */
export function couponGroupData(article: { id: string; subject: string; promotion_id: string }) {
  const subject = article.subject.length > 60 ? `${article.subject.slice(0, 59)}…` : article.subject
  return {
    name: `Newsletter coupon: ${subject} (${article.id})`,
    metadata: {
      managed_by: "medusa-plugin-newsletter",
      newsletter_id: article.id,
      promotion_id: article.promotion_id,
    },
  }
}

// --- The claim ----------------------------------------------------------------------------------

/** A forged, altered or unknown coupon token: the link does not exist (404). */
export function couponLinkNotFound(): NewsletterError {
  return new NewsletterError(
    MedusaError.Types.NOT_FOUND,
    "coupon_link_not_found",
    "This coupon link is not valid: it was not found or has been altered"
  )
}

/**
 * Whether the logged-in customer is the recipient a coupon token was sent to: the recipient's
 * customer, or a customer whose normalized email is the recipient's (a guest and a registered
 * customer may share an address, and the snapshot keeps only one of them).
 */
export function recipientMatchesCustomer(
  recipient: { customer_id: string | null; email: string },
  customer: { id: string; email: string | null }
): boolean {
  if (recipient.customer_id && recipient.customer_id === customer.id) {
    return true
  }
  return !!customer.email && normalizeEmail(customer.email) === recipient.email
}

/** The promotion fields a claim reads (a Query graph of `promotion`). */
export type ClaimablePromotion = {
  id: string
  code: string
  status: string
  limit?: number | null
  used?: number | null
  application_method?: {
    type: string
    value: number | string | null
    currency_code: string | null
    target_type: string
  } | null
  campaign?: {
    starts_at: Date | string | null
    ends_at: Date | string | null
    budget?: { type: string; limit: number | string | null; used: number | string | null } | null
  } | null
}

const refuse = (code: string, message: string, params: NewsletterErrorParams) =>
  new NewsletterError(MedusaError.Types.NOT_ALLOWED, code, message, params)

/**
 * Throws NOT_ALLOWED (400) with the reason when the promotion can no longer be used: it is not
 * active (`coupon_not_active` {code, promotion_status}), its campaign has ended (`coupon_ended` {code,
 * ended_at}), or its usage limit (`coupon_used_up` {code, limit}) or budget
 * (`coupon_budget_used_up` {code}) is used up. A campaign that has not started yet does not stop
 * the claim: the coupon works once it starts.
 */
export function assertPromotionClaimable(promotion: ClaimablePromotion, now: Date): void {
  const code = promotion.code
  if (promotion.status !== "active") {
    throw refuse(
      "coupon_not_active",
      `The coupon ${code} cannot be claimed: its promotion is ${promotion.status}, not active`,
      { code, promotion_status: promotion.status }
    )
  }
  const endsAt = promotion.campaign?.ends_at ? new Date(promotion.campaign.ends_at) : null
  if (endsAt && endsAt.getTime() <= now.getTime()) {
    throw refuse("coupon_ended", `The coupon ${code} cannot be claimed: it ended at ${endsAt.toISOString()}`, {
      code,
      ended_at: endsAt.toISOString(),
    })
  }
  if (typeof promotion.limit === "number" && (promotion.used ?? 0) >= promotion.limit) {
    throw refuse(
      "coupon_used_up",
      `The coupon ${code} cannot be claimed: it has been used up (limit ${promotion.limit})`,
      { code, limit: promotion.limit }
    )
  }
  const budget = promotion.campaign?.budget
  if (
    budget &&
    (budget.type === "usage" || budget.type === "spend") &&
    budget.limit !== null &&
    Number(budget.used ?? 0) >= Number(budget.limit)
  ) {
    throw refuse("coupon_budget_used_up", `The coupon ${code} cannot be claimed: its campaign budget is used up`, {
      code,
    })
  }
}

/** What the storefront shows after a claim: the code and what it gives. */
export type CouponSummary = {
  id: string
  /** `percentage` or `fixed`. */
  type: string | null
  value: number | null
  /** Set for fixed amounts; null for percentages. */
  currency_code: string | null
  /** `order`, `items` or `shipping_methods`. */
  target_type: string | null
  starts_at: string | null
  ends_at: string | null
}

const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null)

/** The summary of a promotion answered by a claim. */
export function couponSummary(promotion: ClaimablePromotion): CouponSummary {
  const method = promotion.application_method
  return {
    id: promotion.id,
    type: method?.type ?? null,
    value: method?.value === null || method?.value === undefined ? null : Number(method.value),
    currency_code: method?.currency_code ?? null,
    target_type: method?.target_type ?? null,
    starts_at: iso(promotion.campaign?.starts_at),
    ends_at: iso(promotion.campaign?.ends_at),
  }
}
