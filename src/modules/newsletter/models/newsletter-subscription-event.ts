import { model } from "@medusajs/framework/utils"
import {
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
} from "../types"
import { NewsletterSubscription } from "./newsletter-subscription"

/**
 * One change of a subscription: the consent record (特定電子メール法) of when, from what,
 * to what, and through which channel.
 */
export const NewsletterSubscriptionEvent = model.define(
  "newsletter_subscription_event",
  {
    id: model.id({ prefix: "nlsubev" }).primaryKey(),
    // null for the first record of an address.
    from_status: model.enum(NewsletterSubscriptionStatus).nullable(),
    to_status: model.enum(NewsletterSubscriptionStatus),
    source: model.enum(NewsletterSubscriptionSource),
    // What a person wrote (the store owner's reason, an imported file's source column); null for
    // a change the plugin made, which says why as `reason_code` with its values in `params`.
    reason: model.text().nullable(),
    // Why the plugin made the change, for the admin's dictionaries (subscription.reasons.<code>):
    // complaint, bounce, transient_errors, unsubscribe_link; null for a person's change.
    reason_code: model.text().nullable(),
    // The article whose delivery caused the change (bounce, complaint, unsubscribe link).
    newsletter_id: model.text().nullable(),
    // The admin user or customer who made the change, when known.
    actor_id: model.text().nullable(),
    // When the person gave their consent, when that is earlier than this record (an imported
    // subscriber list states it); null means at created_at.
    consented_at: model.dateTime().nullable(),
    // The change's values by name, for the admin's dictionaries (an email change: old_email,
    // new_email); null for the sources whose entry says it all.
    params: model.json().nullable(),
    // The consent evidence of a signup confirmation (ダブルオプトイン): requested_at, confirmed_at,
    // request_ip, request_user_agent, confirm_ip, confirm_user_agent, source_url; null otherwise.
    evidence: model.json().nullable(),
    subscription: model.belongsTo(() => NewsletterSubscription, { mappedBy: "events" }),
  }
)
