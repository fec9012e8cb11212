import { NewsletterSubscriptionStatus } from "../types"

/**
 * Why a recipient left (the unsubscribe page's optional question): 多すぎる, 興味がない,
 * 登録した覚えがない, その他 (with a free text). Stored as the code in the unsubscribe's history
 * entry (`params.unsubscribe_reason`), rendered by the admin from its dictionaries.
 */
export const UNSUBSCRIBE_REASONS = ["too_many", "not_interested", "never_signed_up", "other"] as const

export type UnsubscribeReason = (typeof UNSUBSCRIBE_REASONS)[number]

/** The longest free text the page accepts with a reason (characters). */
export const UNSUBSCRIBE_REASON_TEXT_MAX = 500

/** How long after an unsubscribe its page still takes a reason and offers to subscribe again. */
export const UNSUBSCRIBE_FOLLOW_UP_DAYS = 7

/** What the unsubscribe page finds of an address: its status and its latest history entry. */
export type UnsubscribeFollowUpFound = {
  /** null: the address has no record. */
  status: NewsletterSubscriptionStatus | null
  /** The latest history entry; null when there is none. */
  latest: { to_status: NewsletterSubscriptionStatus; created_at: Date | string } | null
}

/**
 * What the page can still do after an unsubscribe:
 * - `open`: the address is unsubscribed, by its latest change, at most
 *   {@link UNSUBSCRIBE_FOLLOW_UP_DAYS} days ago: it takes a reason and subscribes again; `until` is
 *   when that ends.
 * - `expired`: unsubscribed longer ago; the page says so and offers nothing.
 * - `subscribed`: nothing to follow up (the page offers to unsubscribe).
 * - `closed`: cleaned (クリーニング済), or no record: never re-subscribed from a link.
 */
export type UnsubscribeFollowUp =
  | { state: "open"; until: Date }
  | { state: "expired"; until: Date }
  | { state: "subscribed" }
  | { state: "closed" }

/** Decides {@link UnsubscribeFollowUp} at `now` (the plugin's clock). */
export function decideUnsubscribeFollowUp(found: UnsubscribeFollowUpFound, now: Date): UnsubscribeFollowUp {
  if (found.status === NewsletterSubscriptionStatus.SUBSCRIBED) {
    return { state: "subscribed" }
  }
  if (
    found.status !== NewsletterSubscriptionStatus.UNSUBSCRIBED ||
    found.latest?.to_status !== NewsletterSubscriptionStatus.UNSUBSCRIBED
  ) {
    return { state: "closed" }
  }
  const until = new Date(new Date(found.latest.created_at).getTime() + UNSUBSCRIBE_FOLLOW_UP_DAYS * 24 * 3_600_000)
  return now.getTime() <= until.getTime() ? { state: "open", until } : { state: "expired", until }
}

/** The history entry's params for a reason: the code, and the free text trimmed (empty text is none). */
export function unsubscribeReasonParams(
  reason: UnsubscribeReason,
  text?: string | null
): { unsubscribe_reason: UnsubscribeReason; unsubscribe_reason_text: string | null } {
  const trimmed = text?.trim() ?? ""
  return {
    unsubscribe_reason: reason,
    unsubscribe_reason_text: trimmed || null,
  }
}
