import { z } from "@medusajs/framework/zod"
import { clickedLink, type LinkUrls } from "../dispatch/links"
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
    click: z.looseObject({ link: z.string().optional() }).optional(),
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

type ReportFields = Pick<DeliveryEventInput, "kind" | "errorType" | "reason" | "link">

/**
 * The delivery reports the plugin reads, by Resend event type, and what each means for the
 * recipient. `email.bounced` without a type is taken as permanent: Resend reports that event when
 * the receiving server rejected the mail for good.
 */
const REPORTS: Record<string, (event: ResendWebhookEvent, urls: Pick<LinkUrls, "couponPath">) => ReportFields> = {
  "email.delivered": () => ({ kind: "delivered" }),
  "email.delivery_delayed": () => ({ kind: "delivery_delayed" }),
  "email.opened": () => ({ kind: "opened" }),
  "email.clicked": (event, urls) => ({ kind: "clicked", link: clickedLink(event.data.click?.link ?? "", urls) }),
  "email.complained": () => ({ kind: "complained" }),
  "email.bounced": (event) => {
    const bounce = event.data.bounce
    const type = BOUNCE_TYPES[(bounce?.type ?? "permanent").toLowerCase()] ?? "undetermined"
    const reason = [bounce?.type, bounce?.subType, bounce?.message].filter(Boolean).join(": ")
    return { kind: "error", errorType: type, reason: reason || "bounced" }
  },
  "email.failed": (event) => ({
    kind: "error",
    errorType: "failed",
    reason: event.data.failed?.reason ?? "failed",
  }),
  "email.suppressed": (event) => {
    const s = event.data.suppressed
    const reason = [s?.type, s?.message].filter(Boolean).join(": ")
    return { kind: "error", errorType: "suppressed", reason: reason || "suppressed" }
  },
}

/**
 * Event types about mail that change nothing here (the send itself is recorded by the worker):
 * acknowledged without a log line. Any other type that is not a delivery report (contact and
 * domain events, types Resend adds later) is acknowledged and logged.
 */
const QUIET_TYPES = ["email.sent", "email.scheduled"]

/** Whether the plugin reads events of this type (see toDeliveryEvent). */
export function isDeliveryReportType(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(REPORTS, type)
}

/** Whether an event of this type, which the plugin doesn't read, deserves a log line. */
export function isNoteworthyIgnoredType(type: string): boolean {
  return !isDeliveryReportType(type) && !QUIET_TYPES.includes(type)
}

/**
 * What a Resend event means for a recipient, or null for events that change nothing
 * (`email.sent`, `email.scheduled`, contact and domain events). `urls` (the plugin's options)
 * tells the plugin's own coupon links among the clicked ones.
 */
export function toDeliveryEvent(
  event: ResendWebhookEvent,
  eventId: string,
  now: Date,
  urls: Pick<LinkUrls, "couponPath">
): DeliveryEventInput | null {
  if (!isDeliveryReportType(event.type)) {
    return null
  }
  const occurredAt = new Date(event.data.created_at ?? event.created_at ?? now.toISOString())
  return {
    eventId,
    type: event.type,
    emailId: event.data.email_id ?? null,
    recipientId: eventTag(event, "recipient_id"),
    occurredAt: Number.isNaN(occurredAt.getTime()) ? now : occurredAt,
    now,
    ...REPORTS[event.type](event, urls),
  }
}
