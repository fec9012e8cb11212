import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { NewsletterEvents } from "../modules/newsletter"
import { CreateNewsletterData, createNewslettersStep } from "./steps/create-newsletters"
import { validateNewsletterFieldsStep } from "./steps/validate-newsletter-fields"

export type CreateNewsletterWorkflowInput = CreateNewsletterData

export const createNewsletterWorkflowId = "create-newsletter"

/**
 * This workflow creates a draft article (S1) after checking the send time is far enough ahead
 * (S4) and that its category and promotion exist. It emits `newsletter.created`.
 *
 * @example
 * const { result } = await createNewsletterWorkflow(container).run({
 *   input: { subject: "冬のセール", body: "<#顧客名> 様", format: "text", scheduled_at: "2026-12-01T01:00:00Z" },
 * })
 */
export const createNewsletterWorkflow = createWorkflow(
  createNewsletterWorkflowId,
  (input: WorkflowData<CreateNewsletterWorkflowInput>) => {
    validateNewsletterFieldsStep(
      transform({ input }, ({ input }) => ({
        ...input,
        content: { subject: input.subject, body: input.body, format: input.format },
      }))
    )
    const created = createNewslettersStep(transform({ input }, ({ input }) => [input]))
    const newsletter = transform({ created }, ({ created }) => created[0])
    emitEventStep({
      eventName: NewsletterEvents.CREATED,
      data: transform({ newsletter }, ({ newsletter }) => ({ id: newsletter.id })),
    })
    return new WorkflowResponse(newsletter)
  }
)
