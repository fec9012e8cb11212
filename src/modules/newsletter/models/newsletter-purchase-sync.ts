import { model } from "@medusajs/framework/utils"

/**
 * Where the purchase summary (newsletter_purchase) was brought up to: one row, id `purchases`.
 * `watermark` is the time part of a Medusa id (a ULID's first 10 characters): order and order_item
 * rows whose ids sort after `<prefix>_<watermark>` are read again by the next sync. No row: the
 * summary was never filled, and the next sync reads every order (the backfill).
 */
export const NewsletterPurchaseSync = model.define("newsletter_purchase_sync", {
  id: model.text().primaryKey(),
  watermark: model.text().nullable(),
  synced_at: model.dateTime().nullable(),
})
