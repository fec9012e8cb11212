import { defineLink } from "@medusajs/framework/utils"
import PromotionModule from "@medusajs/medusa/promotion"
import NewsletterModule from "../modules/newsletter"

/**
 * The promotion an article announces (S9). Read-only: the article's `promotion_id` column is the
 * link, so no link table is needed and `query.graph` can return `promotion.code` with the article.
 */
export default defineLink(
  { linkable: NewsletterModule.linkable.newsletter, field: "promotion_id" },
  PromotionModule.linkable.promotion,
  { readOnly: true }
)
