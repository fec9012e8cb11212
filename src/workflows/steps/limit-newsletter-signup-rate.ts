import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { rateLimitVerdict, signupRateLimited } from "../../modules/newsletter/utils/signup-rules"

export type LimitNewsletterSignupRateStepInput = { ip: string | null }

export const limitNewsletterSignupRateStepId = "limit-newsletter-signup-rate"

/**
 * This step counts a storefront signup against its IP address's limit (`signup.ipRequests` per
 * `signup.ipWindowMinutes`), kept in the module's table so that it holds across every server
 * process, and refuses one over it (429 `signup_rate_limited` {retry_after_seconds}). A request
 * without a known address is not limited. No compensation: a counted request stays counted.
 */
export const limitNewsletterSignupRateStep = createStep(
  { name: limitNewsletterSignupRateStepId, noCompensation: true },
  async (input: LimitNewsletterSignupRateStepInput, { container }) => {
    if (!input.ip) {
      return new StepResponse(undefined)
    }
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const { signup } = await service.getOptions()
    const now = resolveClock(container).now()
    const windowMs = signup.ipWindowMinutes * 60_000
    const window = await service.countNewsletterRateLimitHit({ key: `signup-ip:${input.ip}`, window_ms: windowMs, now })
    const verdict = rateLimitVerdict(window, signup.ipRequests, windowMs, now)
    if (!verdict.allowed) {
      throw signupRateLimited(verdict.retry_after_seconds)
    }
    return new StepResponse(undefined)
  }
)
