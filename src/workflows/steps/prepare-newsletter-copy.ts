import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import {
  NEWSLETTER_MODULE,
  NewsletterCouponMode,
  NewsletterFormat,
} from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { copySendTime } from "../../modules/newsletter/utils/schedule-rules"
import type { CreateNewsletterData } from "./create-newsletters"

export type PrepareNewsletterCopyStepInput = {
  newsletter: {
    subject: string
    body: string
    format: NewsletterFormat | `${NewsletterFormat}`
    category_id?: string | null
    audience?: Record<string, unknown> | null
    promotion_id?: string | null
    coupon_mode?: NewsletterCouponMode | `${NewsletterCouponMode}`
  }
}

export const prepareNewsletterCopyStepId = "prepare-newsletter-copy"

/**
 * This step builds the fields of a copy (複製) of an article: the same content, category,
 * audience and coupon settings, and a provisional send time (tomorrow, on the hour in the store's
 * time zone) that the owner confirms on the edit screen. A category or promotion deleted since
 * the original was written is left empty (coupon mode `none`), so copying never fails on it.
 */
export const prepareNewsletterCopyStep = createStep(
  prepareNewsletterCopyStepId,
  async ({ newsletter }: PrepareNewsletterCopyStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const options = await service.getOptions()

    let categoryId = newsletter.category_id ?? null
    if (categoryId) {
      const [category] = await service.listNewsletterCategories({ id: categoryId })
      categoryId = category ? categoryId : null
    }

    let promotionId = newsletter.promotion_id ?? null
    if (promotionId) {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({
        entity: "promotion",
        fields: ["id"],
        filters: { id: promotionId },
      })
      promotionId = data.length ? promotionId : null
    }

    const copy: CreateNewsletterData = {
      subject: newsletter.subject,
      body: newsletter.body,
      format: newsletter.format as NewsletterFormat,
      scheduled_at: copySendTime(resolveClock(container).now(), options.timezone),
      category_id: categoryId,
      audience: newsletter.audience ?? {},
      promotion_id: promotionId,
      coupon_mode: promotionId
        ? ((newsletter.coupon_mode ?? NewsletterCouponMode.NONE) as NewsletterCouponMode)
        : NewsletterCouponMode.NONE,
    }
    return new StepResponse(copy)
  }
)
