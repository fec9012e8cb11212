import { model } from "@medusajs/framework/utils"

/**
 * The purchase summary the audience's `purchased` / `not_purchased` conditions read (issue 13): one
 * row per order line at its order's current version, i.e. per core `order_item` row of
 * `order.version` (its id is the row's id), with what the conditions select on copied from the
 * order and the line item. Lines of canceled and deleted orders and deleted line items are left
 * out; draft orders are kept (a draft's conversion only updates the order row); the audience leaves
 * out the lines of orders that don't count now (canceled since the last sync, drafts, deleted) by
 * an anti-join on `order`.
 * Kept current by NewsletterModuleService.syncNewsletterPurchases (repositories/purchase.ts).
 */
export const NewsletterPurchase = model
  .define("newsletter_purchase", {
    // The core order_item row (order line at the order's current version).
    id: model.text().primaryKey(),
    order_id: model.text(),
    order_version: model.number(),
    customer_id: model.text().nullable(),
    // The order's created_at.
    ordered_at: model.dateTime(),
    sales_channel_id: model.text().nullable(),
    product_id: model.text().nullable(),
    variant_id: model.text().nullable(),
    quantity: model.number(),
  })
  .indexes([
    // Covering the audience's read (products, then dates; the buyer, the order and the quantity
    // read from the index alone once the table is vacuumed).
    { on: ["product_id", "ordered_at", "customer_id", "order_id", "quantity"] },
    { on: ["variant_id"] },
    { on: ["order_id"] },
    { on: ["customer_id"] },
  ])
