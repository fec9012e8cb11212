import { emitEventStep, useQueryGraphStep } from "@medusajs/medusa/core-flows"
import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { NewsletterEvents } from "../modules/newsletter"
import { followCustomerEmailStep } from "./steps/follow-customer-email"

export type FollowCustomerEmailChangeWorkflowInput = { customer_id: string }

export const followCustomerEmailChangeWorkflowId = "follow-customer-email-change"

/**
 * This workflow runs when a customer changes: when the customer's email is no longer the address
 * of the customer's subscription (メルマガ購読状況), the subscription follows to the new address
 * with a history entry (source `email_change`, params `{ old_email, new_email }`). No consent is
 * invented and a cleaning is not carried (the rule: decideEmailChange); when the new address has
 * a record already, it stays the only one, with the stricter status. It emits
 * `newsletter.subscription_updated` for every subscription it changed. A customer whose email did
 * not change, or who has no subscription linked to them, changes nothing.
 *
 * @example
 * const { result } = await followCustomerEmailChangeWorkflow(container).run({
 *   input: { customer_id: "cus_123" },
 * })
 * // result: [{ id, from, to, old_email, email, event_id }]
 */
export const followCustomerEmailChangeWorkflow = createWorkflow(
  followCustomerEmailChangeWorkflowId,
  (input: WorkflowData<FollowCustomerEmailChangeWorkflowInput>) => {
    const { data: customers } = useQueryGraphStep({
      entity: "customer",
      fields: ["id", "email"],
      filters: { id: input.customer_id },
    })
    const writes = followCustomerEmailStep(
      transform({ input, customers }, ({ input, customers }) => ({
        customer_id: input.customer_id,
        email: (customers[0]?.email as string | null | undefined) ?? null,
      }))
    )
    const changed = transform({ writes }, ({ writes }) => [...new Set(writes.map((w) => w.id))].map((id) => ({ id })))
    when({ changed }, ({ changed }) => changed.length > 0).then(() => {
      emitEventStep({ eventName: NewsletterEvents.SUBSCRIPTION_UPDATED, data: changed })
    })
    return new WorkflowResponse(writes)
  }
)
