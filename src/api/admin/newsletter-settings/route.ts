import path from "node:path"
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resolveClock } from "../../../lib/clock"
import { deliveryWarnings, deliveryWarningWindow } from "../../../lib/settings/delivery-warnings"
import { getTransport } from "../../../lib/transport"
import { listTagNames } from "../../../lib/render/tags"
import { NEWSLETTER_MODULE } from "../../../modules/newsletter"
import type NewsletterModuleService from "../../../modules/newsletter/service"
import { answeringErrors } from "../../utils/respond-error"
import type { AdminNewsletterSettingsResponse } from "./types"

/**
 * What the admin screens need to know of the configuration: which transport is active (never
 * silent about the outbox), the time zone, the lead time, the sender and the custom tags; and
 * the state of delivery (配信設定の状態): whether a webhook secret is set, when the latest signed
 * delivery report arrived (kept `webhookEventRetentionDays`, then null again), and the warnings
 * as codes with params (`outbox_transport`, `webhook_secret_missing`, `webhooks_missing`; the
 * rule: deliveryWarnings).
 */
export const GET = answeringErrors(
  async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminNewsletterSettingsResponse>) => {
    const service = req.scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const options = await service.getOptions()
    const transport = getTransport(options)
    const now = resolveClock(req.scope).now()
    const health = await service.getNewsletterDeliveryHealth(deliveryWarningWindow(now))
    const secretConfigured = Boolean(options.resend?.webhookSecret)
    res.json({
      newsletter_settings: {
        transport: { name: transport.name, description: transport.description },
        timezone: options.timezone,
        min_lead_minutes: options.minLeadMinutes,
        requests_per_second: options.resend?.requestsPerSecond ?? null,
        sender: options.sender,
        tags: listTagNames(),
        webhooks: {
          secret_configured: secretConfigured,
          last_received_at: health.last_webhook_at?.toISOString() ?? null,
          retention_days: options.webhookEventRetentionDays,
        },
        warnings: deliveryWarnings({
          transport: transport.name,
          outboxDir: path.resolve(options.outboxDir),
          webhookSecretConfigured: secretConfigured,
          sentArticles: health.sent_articles,
          lastWebhookAt: health.last_webhook_at,
          now,
        }),
      },
    })
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
