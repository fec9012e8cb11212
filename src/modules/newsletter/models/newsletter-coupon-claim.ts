import { model } from "@medusajs/framework/utils"

/**
 * A recipient's claim of the coupon of a `claim_link` article (S9): written when the recipient,
 * logged in, opens their coupon URL and the promotion becomes usable for them. One per
 * recipient, so a second claim answers what the first one did; counted per article for the admin.
 */
export const NewsletterCouponClaim = model
  .define("newsletter_coupon_claim", {
    id: model.id({ prefix: "nlclm" }).primaryKey(),
    newsletter_id: model.text(),
    // The recipient (one mail) whose coupon URL was opened; at most one claim each.
    recipient_id: model.text(),
    // The logged-in customer who claimed and was added to the article's customer group.
    customer_id: model.text(),
    // The promotion and the plugin-managed customer group as they were at the claim.
    promotion_id: model.text(),
    customer_group_id: model.text(),
    claimed_at: model.dateTime(),
  })
  .indexes([
    { on: ["recipient_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["newsletter_id"], where: "deleted_at IS NULL" },
  ])
