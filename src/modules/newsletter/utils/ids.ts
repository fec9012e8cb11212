/**
 * Id prefixes of the module's tables (the same as the models' `model.id({ prefix })`), and the one
 * SQL expression that makes a new id inside a set-based statement. Every raw INSERT of the module
 * takes its ids from {@link sqlNewId}; nothing else writes id SQL.
 */
export const NewsletterIdPrefix = {
  newsletter: "nl",
  newsletter_category: "nlcat",
  newsletter_recipient: "nlrcp",
  newsletter_batch: "nlbat",
  newsletter_send_slot: "nlslot",
  newsletter_subscription: "nlsub",
  newsletter_subscription_event: "nlsubev",
  newsletter_webhook_event: "nlwhe",
  newsletter_coupon_claim: "nlclm",
  newsletter_delivery_effect: "nleff",
  newsletter_link_click: "nllnk",
  newsletter_signup_request: "nlsreq",
  newsletter_rate_limit: "nlrl",
} as const

export type NewsletterTable = keyof typeof NewsletterIdPrefix

/**
 * SQL for a fresh id of `table`, e.g. `'nlbat_' || replace(gen_random_uuid()::text, '-', '')`.
 * Safe to interpolate: the prefix comes from the constant above, never from input.
 */
export function sqlNewId(table: NewsletterTable): string {
  return `'${NewsletterIdPrefix[table]}_' || replace(gen_random_uuid()::text, '-', '')`
}
