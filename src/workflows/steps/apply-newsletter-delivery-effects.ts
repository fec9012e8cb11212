import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import type { AppliedDeliveryEffect } from "../../modules/newsletter/service"

export type ApplyNewsletterDeliveryEffectsStepInput = {
  /** Only these effects (a webhook request's own); all owed effects when omitted. */
  ids?: string[]
}

export const applyNewsletterDeliveryEffectsStepId = "apply-newsletter-delivery-effects"

/**
 * This step applies delivery effects still owed (unsubscribe on a complaint, clean on a permanent
 * bounce or a transient streak, S16), each in its own transaction with its subscription change and
 * history entry: one that fails stays owed for the next run and doesn't hold up the others. No
 * compensation: an applied effect is a fact the delivery report stated, and applying is idempotent.
 */
export const applyNewsletterDeliveryEffectsStep = createStep(
  { name: applyNewsletterDeliveryEffectsStepId, noCompensation: true },
  async (input: ApplyNewsletterDeliveryEffectsStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const results: AppliedDeliveryEffect[] = await service.applyDeliveryEffects({
      ids: input.ids,
      now: resolveClock(container).now(),
    })
    return new StepResponse(results)
  }
)
