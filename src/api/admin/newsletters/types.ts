import type { NewsletterArticleSchema } from "../../../lib/newsletter-article"
import type { z } from "zod"
import type {
  NewsletterCouponMode,
  NewsletterFormat,
  NewsletterRecipientStatus,
  NewsletterStatus,
} from "../../../modules/newsletter/types"
import type { AdminNewsletterCategory } from "../newsletter-categories/types"
import type { AdminListResponse } from "../../utils/list-response"

// The requests and answers of the article routes, written once for the routes and the admin
// screens (which import them as types only). Values are the enums' strings, so the admin can
// compare them with literals. An article's times are ISO text (the routes read it with Query);
// rows the module returns (recipients, links) have a Date on the server and its ISO text in the answer.

type Time = Date | string

/** 下書き, 未配信, 配信中, 配信済, 集計中, 集計済, キャンセル, 配信停止, 配信失敗 */
export type NewsletterStatusValue = `${NewsletterStatus}`
export type NewsletterFormatValue = `${NewsletterFormat}`
export type NewsletterCouponModeValue = `${NewsletterCouponMode}`
export type NewsletterRecipientStatusValue = `${NewsletterRecipientStatus}`

/** The detailed search (S6) as stored; its schema is the server's (lib/audience/schema.ts). */
export type NewsletterAudience = Record<string, unknown>

/** An article as `GET /admin/newsletters(/:id)` answers it (the `+fields` ones only when asked). */
export type AdminNewsletter = {
  id: string
  subject: string
  body: string
  format: NewsletterFormatValue
  scheduled_at: string
  audience: NewsletterAudience | null
  promotion_id: string | null
  coupon_mode: NewsletterCouponModeValue
  status: NewsletterStatusValue
  status_reason: string | null
  // The reason as a code with its values: the admin says it from `reasons.<code>` (lib/reasons.ts).
  status_reason_code?: string | null
  status_reason_params?: Record<string, unknown> | null
  started_at: string | null
  finished_at: string | null
  cancelled_at: string | null
  total_count: number
  succeeded_count: number
  failed_count: number
  unsent_count: number
  skipped_count: number
  // Of succeeded: sent, but Resend answered a retry as a duplicate (409), so their ids are unknown.
  unconfirmed_count?: number
  // Delivery reports (unique recipients, from Resend's webhooks). delivered, opened and clicked
  // come with every article (the rates); the others only when asked (`+fields`).
  delivered_count?: number | null
  complained_count?: number | null
  opened_count?: number | null
  clicked_count?: number | null
  awaiting_count?: number | null
  unknown_count?: number | null
  counted_at?: string | null
  aggregated_at?: string | null
  category_id: string | null
  category?: AdminNewsletterCategory | null
  promotion?: { id: string; code: string | null } | null
  created_at: string
  updated_at: string
}

/**
 * `POST /admin/newsletters` and `POST /admin/newsletters/:id` (any of the fields): the shared
 * article fields (lib/newsletter-article.ts) and the detailed search.
 */
export type AdminNewsletterPayload = Partial<
  Omit<z.input<typeof NewsletterArticleSchema>, "format" | "coupon_mode"> & {
    format: NewsletterFormatValue
    coupon_mode: NewsletterCouponModeValue
    audience: NewsletterAudience
  }
>

/** `GET /admin/newsletters` */
export type AdminNewsletterListResponse = AdminListResponse<"newsletters", AdminNewsletter>

/** `GET`, `POST /admin/newsletters/:id`, create, `/cancel`, `/duplicate`, `/attention` */
export type AdminNewsletterResponse = { newsletter: AdminNewsletter }

/** `POST /admin/newsletters/:id/schedule`: the article and how many recipients it was reserved for. */
export type AdminNewsletterScheduleResponse = AdminNewsletterResponse & { recipient_count?: number }

/** `DELETE /admin/newsletters/:id` */
export type AdminNewsletterDeleteResponse = { id: string; object: "newsletter"; deleted: true }

/** `GET /admin/newsletters/:id/preview`: the mail as one recipient (or sample data) gets it. */
export type AdminNewsletterPreview = {
  subject: string
  html: string | null
  text: string | null
  headers?: Record<string, string>
  recipient: {
    email: string
    first_name: string | null
    last_name: string | null
    customer_id?: string | null
    sample: boolean
  }
}
export type AdminNewsletterPreviewResponse = { preview: AdminNewsletterPreview }

/** `POST /admin/newsletters/:id/test-send` (S5) */
export type AdminNewsletterTestSendResponse = {
  transport: string
  results: Array<
    { email: string; status: "sent"; id: string } | { email: string; status: "failed"; error: string }
  >
}

/** `POST /admin/newsletters/audience/preview`: how many the filter selects now, and the first of them. */
export type AdminAudiencePreviewResponse = {
  count: number
  sample: Array<{ email: string; first_name?: string | null; last_name?: string | null; customer_id?: string | null }>
}

/** One row of `GET /admin/newsletters/:id/recipients`. */
export type AdminNewsletterRecipient = {
  id: string
  email: string
  first_name: string | null
  last_name: string | null
  customer_id: string | null
  status: NewsletterRecipientStatusValue
  error_type: string | null
  error_reason: string | null
  // A reason the plugin gave (e.g. unsubscribed after the reservation): `recipients.errorCodes.<code>`.
  error_code?: string | null
  attempted_at: Time | null
  // Delivery reports from Resend, when they came.
  delivered_at?: Time | null
  bounced_at?: Time | null
  opened_at?: Time | null
  clicked_at?: Time | null
  complained_at?: Time | null
}

/** `GET /admin/newsletters/:id/recipients` */
export type AdminNewsletterRecipientListResponse = AdminListResponse<"recipients", AdminNewsletterRecipient>

/** A link clicked in an article's mails. */
export type AdminNewsletterLink = {
  url: string
  /** The plugin's own unsubscribe and coupon links are one link each (their tokens left out). */
  kind: "link" | "unsubscribe" | "coupon"
  /** Recipients who clicked it. */
  unique_clicks: number
  /** Click reports, repeated clicks included. */
  clicks: number
  first_clicked_at: Time
  last_clicked_at: Time
}

/** `GET /admin/newsletters/:id/links`, most recipients first. */
export type AdminNewsletterLinksResponse = AdminListResponse<"links", AdminNewsletterLink>

/** `POST /admin/newsletters/:id/attention`: send the batches that need attention again, or not. */
export type AdminNewsletterAttentionAction = "send_again" | "skip"

/** The unsubscribe page's reasons (多すぎる, 興味がない, 登録した覚えがない, その他). */
export type NewsletterUnsubscribeReasonValue = "too_many" | "not_interested" | "never_signed_up" | "other"

/** `GET /admin/newsletters/:id/unsubscribe-reasons`: the article's unsubscribes by the reason given. */
export type AdminNewsletterUnsubscribeReasonsResponse = {
  unsubscribe_reasons: {
    newsletter_id: string
    /** Unsubscribes through the article's link. */
    unsubscribed: number
    /** How many gave each reason (every reason present). */
    reasons: Record<NewsletterUnsubscribeReasonValue, number>
    /** Unsubscribes that gave none. */
    no_reason: number
  }
}
