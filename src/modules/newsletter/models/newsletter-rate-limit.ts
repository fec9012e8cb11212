import { model } from "@medusajs/framework/utils"

/**
 * A fixed-window request counter shared by every server process (e.g. the storefront signup's
 * per-IP limit, key `signup-ip:<address>`): one upsert counts a request and says whether it is
 * within the limit. Rows whose window ended long ago are purged by the every-minute job.
 */
export const NewsletterRateLimit = model
  .define("newsletter_rate_limit", {
    id: model.id({ prefix: "nlrl" }).primaryKey(),
    key: model.text(),
    window_start: model.dateTime(),
    hits: model.number().default(0),
  })
  .indexes([{ on: ["key"], unique: true, where: "deleted_at IS NULL" }, { on: ["window_start"] }])
