import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { NewsletterEvents } from "../modules/newsletter"
import {
  SetNewsletterSubscriptionStepInput,
  SetNewsletterSubscriptionStepOutput,
  setNewsletterSubscriptionStep,
} from "./steps/set-newsletter-subscription"

export type UpdateNewsletterSubscriptionWorkflowInput = SetNewsletterSubscriptionStepInput

export const updateNewsletterSubscriptionWorkflowId = "update-newsletter-subscription"

/**
 * This workflow changes the newsletter subscription (メルマガ購読状況) of an address and records
 * the change with its source in the history. It emits `newsletter.subscription_updated` when
 * the status actually changed.
 *
 * @example
 * await updateNewsletterSubscriptionWorkflow(container).run({
 *   input: { email: "taro@example.jp", status: "unsubscribed", source: "admin", reason: "電話で依頼" },
 * })
 */
export const updateNewsletterSubscriptionWorkflow = createWorkflow(
  updateNewsletterSubscriptionWorkflowId,
  (input: WorkflowData<UpdateNewsletterSubscriptionWorkflowInput>) => {
    const result = setNewsletterSubscriptionStep(input)
    emitWhenSubscriptionChanged(result)
    return new WorkflowResponse(result)
  }
)

/**
 * In a workflow's composition: emits `newsletter.subscription_updated` with the subscription's id
 * when the change step's result says the status changed.
 */
export function emitWhenSubscriptionChanged(result: WorkflowData<SetNewsletterSubscriptionStepOutput>) {
  when({ result }, ({ result }) => result.changed).then(() => {
    emitEventStep({
      eventName: NewsletterEvents.SUBSCRIPTION_UPDATED,
      data: transform({ result }, ({ result }) => ({ id: result.id })),
    })
  })
}
