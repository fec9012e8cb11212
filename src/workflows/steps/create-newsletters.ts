import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  NEWSLETTER_MODULE,
  NewsletterCouponMode,
  NewsletterFormat,
} from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"

export type CreateNewsletterData = {
  subject: string
  body: string
  format: NewsletterFormat
  scheduled_at: Date | string
  category_id?: string | null
  audience?: Record<string, unknown>
  promotion_id?: string | null
  coupon_mode?: NewsletterCouponMode
}

export const createNewslettersStepId = "create-newsletters"

/**
 * This step creates draft articles. Its compensation deletes them.
 */
export const createNewslettersStep = createStep(
  createNewslettersStepId,
  async (data: CreateNewsletterData[], { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const created = await service.createNewsletters(
      data.map((d) => ({ ...d, scheduled_at: new Date(d.scheduled_at) }))
    )
    return new StepResponse(
      created,
      created.map((n) => n.id)
    )
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    await service.deleteNewsletters(ids)
  }
)
