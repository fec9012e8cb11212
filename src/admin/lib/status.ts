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

export const SUBSCRIPTION_COLOR: Record<SubscriptionStatus, BadgeColor> = {
  subscribed: "green",
  unsubscribed: "grey",
  cleaned: "red",
}

/** Statuses in which the article can still be edited. */
export const EDITABLE: NewsletterStatus[] = ["draft", "scheduled"]
/** Statuses in which the article can be deleted. */
export const DELETABLE: NewsletterStatus[] = ["draft", "cancelled"]
