import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { assertCouponUrlTag } from "../../lib/coupons"
import { NEWSLETTER_MODULE, NewsletterCouponMode } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { notFound } from "../../modules/newsletter/utils/not-found"
import { fieldError } from "../../modules/newsletter/errors"

export type ValidateNewsletterCouponStepInput = { id: string }

export const validateNewsletterCouponStepId = "validate-newsletter-coupon"

/**
 * This step checks, before a reservation, that an article's coupon can work (S9): a `claim_link`
 * article's body contains `<#クーポンURL>` (else 400 saying so) and its promotion still exists.
 * It changes nothing.
 */
export const validateNewsletterCouponStep = createStep(
  validateNewsletterCouponStepId,
  async (input: ValidateNewsletterCouponStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const [article] = await service.listNewsletters(
      { id: input.id },
      { select: ["id", "body", "coupon_mode", "promotion_id"] }
    )
    if (!article) {
      throw notFound("Newsletter", input.id)
    }
    assertCouponUrlTag(article)

    if (article.coupon_mode !== NewsletterCouponMode.NONE && article.promotion_id) {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({
        entity: "promotion",
        fields: ["id"],
        filters: { id: article.promotion_id },
      })
      if (!data.length) {
        throw fieldError(
          MedusaError.Types.INVALID_DATA,
          "unknown_promotion",
          `promotion_id: promotion "${article.promotion_id}" does not exist`,
          "promotion_id",
          { id: article.promotion_id }
        )
      }
    }
    return new StepResponse(void 0)
  }
)
