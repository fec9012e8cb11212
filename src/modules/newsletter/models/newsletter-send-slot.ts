import { model } from "@medusajs/framework/utils"

/**
 * The shared schedule of requests to a provider: `next_at` is the earliest time the next request
 * may start. Every worker reserves its slot with one UPDATE, so the configured requests per second
 * hold across all processes together.
 */
export const NewsletterSendSlot = model
  .define("newsletter_send_slot", {
    id: model.id({ prefix: "nlslot" }).primaryKey(),
    name: model.text(),
    next_at: model.dateTime(),
  })
  .indexes([{ on: ["name"], unique: true, where: "deleted_at IS NULL" }])
