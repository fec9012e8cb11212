import { z } from "@medusajs/framework/zod"

/** `GET /admin/newsletters/:id/unsubscribe-reasons` takes no parameter. */
export const AdminGetNewsletterUnsubscribeReasonsParams = z.object({}).strict()
