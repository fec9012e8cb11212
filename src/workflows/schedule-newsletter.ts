import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { NewsletterEvents } from "../modules/newsletter"
import { attachNewsletterCouponWorkflow } from "./attach-newsletter-coupon"
import { reserveNewsletterStep } from "./steps/reserve-newsletter"
import { validateNewsletterCouponStep } from "./steps/validate-newsletter-coupon"

export type ScheduleNewsletterWorkflowInput = { id: string }

export const scheduleNewsletterWorkflowId = "schedule-newsletter"

/**
 * This workflow reserves a draft article (予約, S8): the recipients are fixed as the customer
 * list stands now, and the article waits, `scheduled` (未配信), for its send time. A `claim_link`
 * article must have `<#クーポンURL>` in its body, and its promotion is restricted to the article's
 * customer group (see `attachNewsletterCouponWorkflow`, S9). It emits `newsletter.scheduled` and
 * returns the recipient count.
 *
 * @example
 * const { result } = await scheduleNewsletterWorkflow(container).run({ input: { id: "nl_123" } })
 * // result.recipient_count
 */
export const scheduleNewsletterWorkflow = createWorkflow(
  scheduleNewsletterWorkflowId,
  (input: WorkflowData<ScheduleNewsletterWorkflowInput>) => {
    validateNewsletterCouponStep({ id: input.id })
    const reserved = reserveNewsletterStep({ id: input.id })
    // claim_link only: restrict the promotion to the article's customer group (S9).
    attachNewsletterCouponWorkflow.runAsStep({ input: { id: input.id } })
    emitEventStep({ eventName: NewsletterEvents.SCHEDULED, data: { id: input.id } })
    return new WorkflowResponse(reserved)
  }
)
