import { z } from "@medusajs/framework/zod"
import { NewsletterSubscriptionStatus } from "../../../../../modules/newsletter/types"

/** `POST /admin/customers/:id/newsletter-subscription`: a change by hand, with its reason. */
export const AdminUpdateCustomerNewsletterSubscription = z
  .object({
    status: z.enum(NewsletterSubscriptionStatus),
    reason: z.string().trim().max(500, "must be at most 500 characters").optional(),
  })
  .strict()
export type AdminUpdateCustomerNewsletterSubscriptionType = z.infer<
  typeof AdminUpdateCustomerNewsletterSubscription
>
