import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { resolveLinkKeys } from "../../lib/dispatch/links"
import { verifyLinkToken } from "../../lib/tokens"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import type { SubscriptionChangeResult } from "../../modules/newsletter/service"
import { confirmationRefused } from "../../modules/newsletter/utils/signup-rules"

export type ConfirmNewsletterSignupStepInput = { token: string; ip: string | null; user_agent: string | null }

export type ConfirmNewsletterSignupStepOutput = { id: string | null; email: string; changed: boolean }

export const confirmNewsletterSignupStepId = "confirm-newsletter-signup"

/**
 * This step confirms a storefront signup from its link's token: a token that doesn't verify
 * (forged, altered, another purpose) is refused (400 `confirmation_token_invalid`), an expired one
 * (its signed `exp`) with 410 `confirmation_token_expired`; the module then uses the request once
 * (409 `confirmation_token_used` after) and subscribes the address with opt_in_level `confirmed`
 * and the consent evidence in its history. Its compensation undoes the subscription change and
 * opens the request again.
 */
export const confirmNewsletterSignupStep = createStep(
  confirmNewsletterSignupStepId,
  async (input: ConfirmNewsletterSignupStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const payload = verifyLinkToken(input.token, resolveLinkKeys(container, await service.getOptions()), "confirm")
    if (!payload || typeof payload.q !== "string" || typeof payload.exp !== "number") {
      throw confirmationRefused("invalid")
    }
    const now = resolveClock(container).now()
    if (payload.exp * 1000 <= now.getTime()) {
      throw confirmationRefused("expired")
    }
    const { email, change } = await service.confirmNewsletterSignup({
      request_id: payload.q,
      ip: input.ip,
      user_agent: input.user_agent,
      now,
    })
    return new StepResponse<ConfirmNewsletterSignupStepOutput, { request_id: string; change: SubscriptionChangeResult }>(
      { id: change.id, email, changed: change.changed },
      { request_id: payload.q, change }
    )
  },
  async (undo, { container }) => {
    if (undo) {
      await container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).revertNewsletterSignupConfirmation(undo)
    }
  }
)
