import { model } from "@medusajs/framework/utils"
import { NewsletterLinkKind } from "../types"

/**
 * One recipient's clicks on one link of an article's mail (from Resend's `email.clicked`), written
 * in the statement that applies the report: a row per (recipient, link), so an article's unique
 * clicks per link are its rows per `url`. The plugin's own per-recipient links (unsubscribe,
 * coupon) are stored without their token, so each is one link for the whole article.
 */
export const NewsletterLinkClick = model
  .define("newsletter_link_click", {
    id: model.id({ prefix: "nllnk" }).primaryKey(),
    newsletter_id: model.text(),
    recipient_id: model.text(),
    // The clicked link as Resend reports it; an unsubscribe or coupon link without its token.
    url: model.text(),
    kind: model.enum(NewsletterLinkKind).default(NewsletterLinkKind.LINK),
    // The earliest and latest click reported (reports may arrive in any order).
    first_clicked_at: model.dateTime(),
    last_clicked_at: model.dateTime(),
    // Reports of a click on this link by this recipient (each Resend event once, by svix-id).
    clicks: model.number().default(1),
  })
  .indexes([
    // One row per recipient and link: the statement adds a repeated click to it.
    { on: ["recipient_id", "url"], unique: true, where: "deleted_at IS NULL" },
    // An article's links, counted by url.
    { on: ["newsletter_id", "url"], where: "deleted_at IS NULL" },
  ])
