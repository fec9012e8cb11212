import { z } from "@medusajs/framework/zod"
import type { DeliveryEventInput } from "./types"

/** The part of a Resend webhook event the plugin reads (other fields pass through unread). */
export const ResendWebhookEventSchema = z.looseObject({
  type: z.string().min(1),
  created_at: z.string().optional(),
  data: z.looseObject({
    email_id: z.string().optional(),
    created_at: z.string().optional(),
    tags: z
      .union([
        z.record(z.string(), z.string()),
        z.array(z.object({ name: z.string(), value: z.string() })),
      ])
      .optional(),
    bounce: z
      .looseObject({
        type: z.string().optional(),
        subType: z.string().optional(),
        message: z.string().optional(),
      })
      .optional(),
    failed: z.looseObject({ reason: z.string().optional() }).optional(),
    suppressed: z.looseObject({ type: z.string().optional(), message: z.string().optional() }).optional(),
  }),
})
export type ResendWebhookEvent = z.infer<typeof ResendWebhookEventSchema>

/** A tag the plugin set on the mail, whichever of Resend's two shapes the event uses. */
export function eventTag(event: ResendWebhookEvent, name: string): string | null {
  const tags = event.data.tags
  if (!tags) {
    return null
  }
  if (Array.isArray(tags)) {
    return tags.find((t) => t.name === name)?.value ?? null
  }
  return tags[name] ?? null
}

const BOUNCE_TYPES: Record<string, string> = {
  permanent: "permanent",
  transient: "transient",
  undetermined: "undetermined",
}

/**
 * What a Resend event means for a recipient, or null for events that change nothing
 * (`email.sent`, `email.scheduled`, contact and domain events). `email.bounced` without a type is
 * taken as permanent: Resend reports that event when the receiving server rejected the mail for good.
 */
export function toDeliveryEvent(
  event: ResendWebhookEvent,
  eventId: string,
  now: Date
): DeliveryEventInput | null {
  const occurredAt = new Date(event.data.created_at ?? event.created_at ?? now.toISOString())
  const base = {
    eventId,
    type: event.type,
    emailId: event.data.email_id ?? null,
    recipientId: eventTag(event, "recipient_id"),
    occurredAt: Number.isNaN(occurredAt.getTime()) ? now : occurredAt,
    now,
  }
  switch (event.type) {
    case "email.delivered":
      return { ...base, kind: "delivered" }
    case "email.delivery_delayed":
      return { ...base, kind: "delivery_delayed" }
    case "email.opened":
      return { ...base, kind: "opened" }
    case "email.clicked":
      return { ...base, kind: "clicked" }
    case "email.complained":
      return { ...base, kind: "complained" }
    case "email.bounced": {
      const bounce = event.data.bounce
      const type = BOUNCE_TYPES[(bounce?.type ?? "permanent").toLowerCase()] ?? "undetermined"
      const reason = [bounce?.type, bounce?.subType, bounce?.message].filter(Boolean).join(": ")
      return { ...base, kind: "error", errorType: type, reason: reason || "bounced" }
    }
    case "email.failed":
      return { ...base, kind: "error", errorType: "failed", reason: event.data.failed?.reason ?? "failed" }
    case "email.suppressed": {
      const s = event.data.suppressed
      const reason = [s?.type, s?.message].filter(Boolean).join(": ")
      return { ...base, kind: "error", errorType: "suppressed", reason: reason || "suppressed" }
    }
    default:
      return null
  }
}
