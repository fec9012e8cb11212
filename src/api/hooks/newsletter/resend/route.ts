import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { resolveClock } from "../../../../lib/clock"
import { applyDeliveryReport } from "../../../../lib/webhooks/apply-delivery-report"
import {
  isDeliveryReportType,
  isNoteworthyIgnoredType,
  ResendWebhookEventSchema,
  toDeliveryEvent,
} from "../../../../lib/webhooks/resend-event"
import { webhookVerifier } from "../../../../lib/webhooks/signature"
import { formatZodIssues, zodIssueProblems } from "../../../../lib/zod-issues"
import { NEWSLETTER_MODULE } from "../../../../modules/newsletter"
import { NewsletterError } from "../../../../modules/newsletter/errors"
import type NewsletterModuleService from "../../../../modules/newsletter/service"
import { answeringErrors } from "../../../utils/respond-error"

// Resend calls this: no admin login, no publishable key. The signature is the authentication.
export const AUTHENTICATE = false

const header = (req: MedusaRequest, name: string) => {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * Resend's delivery reports (webhook). Verified with the configured signing secret (Standard
 * Webhooks: svix-id, svix-timestamp, svix-signature over the raw body, ±5 minutes); missing,
 * wrong or stale → 401 (`webhook_signature_invalid`; `webhook_secret_missing` without a secret)
 * and nothing changes. The same event twice changes nothing. A signed event
 * of a type the plugin doesn't read, or about mail it didn't send, is acknowledged (200) and
 * logged rather than refused (Resend would retry it for days); a report that comes before the
 * worker recorded its mail answers 409, for Resend to deliver it again later.
 */
export const POST = answeringErrors(async (req: MedusaRequest, res: MedusaResponse) => {
  const service = req.scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
  const options = await service.getOptions()
  const secret = options.resend?.webhookSecret
  if (!secret) {
    throw new NewsletterError(
      MedusaError.Types.UNAUTHORIZED,
      "webhook_secret_missing",
      "Webhooks are refused: no signing secret is configured (plugin option resend.webhookSecret)"
    )
  }
  const id = header(req, "svix-id")
  const timestamp = header(req, "svix-timestamp")
  const signature = header(req, "svix-signature")
  const raw = (req as MedusaRequest & { rawBody?: Buffer }).rawBody
  // One HMAC over the raw bytes with the key decoded once per secret (see webhookVerifier).
  if (!raw || !webhookVerifier(secret)({ id, timestamp, signature }, raw, Math.floor(Date.now() / 1000))) {
    throw new NewsletterError(
      MedusaError.Types.UNAUTHORIZED,
      "webhook_signature_invalid",
      "Invalid or expired webhook signature"
    )
  }

  const type = (req.body as { type?: unknown } | undefined)?.type
  if (typeof type === "string" && type !== "" && !isDeliveryReportType(type)) {
    if (isNoteworthyIgnoredType(type)) {
      req.scope
        .resolve(ContainerRegistrationKeys.LOGGER)
        .info(`Resend webhook ${id}: event type "${type}" is not a delivery report; acknowledged, nothing changed`)
    }
    res.json({ received: true, applied: false })
    return
  }
  const parsed = ResendWebhookEventSchema.safeParse(req.body)
  if (!parsed.success) {
    throw new NewsletterError(
      MedusaError.Types.INVALID_DATA,
      "invalid_webhook_event",
      `Invalid webhook event: ${formatZodIssues(parsed.error.issues, req.body, "event")}`,
      {},
      zodIssueProblems(parsed.error.issues, req.body ?? {})
    )
  }
  const event = toDeliveryEvent(parsed.data, id!, resolveClock(req.scope).now(), options)
  if (!event) {
    res.json({ received: true, applied: false })
    return
  }
  // A report that came too early is a 409 (delivery_report_too_early): Resend delivers it again.
  const applied = await applyDeliveryReport(req.scope, event)
  res.json({ received: true, applied })
})
