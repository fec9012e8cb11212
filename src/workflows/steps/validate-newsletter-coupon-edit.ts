import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { assertCouponUrlTag } from "../../lib/coupons"
import { NewsletterCouponMode, NewsletterStatus } from "../../modules/newsletter"
import { NewsletterError } from "../../modules/newsletter/errors"

export type ValidateNewsletterCouponEditStepInput = {
  /** The article before the edit. */
  newsletter: {
    id: string
    status: NewsletterStatus
    body: string
    coupon_mode: NewsletterCouponMode
    promotion_id: string | null
  }
  /** The edited fields. */
  input: { body?: string; coupon_mode?: NewsletterCouponMode; promotion_id?: string | null }
  /** Whether the edit changes the audience, which sends a scheduled article back to draft. */
  audience_changed: boolean
}

export const validateNewsletterCouponEditStepId = "validate-newsletter-coupon-edit"

/**
 * This step guards the coupon of a reserved article (S9). The reservation restricted the
 * promotion to the article's customer group, so while the article stays `scheduled` its promotion
 * and coupon mode cannot change, and a `claim_link` body must keep `<#クーポンURL>`. An edit that
 * also changes the audience sends the article back to draft, and then anything goes. It changes
 * nothing.
 */
export const validateNewsletterCouponEditStep = createStep(
  validateNewsletterCouponEditStepId,
  async ({ newsletter, input, audience_changed }: ValidateNewsletterCouponEditStepInput) => {
    if (newsletter.status !== NewsletterStatus.SCHEDULED || audience_changed) {
      return new StepResponse(void 0)
    }
    const modeChanged = input.coupon_mode !== undefined && input.coupon_mode !== newsletter.coupon_mode
    const promotionChanged =
      input.promotion_id !== undefined && input.promotion_id !== newsletter.promotion_id
    if (modeChanged || promotionChanged) {
      throw new NewsletterError(
        MedusaError.Types.NOT_ALLOWED,
        "coupon_fixed_when_scheduled",
        `Newsletter "${newsletter.id}" is scheduled: its promotion_id and coupon_mode were fixed at the reservation and cannot be changed until it is cancelled or its audience changes`,
        { id: newsletter.id }
      )
    }
    assertCouponUrlTag({ coupon_mode: newsletter.coupon_mode, body: input.body ?? newsletter.body })
    return new StepResponse(void 0)
  }
)
