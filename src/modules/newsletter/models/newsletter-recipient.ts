import { model } from "@medusajs/framework/utils"
import { NewsletterRecipientStatus } from "../types"
import { Newsletter } from "./newsletter"

/**
 * One recipient of a reserved article: the snapshot taken at reservation (S8) and the
 * delivery state of this one mail.
 */
export const NewsletterRecipient = model
  .define("newsletter_recipient", {
    id: model.id({ prefix: "nlrcp" }).primaryKey(),
    // 1-based place in the snapshot; batches are claimed in this order (keyset, never offset).
    position: model.number(),
    customer_id: model.text().nullable(),
    // Normalized (trimmed, lower-case): one recipient per address per article.
    email: model.text(),
    first_name: model.text().nullable(),
    last_name: model.text().nullable(),
    status: model.enum(NewsletterRecipientStatus).default(NewsletterRecipientStatus.PENDING),
    // Resend's email id, set when Resend accepted the mail.
    provider_message_id: model.text().nullable(),
    // "transient" | "permanent" | "rejected" | "unknown"; the reason is the provider's text.
    error_type: model.text().nullable(),
    error_reason: model.text().nullable(),
    // A reason the plugin itself gave (utils/status-reasons.ts: e.g. unsubscribed after the
    // reservation), as a stable code; null for the provider's own errors (error_type says which).
    error_code: model.text().nullable(),
    attempted_at: model.dateTime().nullable(),
    // Delivery reports (Resend webhooks). A bounce or failure moves a sent recipient to failed.
    delivered_at: model.dateTime().nullable(),
    delivery_delayed_at: model.dateTime().nullable(),
    bounced_at: model.dateTime().nullable(),
    opened_at: model.dateTime().nullable(),
    clicked_at: model.dateTime().nullable(),
    complained_at: model.dateTime().nullable(),
    newsletter: model.belongsTo(() => Newsletter, { mappedBy: "recipients" }),
  })
  .indexes([
    { on: ["newsletter_id", "email"], unique: true, where: "deleted_at IS NULL" },
    { on: ["newsletter_id", "position"], unique: true, where: "deleted_at IS NULL" },
    { on: ["provider_message_id"], where: "provider_message_id IS NOT NULL" },
  ])
