import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  createNewsletterSegmentStep,
  deleteNewsletterSegmentStep,
  NewsletterSegmentData,
  updateNewsletterSegmentStep,
} from "./steps/newsletter-segments"

export type CreateNewsletterSegmentWorkflowInput = NewsletterSegmentData & { name: string }

/**
 * This workflow saves a detailed-search filter as a segment (保存した検索条件) that audiences
 * name with `segment_id`.
 *
 * @example
 * await createNewsletterSegmentWorkflow(container).run({
 *   input: { name: "VIP", audience: { customer_groups: { in_any: ["cusgroup_vip"] } } },
 * })
 */
export const createNewsletterSegmentWorkflow = createWorkflow(
  "create-newsletter-segment",
  (input: WorkflowData<CreateNewsletterSegmentWorkflowInput>) =>
    new WorkflowResponse(createNewsletterSegmentStep(input))
)

export type UpdateNewsletterSegmentWorkflowInput = { id: string; data: NewsletterSegmentData }

/**
 * This workflow changes a saved segment; drafts naming it follow, reserved articles keep their copy.
 *
 * @example
 * await updateNewsletterSegmentWorkflow(container).run({ input: { id: "nlseg_1", data: { name: "VIP 2026" } } })
 */
export const updateNewsletterSegmentWorkflow = createWorkflow(
  "update-newsletter-segment",
  (input: WorkflowData<UpdateNewsletterSegmentWorkflowInput>) =>
    new WorkflowResponse(updateNewsletterSegmentStep(input))
)

/**
 * This workflow deletes a saved segment that no draft or scheduled article and no other segment names.
 *
 * @example
 * await deleteNewsletterSegmentWorkflow(container).run({ input: { id: "nlseg_1" } })
 */
export const deleteNewsletterSegmentWorkflow = createWorkflow(
  "delete-newsletter-segment",
  (input: WorkflowData<{ id: string }>) => {
    deleteNewsletterSegmentStep(input.id)
    return new WorkflowResponse({ id: input.id })
  }
)
