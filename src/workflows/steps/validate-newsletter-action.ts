import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { NewsletterStatus } from "../../modules/newsletter"
import {
  assertDeletable,
  assertEditable,
} from "../../modules/newsletter/utils/newsletter-status"

export type ValidateNewsletterActionStepInput = {
  newsletter: { id: string; status: NewsletterStatus }
  action: "edit" | "delete"
}

export const validateNewsletterActionStepId = "validate-newsletter-action"

/**
 * This step refuses an edit or a delete that the article's status does not allow.
 */
export const validateNewsletterActionStep = createStep(
  validateNewsletterActionStepId,
  async ({ newsletter, action }: ValidateNewsletterActionStepInput) => {
    if (action === "edit") {
      assertEditable(newsletter.id, newsletter.status)
    } else {
      assertDeletable(newsletter.id, newsletter.status)
    }
    return new StepResponse(void 0)
  }
)
