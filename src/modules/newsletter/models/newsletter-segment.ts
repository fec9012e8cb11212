import { model } from "@medusajs/framework/utils"

/**
 * A saved segment (保存した検索条件): a named detailed-search filter that an article's audience
 * names with `segment_id` (ANDed with its other conditions). A draft reads the segment's current
 * filter; a reservation freezes it on the article (`newsletter.audience_segments`).
 */
export const NewsletterSegment = model
  .define("newsletter_segment", {
    id: model.id({ prefix: "nlseg" }).primaryKey(),
    name: model.text().searchable(),
    description: model.text().nullable(),
    // The filter, validated like an article's audience (src/lib/audience/schema.ts).
    audience: model.json().default({}),
  })
  .indexes([{ on: ["name"], unique: true, where: "deleted_at IS NULL" }])
