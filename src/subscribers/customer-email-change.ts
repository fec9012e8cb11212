import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys, CustomerWorkflowEvents } from "@medusajs/framework/utils"
import { followCustomerEmailChangeWorkflow } from "../workflows/follow-customer-email-change"

/**
 * A customer changed (Medusa's `customer.updated`, payload `{ id }`, emitted by the admin's and
 * the store's customer updates): the customer's subscription follows a new email (see
 * followCustomerEmailChangeWorkflow). Most updates don't touch the email and change nothing.
 */
export default async function newsletterCustomerEmailChangeHandler({
  event,
  container,
}: SubscriberArgs<{ id: string }>) {
  const { result } = await followCustomerEmailChangeWorkflow(container).run({
    input: { customer_id: event.data.id },
  })
  if (result.length) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .info(
        `Newsletter: customer ${event.data.id} changed their email; ${result.length} subscription change(s) recorded`
      )
  }
}

export const config: SubscriberConfig = {
  event: CustomerWorkflowEvents.UPDATED,
  context: { subscriberId: "newsletter-customer-email-change" },
}
