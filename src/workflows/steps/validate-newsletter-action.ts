import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { NewsletterStatus } from "../../modules/newsletter"
import { assertActionAllowed, NewsletterAction } from "../../modules/newsletter/utils/newsletter-status"

export type ValidateNewsletterActionStepInput = {
  newsletter: { id: string; status: NewsletterStatus }
  action: Extract<NewsletterAction, "edit" | "delete" | "cancel">
}

export const validateNewsletterActionStepId = "validate-newsletter-action"

/**
 * This step refuses, on the workflow's read of the article, an action its status does not allow:
 * 400 naming the status (409 for a cancel after sending started). It only makes the usual refusal
 * friendly: the write that follows is itself conditional on the status, and answers 409 when the
 * status changed in between. It changes nothing.
 */
export const validateNewsletterActionStep = createStep(
  validateNewsletterActionStepId,
  async ({ newsletter, action }: ValidateNewsletterActionStepInput) => {
    assertActionAllowed(newsletter.id, newsletter.status, action)
    return new StepResponse(void 0)
  }
)
