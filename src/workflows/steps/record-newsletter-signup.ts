import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"

export type RecordNewsletterSignupStepInput = {
  email: string
  ip: string | null
  user_agent: string | null
  source_url: string | null
}

/** The pending request to confirm by mail; null when no mail goes out. */
export type RecordNewsletterSignupStepOutput = { request_id: string; email: string; expires_at: string } | null

export const recordNewsletterSignupStepId = "record-newsletter-signup"

/**
 * This step records a storefront signup (ダブルオプトイン) as a pending consent request, when the
 * signup rules say a confirmation mail goes out (the module's recordNewsletterSignupRequest: not
 * for a subscribed, cleaned or complained address, and at most one mail per 10 minutes and 5 a
 * day per address). Its compensation deletes the request.
 */
export const recordNewsletterSignupStep = createStep(
  recordNewsletterSignupStepId,
  async (input: RecordNewsletterSignupStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const { signup } = await service.getOptions()
    const now = resolveClock(container).now()
    const expires_at = new Date(now.getTime() + signup.confirmationHours * 60 * 60_000)
    const result = await service.recordNewsletterSignupRequest({ ...input, now, expires_at })
    const output: RecordNewsletterSignupStepOutput = result.request_id
      ? { request_id: result.request_id, email: result.email, expires_at: expires_at.toISOString() }
      : null
    return new StepResponse(output, result.request_id)
  },
  async (requestId, { container }) => {
    if (requestId) {
      await container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).discardNewsletterSignupRequest(requestId)
    }
  }
)
