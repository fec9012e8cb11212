import type { NewsletterStatus, SubscriptionStatus } from "./api"

type BadgeColor = "green" | "red" | "blue" | "orange" | "grey" | "purple"

/** Badge colour per status (S11); the labels are `status.<status>` in the i18n files. */
export const STATUS_COLOR: Record<NewsletterStatus, BadgeColor> = {
  draft: "grey",
  scheduled: "blue",
  sending: "orange",
  sent: "green",
  aggregating: "purple",
  aggregated: "green",
  failed: "red",
  stopped: "red",
  cancelled: "grey",
}

/**
 * The badge of an article being sent whose batches wait for the store owner's decision (first
 * attempted more than 23 hours ago, see the README's "24-hour rule"): still 配信中, shown as
 * 要対応 so that it stands out in the list.
 */
export const ATTENTION_COLOR: BadgeColor = "red"

/** The reason code the server stores while batches of the article need attention. */
export const NEEDS_ATTENTION_REASON = "needs_attention"

/** Whether the article waits for the store owner's decision (再送する / 送らない). */
export const needsAttention = (n: { status: NewsletterStatus; status_reason_code?: string | null }) =>
  n.status === "sending" && n.status_reason_code === NEEDS_ATTENTION_REASON

export const SUBSCRIPTION_COLOR: Record<SubscriptionStatus, BadgeColor> = {
  subscribed: "green",
  unsubscribed: "grey",
  cleaned: "red",
}

/** Statuses in which the article can still be edited. */
export const EDITABLE: NewsletterStatus[] = ["draft", "scheduled"]
/** Statuses in which the article can be deleted. */
export const DELETABLE: NewsletterStatus[] = ["draft", "cancelled"]
