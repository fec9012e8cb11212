import { model } from "@medusajs/framework/utils"
import { NewsletterDeliveryEffectKind } from "../types"

/**
 * What a delivery report owes the customer's subscription (unsubscribe on a complaint, clean on a
 * permanent bounce, a transient streak to judge), written in the statement that records the report
 * (transactional outbox). It is applied once, in the transaction of its subscription change, which
 * stamps `applied_at`; the every-minute job applies whatever a crash or a failure left pending.
 */
export const NewsletterDeliveryEffect = model
  .define("newsletter_delivery_effect", {
    id: model.id({ prefix: "nleff" }).primaryKey(),
    // The svix-id of the report that owes it (newsletter_webhook_event.event_id).
    event_id: model.text(),
    kind: model.enum(NewsletterDeliveryEffectKind),
    // The recipient's normalized address: the subscription it changes.
    email: model.text(),
    customer_id: model.text().nullable(),
    // The article whose mail was reported; the history entry names it.
    newsletter_id: model.text(),
    // The report's error type (permanent, suppressed, transient…) and reason, for the history.
    error_type: model.text().nullable(),
    reason: model.text().nullable(),
    // For kind "streak": the address's transient-error streak after this report.
    streak: model.number().nullable(),
    // Set in the transaction that applied it; null while it is owed.
    applied_at: model.dateTime().nullable(),
    // Failed attempts to apply it, and the last error (the job keeps trying).
    attempts: model.number().default(0),
    last_error: model.text().nullable(),
  })
  .indexes([
    // The pending effects, oldest first (the job's scan).
    { on: ["created_at"], where: "applied_at IS NULL AND deleted_at IS NULL" },
    // Applied effects by age (the purge's scan).
    { on: ["applied_at"], where: "applied_at IS NOT NULL" },
  ])
