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
  SUBSCRIPTION_UPDATED: "newsletter.subscription_updated",
  /** A recipient claimed the coupon of a claim_link article; payload `{ id }` of the claim. */
  COUPON_CLAIMED: "newsletter.coupon_claimed",
} as const
