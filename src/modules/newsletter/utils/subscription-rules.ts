import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError } from "../errors"
import {
  NewsletterSubscriptionAction,
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
} from "../types"

/**
 * Who may change a subscription to what. A cleaned address (クリーニング済) bounced permanently;
 * only the store owner (or an import, or a later delivery report) may clear that, never a
 * storefront form, so a dead address is not mailed again by accident. A customer can only
 * subscribe or unsubscribe themselves. Codes: `subscription_change_not_allowed` {status},
 * `subscription_address_cleaned`.
 */
export function assertSubscriptionChangeAllowed(
  from: NewsletterSubscriptionStatus | null,
  to: NewsletterSubscriptionStatus,
  source: NewsletterSubscriptionSource
): void {
  if (source !== NewsletterSubscriptionSource.STOREFRONT && source !== NewsletterSubscriptionSource.SIGNUP_CONFIRMATION) {
    return
  }
  if (to === NewsletterSubscriptionStatus.CLEANED) {
    throw new NewsletterError(
      MedusaError.Types.NOT_ALLOWED,
      "subscription_change_not_allowed",
      "A customer can only subscribe or unsubscribe",
      { status: to }
    )
  }
  if (from === NewsletterSubscriptionStatus.CLEANED && to === NewsletterSubscriptionStatus.SUBSCRIBED) {
    throw new NewsletterError(
      MedusaError.Types.NOT_ALLOWED,
      "subscription_address_cleaned",
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
 * The same status is no change (no history entry), except a signup confirmation of a subscribed
 * address: it records the confirmed consent (ダブルオプトイン). A complaint or an unsubscribe link only
 * unsubscribes a subscribed address: it never turns a cleaned one back into unsubscribed, nor
 * creates a record for an address that never opted in.
 */
export function decideSubscriptionChange(
  from: NewsletterSubscriptionStatus | null,
  to: NewsletterSubscriptionStatus,
  source: NewsletterSubscriptionSource
): SubscriptionChangeDecision {
  assertSubscriptionChangeAllowed(from, to, source)
  if (from === to && source !== NewsletterSubscriptionSource.SIGNUP_CONFIRMATION) {
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

/** Why an import leaves a row out: the English reason, and its code for the admin's dictionaries. */
export type ImportRefusal = { code: string; reason: string }

/**
 * Why an import may not move an address from `from` (null: no record yet) to `to`, or null when
 * it may (`import_row_address_unsubscribed`, `import_row_address_cleaned`). An import never
 * re-subscribes an address that opted out or was cleaned in this shop: the list being migrated
 * is older than the shop's own record (特定電子メール法: an opt-out must be honoured). Opting out
 * and cleaning are always applied.
 */
export function importRefusal(
  from: NewsletterSubscriptionStatus | null,
  to: NewsletterSubscriptionStatus
): ImportRefusal | null {
  if (to !== NewsletterSubscriptionStatus.SUBSCRIBED || from === null || from === to) {
    return null
  }
  return from === NewsletterSubscriptionStatus.CLEANED
    ? {
        code: "import_row_address_cleaned",
        reason:
          "the address is cleaned in this shop (mail to it bounced permanently); an import does not subscribe it again — clear it on the customer's page first",
      }
    : {
        code: "import_row_address_unsubscribed",
        reason:
          "the address is unsubscribed in this shop; an import does not subscribe it again (the customer can subscribe in the store)",
      }
}

/** What a bulk action finds of one subscription, read under its row's lock. */
export type SubscriptionForAction = {
  status: NewsletterSubscriptionStatus
  /**
   * The status the address had when it was last cleaned (the `from_status` of its latest history
   * entry to `cleaned`); null when it was recorded cleaned from the start, or has no such entry.
   */
  status_before_cleaning: NewsletterSubscriptionStatus | null
}

/** Why a bulk action leaves a subscription as it is: a code for the admin's dictionaries, and its values. */
export type SubscriptionActionRefusal = {
  code: "subscription_unchanged" | "subscription_not_cleaned" | "subscription_is_cleaned"
  params: { status: NewsletterSubscriptionStatus }
}

/**
 * What a bulk action of the store owner (source `admin`) does to one subscription: the status it
 * moves to, or why it is left as it is. The change itself is decided by
 * {@link decideSubscriptionChange}, as for a change by hand on the customer's page; on top of it:
 * - クリーニング解除 (`unclean`) only applies to a cleaned address, and gives it back the status it
 *   had before it was cleaned (a consent that was never withdrawn stands again); an address
 *   recorded cleaned from the start never opted in here, and becomes unsubscribed.
 * - 配信停止 (`unsubscribe`) leaves a cleaned address cleaned: both are never mailed, and turning it
 *   into unsubscribed would silently drop the cleaning flag (クリーニングフラグ) the owner reviews.
 *   Clear the cleaning first to do that on purpose.
 * - An action that finds the status it would set (`clean` of a cleaned address) changes nothing.
 */
export function decideSubscriptionAction(
  action: NewsletterSubscriptionAction,
  found: SubscriptionForAction
): { to: NewsletterSubscriptionStatus } | SubscriptionActionRefusal {
  const { SUBSCRIBED, UNSUBSCRIBED, CLEANED } = NewsletterSubscriptionStatus
  const refusal = (code: SubscriptionActionRefusal["code"]): SubscriptionActionRefusal => ({
    code,
    params: { status: found.status },
  })
  let to: NewsletterSubscriptionStatus
  switch (action) {
    case NewsletterSubscriptionAction.CLEAN:
      to = CLEANED
      break
    case NewsletterSubscriptionAction.UNSUBSCRIBE:
      if (found.status === CLEANED) {
        return refusal("subscription_is_cleaned")
      }
      to = UNSUBSCRIBED
      break
    case NewsletterSubscriptionAction.UNCLEAN:
      if (found.status !== CLEANED) {
        return refusal("subscription_not_cleaned")
      }
      to = found.status_before_cleaning === SUBSCRIBED ? SUBSCRIBED : UNSUBSCRIBED
      break
  }
  return decideSubscriptionChange(found.status, to, NewsletterSubscriptionSource.ADMIN) === "change"
    ? { to }
    : refusal("subscription_unchanged")
}
