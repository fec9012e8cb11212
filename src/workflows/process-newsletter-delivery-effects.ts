import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { applyNewsletterDeliveryEffectsWorkflow } from "./apply-newsletter-delivery-effects"
import { purgeNewsletterWebhookEventsStep } from "./steps/purge-newsletter-webhook-events"

export const processNewsletterDeliveryEffectsWorkflowId = "process-newsletter-delivery-effects"

/**
 * This workflow is the every-minute follow-up of Resend's reports: it applies every delivery
 * effect still owed (one a crash, a deploy or a failure left behind after its report was
 * recorded), then purges processed webhook-event rows and applied effects older than
 * `webhookEventRetentionDays`.
 *
 * @example
 * const { result } = await processNewsletterDeliveryEffectsWorkflow(container).run()
 * // result.applied, result.failed, result.purged
 */
export const processNewsletterDeliveryEffectsWorkflow = createWorkflow(
  processNewsletterDeliveryEffectsWorkflowId,
  () => {
    const effects = applyNewsletterDeliveryEffectsWorkflow.runAsStep({ input: {} })
    const purged = purgeNewsletterWebhookEventsStep()
    return new WorkflowResponse(
      transform({ effects, purged }, ({ effects, purged }) => ({ ...effects, purged }))
    )
  }
)
