import type { NewsletterStatus } from "../../modules/newsletter/types"
import type { ClickedLink } from "../dispatch/links"

/** One delivery report of Resend, as the plugin reads it (see resend-event.ts). */
export type DeliveryEventInput = {
  /** The svix-id of the webhook delivery. */
  eventId: string
  type: string
  kind: "delivered" | "delivery_delayed" | "opened" | "clicked" | "complained" | "error"
  /** For kind "error": permanent | transient | undetermined | failed | suppressed. */
  errorType?: string
  reason?: string | null
  emailId?: string | null
  recipientId?: string | null
  /** For kind "clicked": the link clicked, as the article's link list keeps it (see clickedLink). */
  link?: ClickedLink | null
  occurredAt: Date
  now: Date
}

/** Error types that clean the address at once; the others count towards its transient streak. */
export const CLEANING_ERROR_TYPES = ["permanent", "suppressed"]

/** An article's figures right after a group of reports was written. */
export type ArticleFigures = {
  id: string
  status: NewsletterStatus
  succeeded_count: number
  failed_count: number
  /** Of succeeded: sent with unknown provider ids (Resend's 409); out of the error rate. */
  unconfirmed_count: number
  unsent_count: number
  awaiting_count: number
  counted_at: Date | string | null
  finished_at: Date | string | null
}

type RecipientRef = {
  newsletter_id: string
  recipient_id: string
  email: string
  customer_id: string | null
}

/** What one report of a group did. */
export type DeliveryEventOutcome =
  /** Mail the plugin did not send: acknowledged, nothing changes. */
  | { outcome: "unknown" }
  /**
   * Another report of the same address came earlier in the group: this one was left untouched
   * (not even recorded) and goes into the next group. One report per address per group keeps
   * every count exact with set-based statements.
   */
  | { outcome: "deferred" }
  /** The recipient is still pending (the worker has not recorded the send yet): Resend must retry. */
  | ({ outcome: "not_recorded" } & RecipientRef)
  /** The event id was applied before. */
  | ({ outcome: "duplicate" } & RecipientRef)
  | ({
      outcome: "applied"
      /** The recipient moved from success to error with this report. */
      became_error: boolean
      /** For an error that is neither a permanent bounce nor a suppression: the address's transient streak after it (0 without subscription). */
      transient_error_streak: number | null
      /** The delivery effect the report owes the customer, stored with it; null when it owes none. */
      effect_id: string | null
      /** The article after the whole group. */
      article: ArticleFigures
    } & RecipientRef)
