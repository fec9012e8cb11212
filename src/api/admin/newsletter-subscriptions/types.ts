import type {
  NewsletterOptInLevel,
  NewsletterSubscriptionAction,
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
} from "../../../modules/newsletter/types"
import type { AdminListResponse } from "../../utils/list-response"

// The answers of the subscription routes, written once for the routes and the admin screens
// (which import them as types only). Values are the enums' strings, so the admin can compare
// them with literals; times are a Date on the server and its ISO text in the answer.

/** 購読中 / 配信停止 / クリーニング済 */
export type SubscriptionStatusValue = `${NewsletterSubscriptionStatus}`
/** storefront, admin, bounce, complaint, unsubscribe_link, import, email_change */
export type SubscriptionSourceValue = `${NewsletterSubscriptionSource}`
/** single (no confirmation mail), confirmed (ダブルオプトイン) */
export type SubscriptionOptInLevelValue = `${NewsletterOptInLevel}`
/** clean, unclean, unsubscribe */
export type SubscriptionActionValue = `${NewsletterSubscriptionAction}`

type Time = Date | string

/** One change of a subscription, as every route that shows a history answers it. */
export type SubscriptionHistoryEntry = {
  id: string
  from_status: SubscriptionStatusValue | null
  to_status: SubscriptionStatusValue
  source: SubscriptionSourceValue
  /** What a person wrote as the reason (the store owner, an imported file's source); null for the plugin's changes. */
  reason: string | null
  /** Why the plugin made the change: complaint, bounce, transient_errors, unsubscribe_link (values in `params`). */
  reason_code: string | null
  /** The change's values by name (an email change: `{ old_email, new_email }`); null for most sources. */
  params: Record<string, unknown> | null
  newsletter_id: string | null
  actor_id: string | null
  /** When the person gave their consent: an import's stated date, a signup's confirmation; null: at created_at. */
  consented_at: Time | null
  /** The consent evidence of a signup confirmation (ダブルオプトイン); null for the other sources. */
  evidence: SubscriptionConsentEvidence | null
  created_at: Time
}

/** What a signup confirmation proves of the consent: who asked and confirmed, when, from where. */
export type SubscriptionConsentEvidence = {
  requested_at: string
  confirmed_at: string
  request_ip: string | null
  request_user_agent: string | null
  confirm_ip: string | null
  confirm_user_agent: string | null
  /** The storefront page of the signup form, as the storefront sent it. */
  source_url: string | null
}

/** One row of `GET /admin/newsletter-subscriptions`. */
export type AdminNewsletterSubscription = {
  id: string
  email: string
  status: SubscriptionStatusValue
  /** How the latest consent to subscribe was given. */
  opt_in_level: SubscriptionOptInLevelValue
  /** The customer shown for the address (the record's own, else one with that email); null for none. */
  customer_id: string | null
  first_name: string | null
  last_name: string | null
  created_at: Time
  /** The last change. */
  updated_at: Time
  /** The latest history entry's source and time; null when the record has no history. */
  last_change_source: SubscriptionSourceValue | null
  last_changed_at: Time | null
}

/** `GET /admin/newsletter-subscriptions` */
export type AdminNewsletterSubscriptionListResponse = AdminListResponse<"newsletter_subscriptions", AdminNewsletterSubscription>

/** `GET /admin/newsletter-subscriptions/:id`: the row with its whole history, newest first. */
export type AdminNewsletterSubscriptionResponse = {
  newsletter_subscription: AdminNewsletterSubscription & { history: SubscriptionHistoryEntry[] }
}

/** `POST /admin/newsletter-subscriptions/batch` */
export type AdminNewsletterSubscriptionBatchResponse = {
  action: SubscriptionActionValue
  /** How many subscriptions changed (each has a new history entry). */
  updated: number
  /** The ids left as they are, in the order asked, each with why as a code and its values. */
  skipped: Array<{ id: string; code: string; params: { id: string; status?: SubscriptionStatusValue } }>
}

/** A line of an imported file left out, and why (a code for the admin's dictionaries). */
export type SubscriptionImportRejectedRow = {
  line: number
  email: string
  code: string
  params: Record<string, unknown>
  /** The same in English, for developers. */
  reason: string
}

/**
 * `POST /admin/newsletter-subscriptions/import` (`?dry_run=true`: what it would do, nothing
 * written). Written out, not imported from the workflow (the admin's type check would follow
 * that import into the server's code); the route's answer is checked against it.
 */
export type AdminNewsletterSubscriptionImportResponse = {
  dry_run?: true
  /** created + updated + unchanged */
  accepted: number
  created: number
  updated: number
  unchanged: number
  /** Accepted addresses no customer has yet. */
  without_customer: number
  rejected: SubscriptionImportRejectedRow[]
}

/** A customer's メルマガ購読状況 (`/admin/customers/:id/newsletter-subscription`); id null before any record. */
export type AdminCustomerNewsletterSubscription = {
  id: string | null
  email: string
  customer_id: string
  status: SubscriptionStatusValue
  /** How the latest consent to subscribe was given; null for an address with no record. */
  opt_in_level: SubscriptionOptInLevelValue | null
  updated_at: Time | null
  history: SubscriptionHistoryEntry[]
}

/** `GET` and `POST /admin/customers/:id/newsletter-subscription` */
export type AdminCustomerNewsletterSubscriptionResponse = {
  newsletter_subscription: AdminCustomerNewsletterSubscription
}
