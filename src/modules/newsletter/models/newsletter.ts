import { model } from "@medusajs/framework/utils"
import {
  NewsletterCouponMode,
  NewsletterFormat,
  NewsletterStatus,
} from "../types"
import { NewsletterCategory } from "./newsletter-category"
import { NewsletterRecipient } from "./newsletter-recipient"

/**
 * An article (記事): the mail, when it goes out, to whom, and how it went (S1, S10, S11).
 */
export const Newsletter = model
  .define("newsletter", {
    id: model.id({ prefix: "nl" }).primaryKey(),
    subject: model.text().searchable(),
    body: model.text(),
    format: model.enum(NewsletterFormat),
    // 配信予約時間: the earliest moment the dispatcher may start sending.
    scheduled_at: model.dateTime(),
    // Detailed search (詳細検索) filter; an empty object means every subscribed customer.
    audience: model.json().default({}),
    // The saved segments the audience names (segment_id, chains followed) as they were at the
    // last reservation: { [id]: { name, audience } }; null until reserved. What the snapshot was
    // taken with; a draft always reads the segments' current filters.
    audience_segments: model.json().nullable(),
    // Promotion announced by the article (read-only link to the Promotion module).
    promotion_id: model.text().nullable(),
    coupon_mode: model.enum(NewsletterCouponMode).default(NewsletterCouponMode.NONE),
    // claim_link only: the customer group the plugin created at reservation; customers who open
    // their coupon URL join it, and the promotion has a `customer.groups.id in [...]` rule on it.
    customer_group_id: model.text().nullable(),
    status: model.enum(NewsletterStatus).default(NewsletterStatus.DRAFT),
    // Why the article is in its status, when the status alone doesn't say (stop, pause, failure).
    status_reason: model.text().nullable(),
    // The same reason as a stable code with its values (utils/status-reasons.ts), written in the
    // same statement as status_reason: the admin says it in the owner's language from these.
    status_reason_code: model.text().nullable(),
    status_reason_params: model.json().nullable(),
    // 配信開始時間: when the dispatcher claimed the article.
    started_at: model.dateTime().nullable(),
    finished_at: model.dateTime().nullable(),
    // What the mails depend on beyond the recipient (NewsletterSendContext), frozen at the claim
    // (scheduled → sending), so every attempt of every batch renders the identical payload.
    send_context: model.json().nullable(),
    cancelled_at: model.dateTime().nullable(),
    // Counters (S10, S18); total = succeeded + failed + unsent + skipped at every moment.
    total_count: model.number().default(0),
    succeeded_count: model.number().default(0),
    failed_count: model.number().default(0),
    unsent_count: model.number().default(0),
    skipped_count: model.number().default(0),
    // Of succeeded: mails Resend had already accepted for a batch whose retry it answered 409
    // (the key was used with another payload); sent, but their provider ids are unknown.
    unconfirmed_count: model.number().default(0),
    // Delivery reports (unique recipients). awaiting = sent and no final report yet.
    delivered_count: model.number().default(0),
    opened_count: model.number().default(0),
    clicked_count: model.number().default(0),
    complained_count: model.number().default(0),
    awaiting_count: model.number().default(0),
    // Recipients whose outcome was never reported when aggregation closed (shown as "unknown").
    unknown_count: model.number().default(0),
    // First delivery report counted after sending started (S13).
    counted_at: model.dateTime().nullable(),
    aggregated_at: model.dateTime().nullable(),
    category: model.belongsTo(() => NewsletterCategory, { mappedBy: "newsletters" }).nullable(),
    recipients: model.hasMany(() => NewsletterRecipient, { mappedBy: "newsletter" }),
  })
  .cascades({ delete: ["recipients"] })
  .indexes([{ on: ["status", "scheduled_at"] }])
