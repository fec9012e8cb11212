import { z } from "@medusajs/framework/zod"
import { listParams, retrieveParams } from "../../utils/list-params"
import { allowedAdminNewsletterFields } from "./query-config"
import { AudienceFilterSchema } from "../../../lib/audience/schema"
import { newsletterArticleFields } from "../../../lib/newsletter-article"
import { parseTestAddresses } from "../../../lib/dispatch/test-addresses"
import { NewsletterRecipientStatus, NewsletterStatus } from "../../../modules/newsletter/types"

// The article's fields are shared with the admin's form (src/lib/newsletter-article.ts); the
// detailed search (S6) is checked here only; the groups and promotions it names in the workflow.
const fields = { ...newsletterArticleFields, audience: AudienceFilterSchema.optional() }

/** `POST /admin/newsletters`: subject, body, format and send time are required (S1). */
export const AdminCreateNewsletter = z.object(fields).strict()
export type AdminCreateNewsletterType = z.infer<typeof AdminCreateNewsletter>

/** `POST /admin/newsletters/:id`: any of the fields of create. */
export const AdminUpdateNewsletter = z.object(fields).partial().strict()
export type AdminUpdateNewsletterType = z.infer<typeof AdminUpdateNewsletter>

/** `GET /admin/newsletters` */
export const AdminGetNewslettersParams = listParams({
  limit: 20,
  order: "-created_at",
  sortable: ["subject", "status", "scheduled_at", "started_at", "created_at", "updated_at"],
  fields: allowedAdminNewsletterFields,
}).extend({
  q: z.string().optional(),
  status: z.union([z.enum(NewsletterStatus), z.array(z.enum(NewsletterStatus))]).optional(),
})
export type AdminGetNewslettersParamsType = z.infer<typeof AdminGetNewslettersParams>

export const AdminGetNewsletterParams = retrieveParams({ fields: allowedAdminNewsletterFields })

/** `GET /admin/newsletters/:id/preview`: a real customer, or sample data when none is given. */
export const AdminPreviewNewsletterParams = z
  .object({ customer_id: z.string().min(1).optional() })
  .strict()
export type AdminPreviewNewsletterParamsType = z.infer<typeof AdminPreviewNewsletterParams>

/** `POST /admin/newsletters/:id/test-send` (S5): addresses separated by commas. */
export const AdminTestSendNewsletter = z
  .object({
    to: z
      .string()
      .max(5000, "must be at most 5000 characters")
      .transform((field, ctx) => {
        const parsed = parseTestAddresses(field)
        if (parsed.problem !== undefined) {
          ctx.addIssue({ code: "custom", message: parsed.problem, params: { code: parsed.code, ...parsed.params } })
          return z.NEVER
        }
        return parsed.addresses
      }),
  })
  .strict()
export type AdminTestSendNewsletterType = z.infer<typeof AdminTestSendNewsletter>

/** `POST /admin/newsletters/:id/schedule`, `/cancel` and `/duplicate` take no body. */
export const AdminNewsletterActionBody = z.object({}).strict()

/** `GET /admin/newsletters/:id/recipients` */
export const AdminGetNewsletterRecipientsParams = z
  .object({
    q: z.string().max(200, "must be at most 200 characters").optional(),
    status: z.enum(NewsletterRecipientStatus).optional(),
    limit: z.coerce.number("must be a whole number").int("must be a whole number").min(1, "must be at least 1").max(500, "must be at most 500").default(50),
    offset: z.coerce.number("must be a whole number").int("must be a whole number").min(0, "must not be negative").default(0),
  })
  .strict()
export type AdminGetNewsletterRecipientsParamsType = z.infer<typeof AdminGetNewsletterRecipientsParams>
