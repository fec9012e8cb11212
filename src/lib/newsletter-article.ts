import { z } from "zod"
import { NewsletterCouponMode, NewsletterFormat } from "../modules/newsletter/types"

/**
 * The article's editable fields and their rules, written once for the server's validator
 * (src/api/admin/newsletters/validators.ts), the module's edit statement
 * (repositories/article.ts) and the admin's article form, which validates with the same schema
 * before it sends. This file is bundled into the admin, so it imports nothing but zod (the same
 * zod 4 that `@medusajs/framework/zod` re-exports) and the plain enums of the module's types.
 * The messages are English for developers; the admin says each problem by its code
 * (`zodIssueProblems`) from its dictionaries.
 */

/** The fields of `POST /admin/newsletters/:id`, and the columns an edit may write. */
export const EDITABLE_NEWSLETTER_FIELDS = [
  "subject",
  "body",
  "format",
  "scheduled_at",
  "category_id",
  "audience",
  "promotion_id",
  "coupon_mode",
] as const

export type EditableNewsletterField = (typeof EDITABLE_NEWSLETTER_FIELDS)[number]

const dateTime = z.iso.datetime({
  offset: true,
  message: "must be an ISO 8601 date-time with a time zone, e.g. 2026-12-01T10:00:00+09:00",
})

/**
 * Every editable field but `audience`, whose schema (the detailed search) stays on the server:
 * its rules name the plugin's errors, and the admin builds it from conditions of its own.
 */
export const newsletterArticleFields = {
  subject: z.string().trim().min(1, "must not be empty").max(255, "must be at most 255 characters"),
  body: z.string().min(1, "must not be empty"),
  format: z.enum(NewsletterFormat),
  scheduled_at: dateTime,
  category_id: z.string().min(1).nullable().optional(),
  promotion_id: z.string().min(1).nullable().optional(),
  coupon_mode: z.enum(NewsletterCouponMode).optional(),
}

/** The article's fields as `POST /admin/newsletters` requires them (audience aside). */
export const NewsletterArticleSchema = z.object(newsletterArticleFields)
