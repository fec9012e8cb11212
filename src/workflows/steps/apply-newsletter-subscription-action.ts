import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import type {
  SubscriptionActionInput,
  SubscriptionActionResult,
  SubscriptionImportRevert,
} from "../../modules/newsletter/service"

/** The action, the selection, and what each history entry records. */
export type ApplyNewsletterSubscriptionActionStepInput = SubscriptionActionInput

export type ApplyNewsletterSubscriptionActionStepOutput = Pick<SubscriptionActionResult, "changed" | "skipped">

export const applyNewsletterSubscriptionActionStepId = "apply-newsletter-subscription-action"

/**
 * This step applies one bulk action of the store owner (clean, unclean, unsubscribe) to a selection
 * of subscriptions through the module's applyNewsletterSubscriptionAction: one transaction, a
 * statement to lock and read the selection and one to change it with its history entries (source
 * `admin`), each decided by the subscription rules on the status found under the lock. Unknown ids
 * and refused ones come back as skipped, with a code. Its compensation removes the history entries
 * it wrote and gives the records their previous status and streak.
 */
export const applyNewsletterSubscriptionActionStep = createStep(
  applyNewsletterSubscriptionActionStepId,
  async (input: ApplyNewsletterSubscriptionActionStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const { changed, skipped, revert } = await service.applyNewsletterSubscriptionAction(input)
    return new StepResponse<ApplyNewsletterSubscriptionActionStepOutput, SubscriptionImportRevert>(
      { changed, skipped },
      revert
    )
  },
  async (revert, { container }) => {
    if (!revert?.event_ids.length) {
      return
    }
    // The same undo as an import's: from the history entries written (no record was created).
    await container
      .resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
      .revertNewsletterSubscriptionImport(revert)
  }
)
