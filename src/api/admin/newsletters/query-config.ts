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

export const retrieveNewsletterTransformQueryConfig = {
  defaults: defaultAdminNewsletterFields,
  // Medusa drops any other requested field; the validator refuses it first with a 400 naming it.
  allowed: defaultAdminNewsletterFields,
  isList: false,
}

export const listNewsletterTransformQueryConfig = {
  ...retrieveNewsletterTransformQueryConfig,
  defaultLimit: 20,
  isList: true,
}
