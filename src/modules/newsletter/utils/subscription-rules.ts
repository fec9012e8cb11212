import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterSubscriptionSource, NewsletterSubscriptionStatus } from "../types"

/**
 * Who may change a subscription to what. A cleaned address (クリーニング済) bounced permanently;
 * only the store owner (or an import, or a later delivery report) may clear that, never a
 * storefront form, so a dead address is not mailed again by accident. A customer can only
 * subscribe or unsubscribe themselves.
 */
export function assertSubscriptionChangeAllowed(
  from: NewsletterSubscriptionStatus | null,
  to: NewsletterSubscriptionStatus,
  source: NewsletterSubscriptionSource
): void {
  if (source !== NewsletterSubscriptionSource.STOREFRONT) {
    return
  }
  if (to === NewsletterSubscriptionStatus.CLEANED) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "A customer can only subscribe or unsubscribe"
    )
  }
  if (from === NewsletterSubscriptionStatus.CLEANED && to === NewsletterSubscriptionStatus.SUBSCRIBED) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "Mail to this address could not be delivered, so it was removed from the newsletter. Please use another email address or contact the shop"
    )
  }
}

/** What a requested subscription change does, given the status it finds. */
export type SubscriptionChangeDecision = "change" | "unchanged"

/**
 * What a request to set `to` through `source` does to an address whose status is `from` (null:
 * no record yet), decided on the status read under the row's lock, so the timing of other
 * requests can't slip past it. Throws the refusals of {@link assertSubscriptionChangeAllowed}.
 * The same status is no change (no history entry). A complaint or an unsubscribe link only
 * unsubscribes a subscribed address: it never turns a cleaned one back into unsubscribed, nor
 * creates a record for an address that never opted in.
 */
export function decideSubscriptionChange(
  from: NewsletterSubscriptionStatus | null,
  to: NewsletterSubscriptionStatus,
  source: NewsletterSubscriptionSource
): SubscriptionChangeDecision {
  assertSubscriptionChangeAllowed(from, to, source)
  if (from === to) {
    return "unchanged"
  }
  if (
    (source === NewsletterSubscriptionSource.COMPLAINT ||
      source === NewsletterSubscriptionSource.UNSUBSCRIBE_LINK) &&
    from !== NewsletterSubscriptionStatus.SUBSCRIBED
  ) {
    return "unchanged"
  }
  return "change"
}

/**
 * Why an import may not move an address from `from` (null: no record yet) to `to`, or null when
 * it may. An import never re-subscribes an address that opted out or was cleaned in this shop:
 * the list being migrated is older than the shop's own record (特定電子メール法: an opt-out must be
 * honoured). Opting out and cleaning are always applied.
 */
export function importRefusal(
  from: NewsletterSubscriptionStatus | null,
  to: NewsletterSubscriptionStatus
): string | null {
  if (to !== NewsletterSubscriptionStatus.SUBSCRIBED || from === null || from === to) {
    return null
  }
  return from === NewsletterSubscriptionStatus.CLEANED
    ? "the address is cleaned in this shop (mail to it bounced permanently); an import does not subscribe it again — clear it on the customer's page first"
    : "the address is unsubscribed in this shop; an import does not subscribe it again (the customer can subscribe in the store)"
}
