import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { NewsletterEvents } from "../modules/newsletter"
import { createNewslettersStep } from "./steps/create-newsletters"
import { getNewsletterStep } from "./steps/get-newsletter"
import { prepareNewsletterCopyStep } from "./steps/prepare-newsletter-copy"

export type DuplicateNewsletterWorkflowInput = { id: string }

export const duplicateNewsletterWorkflowId = "duplicate-newsletter"

/**
 * This workflow copies an article in any status (複製) into a new draft with the same subject,
 * body, format, category, audience, promotion and coupon mode. The copy has no recipients, zero
 * counters, no send context and a provisional send time (tomorrow, on the hour in the store's
 * time zone) the owner confirms before reserving. It fails with NOT_FOUND for an unknown id and
 * emits `newsletter.created` with the new id.
 *
 * @example
 * const { result } = await duplicateNewsletterWorkflow(container).run({ input: { id: "nl_123" } })
 */
export const duplicateNewsletterWorkflow = createWorkflow(
  duplicateNewsletterWorkflowId,
  (input: WorkflowData<DuplicateNewsletterWorkflowInput>) => {
    const original = getNewsletterStep({ id: input.id })
    const copy = prepareNewsletterCopyStep({ newsletter: original })
    const created = createNewslettersStep(transform({ copy }, ({ copy }) => [copy]))
    const newsletter = transform({ created }, ({ created }) => created[0])
    emitEventStep({
      eventName: NewsletterEvents.CREATED,
      data: transform({ newsletter }, ({ newsletter }) => ({ id: newsletter.id })),
    })
    return new WorkflowResponse(newsletter)
  }
)
