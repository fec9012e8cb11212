/** Status of an article (S11). Japanese labels are those of the manual. */
export enum NewsletterStatus {
  DRAFT = "draft",
  /** 未配信 */
  SCHEDULED = "scheduled",
  /** 配信中 */
  SENDING = "sending",
  /** 配信済 */
  SENT = "sent",
  /** 集計中 */
  AGGREGATING = "aggregating",
  /** 集計済 */
  AGGREGATED = "aggregated",
  /** キャンセル */
  CANCELLED = "cancelled",
  /** 配信停止 */
  STOPPED = "stopped",
  /** 配信失敗 */
  FAILED = "failed",
}

export enum NewsletterFormat {
  TEXT = "text",
  HTML = "html",
  MJML = "mjml",
}

/** How an article announces its promotion. */
export enum NewsletterCouponMode {
  /** No coupon. */
  NONE = "none",
  /** The code is shown in the mail (`<#クーポンコード>`). */
  CODE = "code",
  /** The coupon becomes usable only after the recipient opens `<#クーポンURL>` (S9). */
  CLAIM_LINK = "claim_link",
}

export enum NewsletterRecipientStatus {
  /** Not yet handed to the provider (counts as unsent). */
  PENDING = "pending",
  /** Accepted by the provider. */
  SENT = "sent",
  /** Rejected at send, bounced or failed. */
  FAILED = "failed",
  /** Unsubscribed or cleaned after the reservation; not sent, not an error. */
  SKIPPED = "skipped",
}

export enum NewsletterBatchStatus {
  PENDING = "pending",
  /** Claimed by a worker (see lease_until). */
  SENDING = "sending",
  /** Sent and recorded. */
  DONE = "done",
  /**
   * Never sent again automatically: its first attempt is older than Resend keeps idempotency
   * keys (see IDEMPOTENCY_SAFE_HOURS), so a retry might deliver twice. The store owner decides.
   */
  ATTENTION = "attention",
}

/**
 * What a clicked link of a mail is: one of the plugin's own per-recipient links (recognised by how
 * src/lib/dispatch/links.ts builds them), or a link of the article's content.
 */
export enum NewsletterLinkKind {
  /** A link the store owner wrote into the article. */
  LINK = "link",
  /** The one-click unsubscribe link (`<#配信停止URL>`, the footer). */
  UNSUBSCRIBE = "unsubscribe",
  /** The personal coupon link (`<#クーポンURL>`). */
  COUPON = "coupon",
}

/** The store owner's decision on the batches of an article that need attention. */
export enum NewsletterAttentionAction {
  /**
   * Send them again under a new Idempotency-Key, accepting that recipients whose first attempt
   * did go out get the mail twice.
   */
  SEND_AGAIN = "send_again",
  /** Don't send them again: their unsent recipients are recorded as skipped. */
  SKIP = "skip",
}

/**
 * Everything an article's mails depend on beyond the recipient, frozen when the article starts
 * sending (`newsletter.send_context`), so that every attempt of every batch renders the identical
 * payload whatever changes meanwhile in the options or the promotion.
 */
export type NewsletterSendContext = {
  /** The promotion's code at the start; null without a promotion. */
  promotionCode: string | null
  /** The From header. */
  from: string
  /** The sender identity printed in the footer (and `<#ショップ名>`). */
  sender: { name: string; shopName?: string; postalAddress: string; contact: string }
  backendUrl: string
  storefrontUrl: string
  couponPath: string
  /** Key id of the link secret that signs the article's unsubscribe and coupon links. */
  linkKeyId: string
}

export enum NewsletterSubscriptionStatus {
  SUBSCRIBED = "subscribed",
  UNSUBSCRIBED = "unsubscribed",
  /** クリーニング済: the address bounced permanently; excluded from every later send. */
  CLEANED = "cleaned",
}

