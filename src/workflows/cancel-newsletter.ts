import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { NewsletterEvents, NewsletterStatus } from "../modules/newsletter"
import { releaseNewsletterCouponWorkflow } from "./release-newsletter-coupon"
import { getNewsletterStep } from "./steps/get-newsletter"
import { transitionNewsletterStep } from "./steps/transition-newsletter"
import { validateNewsletterActionStep } from "./steps/validate-newsletter-action"

export type CancelNewsletterWorkflowInput = { id: string }

export const cancelNewsletterWorkflowId = "cancel-newsletter"

/**
 * This workflow cancels a scheduled article (キャンセル, S14). Once sending has started it fails
 * with a CONFLICT saying so; a draft or cancelled article is refused with a 400 naming its status.
 * The cancel itself is one conditional write, so a cancel racing the dispatcher's claim either
 * lands before it or answers 409. A `claim_link` article's promotion gets back the rules it had before
 * the reservation and its customer group is deleted (see `releaseNewsletterCouponWorkflow`). It
 * emits `newsletter.cancelled`.
 *
 * @example
 * await cancelNewsletterWorkflow(container).run({ input: { id: "nl_123" } })
 */
export const cancelNewsletterWorkflow = createWorkflow(
  cancelNewsletterWorkflowId,
  (input: WorkflowData<CancelNewsletterWorkflowInput>) => {
    const newsletter = getNewsletterStep({ id: input.id })
    validateNewsletterActionStep({ newsletter, action: "cancel" })
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
