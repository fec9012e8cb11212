import { NewsletterSubscriptionStatus } from "../types"

/** A subscription as the email change finds it, under its row's lock. */
export type SubscriptionFound = {
  status: NewsletterSubscriptionStatus
  /**
   * The status it had when it was last cleaned (the `from_status` of its latest history entry to
   * `cleaned`); null when it was recorded cleaned from the start, or has no such entry.
   */
  status_before_cleaning: NewsletterSubscriptionStatus | null
}

/**
 * What becomes of a customer's subscription when the customer's email changes:
 * - `move`: the record itself goes to the new address (with its whole history) and gets `to`;
 * - `merge`: the new address has a record already (one record per address): that record gets
 *   `target_to`, and the old record stays at the old address, no longer the customer's, with
 *   `old_to`.
 */
export type EmailChangePlan =
  | { kind: "move"; to: NewsletterSubscriptionStatus }
  | { kind: "merge"; target_to: NewsletterSubscriptionStatus; old_to: NewsletterSubscriptionStatus }

const { SUBSCRIBED, UNSUBSCRIBED, CLEANED } = NewsletterSubscriptionStatus

/** How strict a status is: an opt-out beats a consent, a dead address beats both. */
const STRICTNESS: Record<NewsletterSubscriptionStatus, number> = {
  [SUBSCRIBED]: 0,
  [UNSUBSCRIBED]: 1,
  [CLEANED]: 2,
}

/**
 * The status the customer's consent has at a new address. Cleaning (クリーニング済) says that the
 * OLD address bounced, nothing about the new one, so it is not carried: a cleaned record gets the
 * status it had before it was cleaned, as the owner's クリーニング解除 gives it back (a consent
 * never withdrawn stands again; unknown, or cleaned from the start: unsubscribed).
 */
export function carriedStatus(found: SubscriptionFound): NewsletterSubscriptionStatus {
  if (found.status !== CLEANED) {
    return found.status
  }
  return found.status_before_cleaning === SUBSCRIBED ? SUBSCRIBED : UNSUBSCRIBED
}

/**
 * THE rule of a customer's email change for one of the customer's subscriptions (`old`, read
 * under its row's lock) and the record the new address has already (`target`, null when none).
 * No consent is invented: a status only ever stays or becomes stricter, and nothing is created
 * for a customer who has no record.
 * - No record at the new address: the subscription moves there with {@link carriedStatus}.
 * - A record at the new address: it stays the address's only record and takes the stricter of
 *   its own status and the carried one (its own opt-out or cleaning stands; the customer's
 *   opt-out follows them). The old record is left to the old address, which the customer gave
 *   up: a consent there is withdrawn (unsubscribed), an opt-out or a cleaning stays.
 */
export function decideEmailChange(
  old: SubscriptionFound,
  target: { status: NewsletterSubscriptionStatus } | null
): EmailChangePlan {
  const carried = carriedStatus(old)
  if (!target) {
    return { kind: "move", to: carried }
  }
  return {
    kind: "merge",
    target_to: STRICTNESS[carried] > STRICTNESS[target.status] ? carried : target.status,
    old_to: old.status === SUBSCRIBED ? UNSUBSCRIBED : old.status,
  }
}
