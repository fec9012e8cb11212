import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { NewsletterEvents } from "../modules/newsletter"
import { deleteNewslettersStep } from "./steps/delete-newsletters"
import { getNewsletterStep } from "./steps/get-newsletter"
import { validateNewsletterActionStep } from "./steps/validate-newsletter-action"

export type DeleteNewsletterWorkflowInput = { id: string }

export const deleteNewsletterWorkflowId = "delete-newsletter"

/**
 * This workflow deletes a draft or cancelled article; anything that was or will be sent stays
 * for the record. The status is checked on a read (400 naming it), and the deletion itself is
 * conditional on it: an article reserved meanwhile is not deleted (409 naming its status). It
 * emits `newsletter.deleted`.
 *
 * @example
 * await deleteNewsletterWorkflow(container).run({ input: { id: "nl_123" } })
 */
export const deleteNewsletterWorkflow = createWorkflow(
  deleteNewsletterWorkflowId,
  (input: WorkflowData<DeleteNewsletterWorkflowInput>) => {
    const newsletter = getNewsletterStep({ id: input.id })
    validateNewsletterActionStep({ newsletter, action: "delete" })
    deleteNewslettersStep([input.id])
    emitEventStep({ eventName: NewsletterEvents.DELETED, data: { id: input.id } })
    return new WorkflowResponse({ id: input.id })
  }
)
