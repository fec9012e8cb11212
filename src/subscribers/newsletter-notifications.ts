import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { NEWSLETTER_FEED_EVENTS, type NewsletterFeedEvent } from "../lib/notifications/newsletter-feed"
import { notifyNewsletterEventWorkflow } from "../workflows/notify-newsletter-event"

/**
 * Tells the store owner in the admin's bell when an article stops, fails, pauses, needs attention
 * or was sent (see notifyNewsletterEventWorkflow). A notification that can't be made is logged,
 * never raised: the article's own state is already recorded.
 */
export default async function newsletterNotificationsHandler({
  event,
  container,
}: SubscriberArgs<Record<string, unknown> & { id: string }>) {
  try {
    await notifyNewsletterEventWorkflow(container).run({
      input: { event: event.name as NewsletterFeedEvent, payload: event.data },
    })
  } catch (error) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(
        `Newsletter ${event.data.id}: the admin notification of ${event.name} could not be made: ${
          error instanceof Error ? error.message : String(error)
        }`
      )
  }
}

export const config: SubscriberConfig = {
  event: [...NEWSLETTER_FEED_EVENTS],
  context: { subscriberId: "newsletter-notifications" },
}
