import { model } from "@medusajs/framework/utils"
import { Newsletter } from "./newsletter"

/**
 * A delivery category (配信カテゴリ). Its window is the time of day, in the store's
 * time zone, during which mail of this category may be sent (S12).
 */
export const NewsletterCategory = model.define("newsletter_category", {
  id: model.id({ prefix: "nlcat" }).primaryKey(),
  name: model.text().searchable(),
  description: model.text().nullable(),
  // "HH:MM" local time; both null means "any time". End before start crosses midnight.
  window_start: model.text().nullable(),
  window_end: model.text().nullable(),
  newsletters: model.hasMany(() => Newsletter, { mappedBy: "category" }),
})
