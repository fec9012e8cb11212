import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { claimDueNewslettersStep } from "./steps/claim-due-newsletters"
import { sendNewsletterBatchesStep } from "./steps/send-newsletter-batches"

export const dispatchNewslettersWorkflowId = "dispatch-newsletters"

/**
 * This workflow is the dispatcher's run: it claims the reserved articles whose time has come and
 * sends batches of every article being sent until none is left or the run's time is up. Several
 * processes may run it at once; nobody gets a mail twice.
 *
 * @example
 * const { result } = await dispatchNewslettersWorkflow(container).run()
 * // result.claimed, result.sent, result.failed, result.finished
 */
export const dispatchNewslettersWorkflow = createWorkflow(dispatchNewslettersWorkflowId, () => {
  const claimed = claimDueNewslettersStep()
  const summary = sendNewsletterBatchesStep()
  return new WorkflowResponse(
    transform({ claimed, summary }, ({ claimed, summary }) => ({ claimed, ...summary }))
  )
})
