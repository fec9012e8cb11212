import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  type RecordNewsletterUnsubscribeReasonStepInput,
  recordNewsletterUnsubscribeReasonStep,
} from "./steps/record-newsletter-unsubscribe-reason"

export type RecordNewsletterUnsubscribeReasonWorkflowInput = RecordNewsletterUnsubscribeReasonStepInput

export const recordNewsletterUnsubscribeReasonWorkflowId = "record-newsletter-unsubscribe-reason"

/**
 * This workflow records why a recipient unsubscribed (the unsubscribe page's optional question:
 * too_many, not_interested, never_signed_up, other, with a free text) in the history entry of the
 * unsubscribe, within 7 days of it. The admin counts the reasons per article.
 *
 * @example
 * await recordNewsletterUnsubscribeReasonWorkflow(container).run({
 *   input: { email: "taro@example.jp", reason: "too_many", text: null, now: new Date() },
 * })
 */
export const recordNewsletterUnsubscribeReasonWorkflow = createWorkflow(
  recordNewsletterUnsubscribeReasonWorkflowId,
  (input: WorkflowData<RecordNewsletterUnsubscribeReasonWorkflowInput>) => {
    return new WorkflowResponse(recordNewsletterUnsubscribeReasonStep(input))
  }
)
