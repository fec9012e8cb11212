import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  type ResubscribeNewsletterSubscriptionStepInput,
  resubscribeNewsletterSubscriptionStep,
} from "./steps/resubscribe-newsletter-subscription"
import { emitWhenSubscriptionChanged } from "./update-newsletter-subscription"

export type ResubscribeNewsletterSubscriptionWorkflowInput = ResubscribeNewsletterSubscriptionStepInput

export const resubscribeNewsletterSubscriptionWorkflowId = "resubscribe-newsletter-subscription"

/**
 * This workflow subscribes an address again from the unsubscribe page of a newsletter's mail
 * (再登録, no login: the signed link is the proof), only within 7 days of its unsubscribe. It
 * emits `newsletter.subscription_updated` when the status changed.
 *
 * @example
 * await resubscribeNewsletterSubscriptionWorkflow(container).run({
 *   input: { email: "taro@example.jp", newsletter_id: "nl_123", now: new Date() },
 * })
 */
export const resubscribeNewsletterSubscriptionWorkflow = createWorkflow(
  resubscribeNewsletterSubscriptionWorkflowId,
  (input: WorkflowData<ResubscribeNewsletterSubscriptionWorkflowInput>) => {
    const result = resubscribeNewsletterSubscriptionStep(input)
    emitWhenSubscriptionChanged(result)
    return new WorkflowResponse(result)
  }
)
