/**
 * What the settings card (配信設定の状態) and the article list warn the store owner about, as
 * codes with params that the admin says from its dictionaries (`settings.warnings.<code>`).
 */

/** Hours without a signed delivery report after a send before the plugin warns. */
export const WEBHOOK_SILENCE_HOURS = 24

/**
 * Minutes a send is given before its missing reports count: Resend reports within seconds, but a
 * send that just started has had no time to be reported.
 */
export const WEBHOOK_GRACE_MINUTES = 10

export type DeliveryWarningCode = "outbox_transport" | "webhook_secret_missing" | "webhooks_missing"

export type DeliveryWarning = {
  code: DeliveryWarningCode
  params: Record<string, string | number | null>
}

export type DeliveryWarningInput = {
  transport: "resend" | "outbox"
  /** The outbox folder, as the transport writes to it. */
  outboxDir: string
  webhookSecretConfigured: boolean
  /** Articles that handed mail over in the window (see deliveryWarningWindow). */
  sentArticles: number
  /** When the latest signed report arrived; null when none is kept. */
  lastWebhookAt: Date | null
  now: Date
}

/** The sends that should have been reported by `now`: between 24 hours and 10 minutes ago. */
export function deliveryWarningWindow(now: Date): { since: Date; until: Date } {
  return {
    since: new Date(now.getTime() - WEBHOOK_SILENCE_HOURS * 3_600_000),
    until: new Date(now.getTime() - WEBHOOK_GRACE_MINUTES * 60_000),
  }
}

/**
 * THE rule of the delivery warnings:
 * - `outbox_transport` {directory}: without `resend`, mail is written to files, never sent (and no
 *   report can ever come, so nothing else is said);
 * - `webhook_secret_missing`: Resend sends, but every report is refused, so no address is ever
 *   cleaned and no article reaches 集計済 (the missing reports follow from it: not said twice);
 * - `webhooks_missing` {articles, hours, last_received_at}: articles handed mail over in the last
 *   24 hours (at least 10 minutes ago), but no signed report arrived in the last 24 hours: the
 *   webhook is not set up in Resend, points elsewhere, or is signed with another secret.
 */
export function deliveryWarnings(input: DeliveryWarningInput): DeliveryWarning[] {
  if (input.transport === "outbox") {
    return [{ code: "outbox_transport", params: { directory: input.outboxDir } }]
  }
  if (!input.webhookSecretConfigured) {
    return [{ code: "webhook_secret_missing", params: {} }]
  }
  const { since } = deliveryWarningWindow(input.now)
  if (input.sentArticles > 0 && (!input.lastWebhookAt || input.lastWebhookAt < since)) {
    return [
      {
        code: "webhooks_missing",
        params: {
          articles: input.sentArticles,
          hours: WEBHOOK_SILENCE_HOURS,
          last_received_at: input.lastWebhookAt?.toISOString() ?? null,
        },
      },
    ]
  }
  return []
}
