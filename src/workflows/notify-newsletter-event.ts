import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { NewsletterFeedEvent } from "../lib/notifications/newsletter-feed"
import { buildNewsletterNotificationStep } from "./steps/build-newsletter-notification"
import { createNewsletterFeedNotificationStep } from "./steps/create-newsletter-feed-notification"

export type NotifyNewsletterEventWorkflowInput = {
  event: NewsletterFeedEvent
  payload: Record<string, unknown> & { id: string }
}

export const notifyNewsletterEventWorkflowId = "notify-newsletter-event"

/**
 * This workflow tells the store owner, in the admin's bell (Medusa's Notification Module, `feed`
 * channel), that an article stopped, failed, paused, needs attention or was sent: one
 * notification per change, in the plugin's `adminLanguage` (both languages in its data), naming
 * the article, with its id and admin path. Without a feed provider it logs once and does nothing.
 *
 * @example
 * const { result } = await notifyNewsletterEventWorkflow(container).run({
 *   input: { event: "newsletter.stopped", payload: { id: "nl_123", attempted: 100, failed: 30 } },
 * })
 * // result: the notification's id, or null
 */
export const notifyNewsletterEventWorkflow = createWorkflow(
  notifyNewsletterEventWorkflowId,
  (input: WorkflowData<NotifyNewsletterEventWorkflowInput>) => {
    const notification = buildNewsletterNotificationStep(input)
    return new WorkflowResponse(createNewsletterFeedNotificationStep(notification))
  }
)
