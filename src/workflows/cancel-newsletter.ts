import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { NewsletterEvents, NewsletterStatus } from "../modules/newsletter"
import { releaseNewsletterCouponWorkflow } from "./release-newsletter-coupon"
import { transitionNewsletterStep } from "./steps/transition-newsletter"

export type CancelNewsletterWorkflowInput = { id: string }

export const cancelNewsletterWorkflowId = "cancel-newsletter"

/**
 * This workflow cancels a scheduled article (キャンセル, S14). Once sending has started it fails
 * with a CONFLICT saying so. A `claim_link` article's promotion gets back the rules it had before
 * the reservation and its customer group is deleted (see `releaseNewsletterCouponWorkflow`). It
 * emits `newsletter.cancelled`.
 *
 * @example
 * await cancelNewsletterWorkflow(container).run({ input: { id: "nl_123" } })
 */
export const cancelNewsletterWorkflow = createWorkflow(
  cancelNewsletterWorkflowId,
  (input: WorkflowData<CancelNewsletterWorkflowInput>) => {
    const transition = transitionNewsletterStep({
      id: input.id,
      to: NewsletterStatus.CANCELLED,
      stamp: "cancelled_at",
    })
    releaseNewsletterCouponWorkflow.runAsStep({ input: { id: input.id } })
    emitEventStep({ eventName: NewsletterEvents.CANCELLED, data: { id: input.id } })
    return new WorkflowResponse(transition)
  }
)
