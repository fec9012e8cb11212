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
