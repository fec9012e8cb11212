import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { NewsletterEvents } from "../modules/newsletter/types"
import { limitNewsletterSignupRateStep } from "./steps/limit-newsletter-signup-rate"
import { RecordNewsletterSignupStepInput, recordNewsletterSignupStep } from "./steps/record-newsletter-signup"

export type RequestNewsletterSignupWorkflowInput = RecordNewsletterSignupStepInput

export const requestNewsletterSignupWorkflowId = "request-newsletter-signup"

/**
 * This workflow handles a storefront signup with double opt-in (ダブルオプトイン): it counts the
 * request against its IP address's limit (429 over it) and records a pending consent request,
 * its confirmation mail owed, when the address should get one, announcing it with
 * `newsletter.signup_requested`. The mail leaves after the answer (the plugin's subscriber of that
 * event, else the every-minute job), so the answer takes the same work whether the address gets
 * a mail or not: it returns nothing, and takes no time, a caller could tell addresses apart by.
 *
 * @example
 * await requestNewsletterSignupWorkflow(container).run({
 *   input: { email: "hanako@example.jp", ip: "203.0.113.5", user_agent: "…", source_url: "https://shop.example.jp/" },
 * })
 */
export const requestNewsletterSignupWorkflow = createWorkflow(
  requestNewsletterSignupWorkflowId,
  (input: WorkflowData<RequestNewsletterSignupWorkflowInput>) => {
    limitNewsletterSignupRateStep({ ip: input.ip })
    const request = recordNewsletterSignupStep(input)
    when({ request }, ({ request }) => !!request).then(() => {
      const data = transform({ request }, ({ request }) => ({ id: request!.request_id }))
      emitEventStep({ eventName: NewsletterEvents.SIGNUP_REQUESTED, data })
    })
    return new WorkflowResponse({ accepted: true as const })
  }
)
