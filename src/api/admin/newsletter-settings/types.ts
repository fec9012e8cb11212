import type { DeliveryWarning } from "../../../lib/settings/delivery-warnings"

// The answer of GET /admin/newsletter-settings, written once for the route and the admin screens
// (which import it as a type only). Times are ISO text.

export type { DeliveryWarning, DeliveryWarningCode } from "../../../lib/settings/delivery-warnings"

/** What the admin screens need of the configuration, and the state of delivery (配信設定の状態). */
export type AdminNewsletterSettings = {
  /** `resend` sends; `outbox` writes every mail as a file and sends nothing. */
  transport: { name: "resend" | "outbox"; description: string }
  timezone: string
  min_lead_minutes: number
  requests_per_second: number | null
  sender: { name: string; shopName?: string; postalAddress: string; contact: string }
  tags: string[]
  webhooks: {
    /** Whether `resend.webhookSecret` is set (without it every delivery report is refused). */
    secret_configured: boolean
    /** When the latest signed delivery report arrived; null when none is kept. */
    last_received_at: string | null
    /** Days a report is kept (`webhookEventRetentionDays`): older arrivals are forgotten. */
    retention_days: number
  }
  /** What the owner should act on, as codes with params (see deliveryWarnings). */
  warnings: DeliveryWarning[]
}

/** `GET /admin/newsletter-settings` */
export type AdminNewsletterSettingsResponse = { newsletter_settings: AdminNewsletterSettings }
