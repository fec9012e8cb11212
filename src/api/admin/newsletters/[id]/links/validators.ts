import type { z } from "@medusajs/framework/zod"
import { AdminGetNewsletterRecipientsParams } from "../../validators"

/** `GET /admin/newsletters/:id/links`: a page of the clicked links, as the recipients are paged (50, ≤ 500). */
export const AdminGetNewsletterLinksParams = AdminGetNewsletterRecipientsParams.pick({ limit: true, offset: true })
export type AdminGetNewsletterLinksParamsType = z.infer<typeof AdminGetNewsletterLinksParams>
