import { z } from "@medusajs/framework/zod"
import { NewsletterAttentionAction } from "../../../../../modules/newsletter/types"

/**
 * `POST /admin/newsletters/:id/attention`: the store owner's decision on the batches that need
 * attention: `send_again` (under a new Idempotency-Key) or `skip` (record their unsent recipients
 * as skipped).
 */
export const AdminResolveNewsletterAttention = z.strictObject({ action: z.enum(NewsletterAttentionAction) })
export type AdminResolveNewsletterAttentionType = z.infer<typeof AdminResolveNewsletterAttention>
