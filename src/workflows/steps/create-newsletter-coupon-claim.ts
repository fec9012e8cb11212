import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"

export type CreateNewsletterCouponClaimStepInput = {
  newsletter_id: string
  recipient_id: string
  customer_id: string
  promotion_id: string
  customer_group_id: string
}

export const createNewsletterCouponClaimStepId = "create-newsletter-coupon-claim"

/**
 * This step records a recipient's coupon claim (S9), stamped with the clock's time. The unique
 * recipient index backs the claim lock: a recipient never has two claims. Its compensation
 * deletes the claim.
 */
export const createNewsletterCouponClaimStep = createStep(
  createNewsletterCouponClaimStepId,
  async (input: CreateNewsletterCouponClaimStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const claim = await service.createNewsletterCouponClaims({
      ...input,
      claimed_at: resolveClock(container).now(),
    })
    return new StepResponse(
      { id: claim.id, claimed_at: new Date(claim.claimed_at).toISOString() },
      claim.id
    )
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    await container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).deleteNewsletterCouponClaims(id)
  }
)
