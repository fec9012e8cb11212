import { z } from "@medusajs/framework/zod"
import { AudienceFilterSchema } from "../../../../lib/audience/schema"

/** `POST /admin/newsletters/audience/preview`: the filter to try, as an article would store it. */
export const AdminPreviewNewsletterAudience = z.strictObject({ audience: AudienceFilterSchema })
export type AdminPreviewNewsletterAudienceType = z.infer<typeof AdminPreviewNewsletterAudience>
