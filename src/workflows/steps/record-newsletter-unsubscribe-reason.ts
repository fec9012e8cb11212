import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import type {
  RecordedUnsubscribeReason,
  UnsubscribeReasonInput,
} from "../../modules/newsletter/repositories/unsubscribe-follow-up"

export type RecordNewsletterUnsubscribeReasonStepInput = UnsubscribeReasonInput

export const recordNewsletterUnsubscribeReasonStepId = "record-newsletter-unsubscribe-reason"

/**
 * This step adds the reason given on the unsubscribe page to the address's unsubscribe in its
 * history (the entry's params), while the page's 7 days are open. Its compensation puts the
 * entry's params back.
 */
export const recordNewsletterUnsubscribeReasonStep = createStep(
  recordNewsletterUnsubscribeReasonStepId,
  async (input: RecordNewsletterUnsubscribeReasonStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const recorded = await service.recordUnsubscribeReason(input)
    return new StepResponse<{ event_id: string }, RecordedUnsubscribeReason>(
      { event_id: recorded.event_id },
      recorded
    )
  },
  async (recorded, { container }) => {
    if (!recorded) {
      return
    }
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    await service.revertUnsubscribeReason(recorded)
  }
)
