import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  createNewsletterCategoryStep,
  deleteNewsletterCategoryStep,
  NewsletterCategoryData,
  updateNewsletterCategoryStep,
} from "./steps/newsletter-categories"

export type CreateNewsletterCategoryWorkflowInput = NewsletterCategoryData & { name: string }

/**
 * This workflow creates a delivery category (配信カテゴリ) with its sending window (S12).
 *
 * @example
 * await createNewsletterCategoryWorkflow(container).run({
 *   input: { name: "セール", window_start: "09:00", window_end: "21:00" },
 * })
 */
export const createNewsletterCategoryWorkflow = createWorkflow(
  "create-newsletter-category",
  (input: WorkflowData<CreateNewsletterCategoryWorkflowInput>) =>
    new WorkflowResponse(createNewsletterCategoryStep(input))
)

export type UpdateNewsletterCategoryWorkflowInput = { id: string; data: NewsletterCategoryData }

/**
 * This workflow changes a delivery category's name, description or sending window.
 *
 * @example
 * await updateNewsletterCategoryWorkflow(container).run({ input: { id: "nlcat_1", data: { window_end: "22:00" } } })
 */
export const updateNewsletterCategoryWorkflow = createWorkflow(
  "update-newsletter-category",
  (input: WorkflowData<UpdateNewsletterCategoryWorkflowInput>) =>
    new WorkflowResponse(updateNewsletterCategoryStep(input))
)

/**
 * This workflow deletes a delivery category that no pending article uses.
 *
 * @example
 * await deleteNewsletterCategoryWorkflow(container).run({ input: { id: "nlcat_1" } })
 */
export const deleteNewsletterCategoryWorkflow = createWorkflow(
  "delete-newsletter-category",
  (input: WorkflowData<{ id: string }>) => {
    deleteNewsletterCategoryStep(input.id)
    return new WorkflowResponse({ id: input.id })
  }
)
