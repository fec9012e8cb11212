import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { couponLinkNotFound } from "../../lib/coupons"
import { resolveLinkKeys } from "../../lib/dispatch/links"
import { verifyLinkToken } from "../../lib/tokens"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"

export type VerifyNewsletterCouponTokenStepInput = { token: string }

export const verifyNewsletterCouponTokenStepId = "verify-newsletter-coupon-token"

/**
 * This step checks the signature of a coupon URL's token (`<#クーポンURL>`, S9) and returns the
 * recipient it was signed for. A forged or altered token, or one signed for another purpose
 * (an unsubscribe link), fails with NOT_FOUND (404). It changes nothing.
 */
export const verifyNewsletterCouponTokenStep = createStep(
  verifyNewsletterCouponTokenStepId,
  async (input: VerifyNewsletterCouponTokenStepInput, { container }) => {
    const options = await container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).getOptions()
    const payload = verifyLinkToken(input.token, resolveLinkKeys(container, options), "coupon")
    if (!payload || typeof payload.r !== "string" || !payload.r) {
      throw couponLinkNotFound()
    }
    return new StepResponse({ recipient_id: payload.r })
  }
)
