import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { notFound } from "../../modules/newsletter/utils/not-found"

export type SetNewsletterCouponGroupStepInput = {
  id: string
  /** The plugin-managed customer group of the article; null when it was released. */
  customer_group_id: string | null
}

export const setNewsletterCouponGroupStepId = "set-newsletter-coupon-group"

/**
 * This step stores on an article the customer group its coupon is restricted to (S9). Its
 * compensation puts back the previous value.
 */
export const setNewsletterCouponGroupStep = createStep(
  setNewsletterCouponGroupStepId,
  async (input: SetNewsletterCouponGroupStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const [before] = await service.listNewsletters(
      { id: input.id },
      { select: ["id", "customer_group_id"] }
    )
    if (!before) {
      throw notFound("Newsletter", input.id)
    }
    await service.updateNewsletters({ id: input.id, customer_group_id: input.customer_group_id })
    return new StepResponse(void 0, { id: input.id, customer_group_id: before.customer_group_id })
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    await service.updateNewsletters(previous)
  }
)
