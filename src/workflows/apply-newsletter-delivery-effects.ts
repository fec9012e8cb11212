import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { NewsletterEvents } from "../modules/newsletter"
import type { AppliedDeliveryEffect } from "../modules/newsletter/service"
import {
  ApplyNewsletterDeliveryEffectsStepInput,
  applyNewsletterDeliveryEffectsStep,
} from "./steps/apply-newsletter-delivery-effects"

export type ApplyNewsletterDeliveryEffectsWorkflowInput = ApplyNewsletterDeliveryEffectsStepInput

/** What a run applied. */
export type ApplyNewsletterDeliveryEffectsResult = {
  /** Effects applied now (whether or not the subscription had to change). */
  applied: number
  /** Effects that failed and stay owed, with their errors. */
  failed: Array<{ id: string; error: string }>
  /** Subscriptions whose status changed. */
  changed_subscription_ids: string[]
}

export const applyNewsletterDeliveryEffectsWorkflowId = "apply-newsletter-delivery-effects"

/**
 * This workflow applies the delivery effects that Resend's reports stored with them (S16): a
 * complaint unsubscribes the address (source `complaint`), a permanent bounce or a suppression
 * cleans it, and so does a transient streak at `transientErrorsToClean` (source `bounce`); each
 * history entry names the article and the reason. It emits `newsletter.subscription_updated` for
 * every subscription that changed. The webhook runs it for its own reports at once; the
 * every-minute `newsletter-delivery-effects` job runs it for whatever is still owed.
 *
 * @example
 * const { result } = await applyNewsletterDeliveryEffectsWorkflow(container).run({ input: {} })
 * // result.applied, result.failed, result.changed_subscription_ids
 */
export const applyNewsletterDeliveryEffectsWorkflow = createWorkflow(
  applyNewsletterDeliveryEffectsWorkflowId,
  (input: WorkflowData<ApplyNewsletterDeliveryEffectsWorkflowInput>) => {
    const results = applyNewsletterDeliveryEffectsStep(input)
    const summary = transform({ results }, ({ results }) => summarize(results))
    when({ summary }, ({ summary }) => summary.changed_subscription_ids.length > 0).then(() => {
      emitEventStep({
        eventName: NewsletterEvents.SUBSCRIPTION_UPDATED,
        data: transform({ summary }, ({ summary }) => summary.changed_subscription_ids.map((id) => ({ id }))),
      })
    })
    return new WorkflowResponse(summary)
  }
)

function summarize(results: AppliedDeliveryEffect[]): ApplyNewsletterDeliveryEffectsResult {
  return {
    applied: results.filter((r) => r.applied).length,
    failed: results.filter((r) => !r.applied).map((r) => ({ id: r.id, error: r.error ?? "unknown error" })),
    changed_subscription_ids: [
      ...new Set(results.filter((r) => r.subscription?.changed).map((r) => r.subscription!.id!)),
    ],
  }
}