export enum NewsletterSubscriptionSource {
  STOREFRONT = "storefront",
  ADMIN = "admin",
  BOUNCE = "bounce",
  COMPLAINT = "complaint",
  UNSUBSCRIBE_LINK = "unsubscribe_link",
  IMPORT = "import",
  /** The customer's email changed and the subscription followed (history params: old_email, new_email). */
  EMAIL_CHANGE = "email_change",
  /** The storefront signup's confirmation link was opened (ダブルオプトイン; the entry's evidence says who and when). */
  SIGNUP_CONFIRMATION = "signup_confirmation",
}

/** How a subscription's consent was given (as Shopify's `email_marketing_consent.opt_in_level`). */
export enum NewsletterOptInLevel {
  /** Subscribed without a confirmation mail (a logged-in customer, the store owner, an import). */
  SINGLE = "single",
  /** Confirmed through the signup's confirmation mail (ダブルオプトイン). */
  CONFIRMED = "confirmed",
}

/** What the store owner does to a selection of subscriptions at once (メルマガ購読者, bulk actions). */
export enum NewsletterSubscriptionAction {
  /** クリーニング済にする: exclude the addresses from every later send. */
  CLEAN = "clean",
  /** クリーニング解除: give a cleaned address back the status it had before it was cleaned. */
  UNCLEAN = "unclean",
  /** 配信停止: unsubscribe. */
  UNSUBSCRIBE = "unsubscribe",
}

/** One checked row of a subscriber import (`importNewsletterSubscriptions`). */
export type SubscriptionImportRow = {
  /** Line of the file (the header is line 1). */
  line: number
  /** Normalized. */
  email: string
  status: NewsletterSubscriptionStatus
  /** ISO 8601 (UTC) consent time of a subscribed row; null for the other statuses. */
  consented_at: string | null
  /** Where the consent was obtained, as the file says; kept as the history entry's reason. */
  source: string | null
}

/** What a delivery report owes the customer's subscription (S16), stored with the report. */
export enum NewsletterDeliveryEffectKind {
  /** A complaint: unsubscribe a subscribed address. */
  UNSUBSCRIBE = "unsubscribe",
  /** A permanent bounce or a suppression: clean the address. */
  CLEAN = "clean",
  /** A transient error: clean the address if its streak reached `transientErrorsToClean`. */
  STREAK = "streak",
}

/** Events the plugin emits for integrations; payload `{ id }`. */
export const NewsletterEvents = {
  CREATED: "newsletter.created",
  UPDATED: "newsletter.updated",
  DELETED: "newsletter.deleted",
  SCHEDULED: "newsletter.scheduled",
  CANCELLED: "newsletter.cancelled",
  /** Payload: id, attempted, failed, error_rate, threshold, unsent. */
  STOPPED: "newsletter.stopped",
  /** Sending ended with mail handed over (配信済); payload `{ id }`. */
  SENT: "newsletter.sent",
  /** Sending ended with no mail handed over (配信失敗); payload `{ id }`. */
  FAILED: "newsletter.failed",
  /**
   * Sending paused because the provider refused a batch (its quota, or a configuration problem);
   * emitted when the pause begins or its cause changes. Payload: id, cause ("quota" |
   * "provider_error"), provider_message, occurred_at.
   */
  PAUSED: "newsletter.paused",
  /**
   * Batches were marked as needing the store owner's decision (first attempted more than 23 hours
   * ago); once per marking. Payload: id, batches (seqs), recipients (unsent in them), occurred_at.
   */
  NEEDS_ATTENTION: "newsletter.needs_attention",
  SUBSCRIPTION_UPDATED: "newsletter.subscription_updated",
  /** A recipient claimed the coupon of a claim_link article; payload `{ id }` of the claim. */
  COUPON_CLAIMED: "newsletter.coupon_claimed",
  /**
   * A storefront signup recorded a pending request whose confirmation mail is owed; payload
   * `{ id }` of the request. The plugin's own subscriber sends the mail, after the signup's answer.
   */
  SIGNUP_REQUESTED: "newsletter.signup_requested",
} as const
