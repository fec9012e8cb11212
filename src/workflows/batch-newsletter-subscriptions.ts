import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import type { SubscriptionActionSkip } from "../modules/newsletter/service"
import type { NewsletterSubscriptionAction } from "../modules/newsletter/types"
import {
  applyNewsletterSubscriptionActionStep,
  type ApplyNewsletterSubscriptionActionStepInput,
} from "./steps/apply-newsletter-subscription-action"
import { emitNewsletterSubscriptionUpdatesStep } from "./steps/emit-newsletter-subscription-updates"

export type BatchNewsletterSubscriptionsWorkflowInput = ApplyNewsletterSubscriptionActionStepInput

/** How many subscriptions changed, and every id left as it is with why (a code and its values). */
export type BatchNewsletterSubscriptionsWorkflowOutput = {
  action: NewsletterSubscriptionAction
  updated: number
  /** In the order asked. */
  skipped: SubscriptionActionSkip[]
}

export const batchNewsletterSubscriptionsWorkflowId = "batch-newsletter-subscriptions"

/**
 * This workflow applies one bulk action of the store owner to a selection of subscriptions
 * (メルマガ購読者): `clean` (クリーニング済にする), `unclean` (クリーニング解除: back to the status the
 * address had before it was cleaned) or `unsubscribe` (配信停止). Each change is recorded in the
 * history with source `admin`, the reason and the admin user, decided by the same rules as a
 * change on the customer's page; ids that are unknown or that the rules leave as they are come
 * back as skipped with a code. It emits `newsletter.subscription_updated` for each changed one.
 *
 * @example
 * const { result } = await batchNewsletterSubscriptionsWorkflow(container).run({
 *   input: { ids: ["nlsub_01", "nlsub_02"], action: "clean", reason: "宛先不明で返送", actor_id: "user_01" },
 * })
 * // result: { action: "clean", updated: 1, skipped: [{ id: "nlsub_02", code: "subscription_unchanged", params: { id: "nlsub_02", status: "cleaned" } }] }
 */
export const batchNewsletterSubscriptionsWorkflow = createWorkflow(
  batchNewsletterSubscriptionsWorkflowId,
  (input: WorkflowData<BatchNewsletterSubscriptionsWorkflowInput>) => {
    const applied = applyNewsletterSubscriptionActionStep(input)
    emitNewsletterSubscriptionUpdatesStep(
      transform({ applied }, ({ applied }) => ({ ids: applied.changed.map((c) => c.id) }))
    )
    const result = transform(
      { applied, input },
      ({ applied, input }): BatchNewsletterSubscriptionsWorkflowOutput => ({
        action: input.action,
        updated: applied.changed.length,
        skipped: applied.skipped,
      })
    )
    return new WorkflowResponse(result)
  }
)
