import { z } from "@medusajs/framework/zod"
import { IMPORT_MAX_BYTES } from "../../../lib/csv/import"
import {
  NewsletterSubscriptionAction,
  NewsletterSubscriptionStatus,
} from "../../../modules/newsletter/types"

/**
 * Largest JSON body the import accepts: the file's own limit (IMPORT_MAX_BYTES, 20 MB, checked
 * before parsing) plus 4 MB for JSON's escapes (a line end or a quote takes a byte more in JSON),
 * so that a file the import takes is not refused for its envelope. A larger body is refused (413)
 * while it is received, before it is parsed.
 */
export const IMPORT_SIZE_LIMIT = IMPORT_MAX_BYTES + 4 * 1024 * 1024

/**
 * `POST /admin/newsletter-subscriptions/import` with a JSON body: the CSV file's text, as an admin
 * screen sends it after reading the chosen file (`await file.text()`). The compatible way; a large
 * file is better sent as the body itself (`Content-Type: text/csv`), which is never held whole.
 * Checked by the route, which reads its own body (see import/receive-file.ts).
 */
export const AdminImportNewsletterSubscriptions = z.strictObject({
  csv: z.string().min(1, "must not be empty"),
})
export type AdminImportNewsletterSubscriptionsType = z.infer<
  typeof AdminImportNewsletterSubscriptions
>

/** `POST /admin/newsletter-subscriptions/import?dry_run=true`: only check the file, write nothing. */
export const AdminImportNewsletterSubscriptionsParams = z.strictObject({
  dry_run: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
})
export type AdminImportNewsletterSubscriptionsParamsType = z.infer<
  typeof AdminImportNewsletterSubscriptionsParams
>

/** The most subscriptions one page of the list, or one bulk action, takes. */
export const SUBSCRIPTIONS_PER_REQUEST = 1000

/**
 * `GET /admin/newsletter-subscriptions` (メルマガ購読者): `status` one or several (`?status=a` or
 * `?status=a&status=b`), `q` on the email and the customer's name, `limit` (50, at most 1000),
 * `offset`.
 */
export const AdminGetNewsletterSubscriptionsParams = z.strictObject({
  status: z
    .union([z.enum(NewsletterSubscriptionStatus), z.array(z.enum(NewsletterSubscriptionStatus))], {
      error: `must be one of: ${Object.values(NewsletterSubscriptionStatus).join(", ")}`,
    })
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v])),
  q: z.string().max(200, "must be at most 200 characters").optional(),
  limit: z.coerce
    .number("must be a whole number")
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(SUBSCRIPTIONS_PER_REQUEST, `must be at most ${SUBSCRIPTIONS_PER_REQUEST}`)
    .default(50),
  offset: z.coerce
    .number("must be a whole number")
    .int("must be a whole number")
    .min(0, "must not be negative")
    .default(0),
})
export type AdminGetNewsletterSubscriptionsParamsType = z.infer<
  typeof AdminGetNewsletterSubscriptionsParams
>

/**
 * `POST /admin/newsletter-subscriptions/batch`: one bulk action (クリーニング済にする, クリーニング解除,
 * 配信停止) on 1 to 1000 subscriptions, with an optional reason kept in each history entry.
 */
export const AdminBatchNewsletterSubscriptions = z.strictObject({
  ids: z
    .array(z.string().min(1))
    .min(1, "must name at least 1 subscription")
    .max(SUBSCRIPTIONS_PER_REQUEST, `must name at most ${SUBSCRIPTIONS_PER_REQUEST} subscriptions`),
  action: z.enum(NewsletterSubscriptionAction),
  reason: z.string().trim().max(500, "must be at most 500 characters").optional(),
})
export type AdminBatchNewsletterSubscriptionsType = z.infer<typeof AdminBatchNewsletterSubscriptions>
