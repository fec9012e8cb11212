import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  SendNewsletterSignupConfirmationStepInput,
  sendNewsletterSignupConfirmationStep,
} from "./steps/send-newsletter-signup-confirmation"

export const sendNewsletterSignupConfirmationWorkflowId = "send-newsletter-signup-confirmation"

/**
 * This workflow sends the confirmation mail a storefront signup owes (the subscriber of
 * `newsletter.signup_requested` right after the signup's answer; the every-minute job for one a
 * stopped process left owed). A request whose mail was sent, confirmed or expired is left alone.
 *
 * @example
 * await sendNewsletterSignupConfirmationWorkflow(container).run({ input: { request_id: "nlsreq_…" } })
 */
export const sendNewsletterSignupConfirmationWorkflow = createWorkflow(
  sendNewsletterSignupConfirmationWorkflowId,
  (input: WorkflowData<SendNewsletterSignupConfirmationStepInput>) => {
    return new WorkflowResponse(sendNewsletterSignupConfirmationStep(input))
  }
)
