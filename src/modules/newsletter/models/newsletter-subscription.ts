import { model } from "@medusajs/framework/utils"
import { NewsletterOptInLevel, NewsletterSubscriptionStatus } from "../types"
import { NewsletterSubscriptionEvent } from "./newsletter-subscription-event"

/**
 * メルマガ購読状況: the newsletter consent of one email address. Medusa's customer has no
 * marketing-consent field; this is it. Keyed by normalized email because a guest and a
 * registered customer can share one address.
 */
export const NewsletterSubscription = model
  .define("newsletter_subscription", {
    id: model.id({ prefix: "nlsub" }).primaryKey(),
    // Normalized (trimmed, lower-case).
    email: model.text(),
    // The customer who last changed it, when known.
    customer_id: model.text().nullable(),
    status: model.enum(NewsletterSubscriptionStatus),
    // How the latest consent to subscribe was given: `confirmed` through the storefront signup's
    // confirmation mail (ダブルオプトイン), `single` otherwise (a logged-in customer, the store
    // owner, an import). Set by every change to subscribed.
    opt_in_level: model.enum(NewsletterOptInLevel).default(NewsletterOptInLevel.SINGLE),
    // Consecutive transient delivery errors across articles (a later issue cleans at a threshold).
    transient_error_count: model.number().default(0),
    events: model.hasMany(() => NewsletterSubscriptionEvent, { mappedBy: "subscription" }),
  })
  .cascades({ delete: ["events"] })
  .indexes([
    { on: ["email"], unique: true, where: "deleted_at IS NULL" },
    { on: ["customer_id"], where: "customer_id IS NOT NULL" },
  ])
