/** Fields of an article in admin responses, counters of S10 included. */
export const defaultAdminNewsletterFields = [
  "id",
  "subject",
  "body",
  "format",
  "scheduled_at",
  "audience",
  "promotion_id",
  "coupon_mode",
  "status",
  "status_reason",
  // The reason as a code with its values, which the admin says in the owner's language.
  "status_reason_code",
  "status_reason_params",
  "started_at",
  "finished_at",
  "cancelled_at",
  "total_count",
  "succeeded_count",
  "failed_count",
  "unsent_count",
  "skipped_count",
  // Of succeeded: accepted by Resend but answered 409 on a retry, so their ids are unknown.
  "unconfirmed_count",
  // Delivery reports (unique recipients) the list and the detail show rates from (開封率, クリック率).
  "delivered_count",
  "opened_count",
  "clicked_count",
  "category_id",
  "category.id",
  "category.name",
  "category.window_start",
  "category.window_end",
  "promotion.id",
  "promotion.code",
  "created_at",
  "updated_at",
]

/**
 * Every field an admin request may ask for with `fields`: the defaults, plus the delivery-report
 * figures the detail page adds (`+delivered_count,…`). Never relations such as the recipients.
 */
export const allowedAdminNewsletterFields = [
  ...defaultAdminNewsletterFields,
  // The saved segments the audience was reserved with (segment_id frozen at reservation).
  "audience_segments",
  "complained_count",
  "awaiting_count",
  "unknown_count",
  "counted_at",
  "aggregated_at",
]

export const retrieveNewsletterTransformQueryConfig = {
  defaults: defaultAdminNewsletterFields,
  // Medusa drops any other requested field; the validator refuses it first with a 400 naming it.
  allowed: allowedAdminNewsletterFields,
  isList: false,
}

export const listNewsletterTransformQueryConfig = {
  ...retrieveNewsletterTransformQueryConfig,
  defaultLimit: 20,
  isList: true,
}
