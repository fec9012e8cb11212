import { model } from "@medusajs/framework/utils"

/**
 * A webhook delivery already applied, by its `svix-id`: Resend delivers at least once, so the same
 * event may come again and must change nothing the second time. Rows older than
 * `webhookEventRetentionDays` are purged (Resend stops retrying long before).
 */
export const NewsletterWebhookEvent = model
  .define("newsletter_webhook_event", {
    id: model.id({ prefix: "nlwhe" }).primaryKey(),
    // The svix-id header of the delivery.
    event_id: model.text(),
    type: model.text(),
  })
  .indexes([
    { on: ["event_id"], unique: true, where: "deleted_at IS NULL" },
    // The purge's scan, oldest first.
    { on: ["created_at"] },
  ])
