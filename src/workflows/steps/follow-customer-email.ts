import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type { EmailChangeWrite } from "../../modules/newsletter/service"
import type NewsletterModuleService from "../../modules/newsletter/service"

export type FollowCustomerEmailStepInput = {
  customer_id: string
  /** The customer's email now; null or empty when the customer has none (or is gone). */
  email: string | null
}

export const followCustomerEmailStepId = "follow-customer-email"

/**
 * This step makes the customer's subscription (メルマガ購読状況) follow the customer's email, in
 * one transaction through the module (followCustomerEmailChange): the subscription moves to the
 * new address with a history entry (source `email_change`), or merges into the record the new
 * address has, by the rule decideEmailChange. A customer with nothing to follow changes nothing.
 *
 * No compensation: the change is complete on its own, and only the events, which Medusa holds
 * until the workflow ends, come after it.
 */
export const followCustomerEmailStep = createStep(
  { name: followCustomerEmailStepId, noCompensation: true },
  async (input: FollowCustomerEmailStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const writes = await service.followCustomerEmailChange({ customer_id: input.customer_id, email: input.email })
    return new StepResponse<EmailChangeWrite[]>(writes)
  }
)
