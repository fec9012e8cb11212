import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { hasFeedChannel, type NewsletterFeedNotification } from "../../lib/notifications/newsletter-feed"

export const createNewsletterFeedNotificationStepId = "create-newsletter-feed-notification"

// Said once per process: without a feed provider every event would say it again.
let toldNoFeed = false

/**
 * This step creates the notification in Medusa's Notification Module on the `feed` channel (the
 * admin's bell), unless the store's Notification Module has no provider for that channel: then it
 * logs once, with the configuration to add, and creates nothing (the row would only be a
 * failure). Returns the notification's id, or null when nothing was created (no feed, no article,
 * or the same change notified before: the idempotency key).
 *
 * No compensation: it is the workflow's last step, and a notification once shown can't be taken
 * back from someone who read it.
 */
export const createNewsletterFeedNotificationStep = createStep(
  { name: createNewsletterFeedNotificationStepId, noCompensation: true },
  async (notification: NewsletterFeedNotification | null, { container }) => {
    if (!notification) {
      return new StepResponse<string | null>(null)
    }
    const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE) as { modules?: Record<string, unknown> }
    if (!container.hasRegistration(Modules.NOTIFICATION) || !hasFeedChannel(config.modules?.[Modules.NOTIFICATION])) {
      if (!toldNoFeed) {
        toldNoFeed = true
        container
          .resolve(ContainerRegistrationKeys.LOGGER)
          .warn(
            `medusa-plugin-newsletter: no notification provider for the "feed" channel, so the admin's bell shows no ` +
              `newsletter notifications. Register one in medusa-config: { resolve: "@medusajs/medusa/notification", ` +
              `options: { providers: [{ resolve: "@medusajs/medusa/notification-local", id: "local", options: { channels: ["feed"] } }] } }`
          )
      }
      return new StepResponse<string | null>(null)
    }
    const created = await container.resolve(Modules.NOTIFICATION).createNotifications(notification)
    return new StepResponse<string | null>(created?.id ?? null)
  }
)
