import { z } from "@medusajs/framework/zod"
import {
  UNSUBSCRIBE_REASON_TEXT_MAX,
  UNSUBSCRIBE_REASONS,
} from "../../../../../modules/newsletter/utils/unsubscribe-follow-up-rules"

/** `POST /hooks/newsletter/unsubscribe/:token/reason` (the page's form, form-encoded). */
export const HookUnsubscribeReason = z
  .object({
    reason: z.enum(UNSUBSCRIBE_REASONS),
    text: z.string().max(UNSUBSCRIBE_REASON_TEXT_MAX).optional(),
  })
  .strict()
export type HookUnsubscribeReasonType = z.infer<typeof HookUnsubscribeReason>

/** `POST /hooks/newsletter/unsubscribe/:token/resubscribe`: the button posts no field. */
export const HookResubscribe = z.object({}).strict()
