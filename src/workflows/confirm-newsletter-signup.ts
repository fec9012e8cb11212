import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { NewsletterEvents } from "../modules/newsletter"
import { ConfirmNewsletterSignupStepInput, confirmNewsletterSignupStep } from "./steps/confirm-newsletter-signup"

export type ConfirmNewsletterSignupWorkflowInput = ConfirmNewsletterSignupStepInput

export const confirmNewsletterSignupWorkflowId = "confirm-newsletter-signup"

/**
 * This workflow confirms a storefront signup (ダブルオプトイン) from the token of its confirmation
 * link: the address becomes subscribed with opt_in_level `confirmed`, and the history keeps the
 * consent evidence (times, IP addresses and user agents of the request and the click, the page).
 * It emits `newsletter.subscription_updated` when the subscription changed.
 *
 * @example
 * await confirmNewsletterSignupWorkflow(container).run({ input: { token, ip: "203.0.113.5", user_agent: "…" } })
 */
export const confirmNewsletterSignupWorkflow = createWorkflow(
  confirmNewsletterSignupWorkflowId,
  (input: WorkflowData<ConfirmNewsletterSignupWorkflowInput>) => {
    const result = confirmNewsletterSignupStep(input)
    when({ result }, ({ result }) => result.changed).then(() => {
      emitEventStep({
        eventName: NewsletterEvents.SUBSCRIPTION_UPDATED,
        data: transform({ result }, ({ result }) => ({ id: result.id })),
      })
    })
    return new WorkflowResponse(result)
  }
)
