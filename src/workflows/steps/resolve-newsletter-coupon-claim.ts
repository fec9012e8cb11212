import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import {
  assertPromotionClaimable,
  ClaimablePromotion,
  couponLinkNotFound,
  couponSummary,
  CouponSummary,
  recipientMatchesCustomer,
} from "../../lib/coupons"
import { NEWSLETTER_MODULE, NewsletterCouponMode } from "../../modules/newsletter"
import { NewsletterError, type NewsletterErrorParams } from "../../modules/newsletter/errors"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { isInStatusSet } from "../../modules/newsletter/utils/newsletter-status"
import { notFound } from "../../modules/newsletter/utils/not-found"

export type ResolveNewsletterCouponClaimStepInput = {
  recipient_id: string
  /** The logged-in customer. */
  customer_id: string
}

/** Everything a claim needs, checked. */
export type NewsletterCouponClaimContext = {
  newsletter_id: string
  recipient_id: string
  customer_id: string
  customer_group_id: string
  promotion_id: string
  code: string
  promotion: CouponSummary
  /** Whether the customer is in the group already (then the claim adds nothing to it). */
  in_group: boolean
  /** The earlier claim of this recipient, which a second claim answers again. */
  existing: { id: string; claimed_at: string } | null
}

const notAllowed = (code: string, message: string, params: NewsletterErrorParams = {}) =>
  new NewsletterError(MedusaError.Types.NOT_ALLOWED, code, message, params)

export const resolveNewsletterCouponClaimStepId = "resolve-newsletter-coupon-claim"

/**
 * This step checks that the logged-in customer may claim the coupon of a recipient (S9): the
 * recipient exists (else 404), the customer is that recipient — the recipient's customer, or a
 * customer with the recipient's normalized email (else FORBIDDEN, 403) — the article was sent
 * and its coupon is a claim link, and the promotion is active, not ended and not used up (else
 * NOT_ALLOWED, 400, with the reason). It returns the claim's context with the earlier claim, if
 * any. It changes nothing.
 */
export const resolveNewsletterCouponClaimStep = createStep(
  resolveNewsletterCouponClaimStepId,
  async (input: ResolveNewsletterCouponClaimStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)

    const [recipient] = await service.listNewsletterRecipients(
      { id: input.recipient_id },
      { relations: ["newsletter"] }
    )
    if (!recipient?.newsletter) {
      throw couponLinkNotFound()
    }
    const { data: customers } = await query.graph({
      entity: "customer",
      fields: ["id", "email", "groups.id"],
      filters: { id: input.customer_id },
    })
    const customer = customers[0]
    if (!customer) {
      throw notFound("Customer", input.customer_id)
    }
    if (!recipientMatchesCustomer(recipient, customer)) {
      throw new NewsletterError(
        MedusaError.Types.FORBIDDEN,
        "coupon_link_other_customer",
        "This coupon link was sent to another customer: log in as the customer who received the newsletter"
      )
    }

    const article = recipient.newsletter
    if (!isInStatusSet(article.status, "STARTED")) {
      throw notAllowed(
        "coupon_newsletter_not_sent",
        `The coupon of this newsletter cannot be claimed: the newsletter has not been sent (status: ${article.status})`,
        { status: article.status }
      )
    }
    if (
      article.coupon_mode !== NewsletterCouponMode.CLAIM_LINK ||
      !article.promotion_id ||
      !article.customer_group_id
    ) {
      throw notAllowed("coupon_none", "This newsletter has no coupon to claim")
    }

    const { data: promotions } = await query.graph({
      entity: "promotion",
      fields: [
        "id",
        "code",
        "status",
        "limit",
        "used",
        "application_method.type",
        "application_method.value",
        "application_method.currency_code",
        "application_method.target_type",
        "campaign.starts_at",
        "campaign.ends_at",
        "campaign.budget.type",
        "campaign.budget.limit",
        "campaign.budget.used",
      ],
      filters: { id: article.promotion_id },
    })
    const promotion = promotions[0] as unknown as ClaimablePromotion | undefined
    if (!promotion) {
      throw notAllowed(
        "coupon_promotion_missing",
        "The coupon of this newsletter cannot be claimed: its promotion no longer exists"
      )
    }
    assertPromotionClaimable(promotion, resolveClock(container).now())

    const { data: groups } = await query.graph({
      entity: "customer_group",
      fields: ["id"],
      filters: { id: article.customer_group_id },
    })
    if (!groups.length) {
      throw notAllowed(
        "coupon_group_missing",
        `The coupon ${promotion.code} cannot be claimed: the customer group ${article.customer_group_id} of this newsletter was deleted`,
        { code: promotion.code, group_id: article.customer_group_id }
      )
    }

    const [existing] = await service.listNewsletterCouponClaims({ recipient_id: recipient.id })
    const context: NewsletterCouponClaimContext = {
      newsletter_id: article.id,
      recipient_id: recipient.id,
      customer_id: customer.id,
      customer_group_id: article.customer_group_id,
      promotion_id: promotion.id,
      code: promotion.code,
      promotion: couponSummary(promotion),
      in_group: (customer.groups ?? []).some(
        (g: { id: string } | null) => g?.id === article.customer_group_id
      ),
      existing: existing
        ? { id: existing.id, claimed_at: new Date(existing.claimed_at).toISOString() }
        : null,
    }
    return new StepResponse(context)
  }
)
