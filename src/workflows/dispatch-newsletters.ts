import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { advanceNewsletterAggregationStep } from "./steps/advance-newsletter-aggregation"
import { claimDueNewslettersStep } from "./steps/claim-due-newsletters"
import { sendNewsletterBatchesStep } from "./steps/send-newsletter-batches"

export const dispatchNewslettersWorkflowId = "dispatch-newsletters"

/**
 * This workflow is the dispatcher's run: it claims the reserved articles whose time has come
 * (配信中 at the reserved time, whatever their sending window), sends batches of every article being
 * sent whose window is open until none is left or the run's time is up, and moves finished
 * articles on to 集計中 / 集計済. Several processes may run it at once; nobody gets a mail twice.
 *
 * @example
 * const { result } = await dispatchNewslettersWorkflow(container).run()
 * // result.claimed, result.sent, result.failed, result.finished
 */
export const dispatchNewslettersWorkflow = createWorkflow(dispatchNewslettersWorkflowId, () => {
  const claimed = claimDueNewslettersStep()
  const summary = sendNewsletterBatchesStep()
  const aggregated = advanceNewsletterAggregationStep()
  return new WorkflowResponse(
    transform({ claimed, summary, aggregated }, ({ claimed, summary, aggregated }) => ({
      claimed,
      ...summary,
      aggregated,
    }))
  )
})
