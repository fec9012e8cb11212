import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { SendTestMailsStepInput, sendTestMailsStep } from "./steps/send-test-mails"

export type SendNewsletterTestWorkflowInput = SendTestMailsStepInput

export const sendNewsletterTestWorkflowId = "send-newsletter-test"

/**
 * This workflow sends test mails of an article (テスト送信, S5) to up to 20 addresses at once,
 * whatever the article's status, and returns the result per address.
 *
 * @example
 * const { result } = await sendNewsletterTestWorkflow(container).run({
 *   input: { id: "nl_123", to: ["owner@example.jp"] },
 * })
 */
export const sendNewsletterTestWorkflow = createWorkflow(
  sendNewsletterTestWorkflowId,
  (input: WorkflowData<SendNewsletterTestWorkflowInput>) =>
    new WorkflowResponse(sendTestMailsStep(input))
)
