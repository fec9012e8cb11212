import { NewsletterStatus } from "../types"
import type { SqlManager } from "./types"

/** What the settings card (配信設定の状態) reads of the delivery reports and the recent sends. */
export type DeliveryHealth = {
  /**
   * When the latest signed delivery report the plugin applied arrived (on the plugin's clock);
   * null when none is kept: none came, or all were purged after `webhookEventRetentionDays`.
   */
  last_webhook_at: Date | null
  /** Articles that handed mail to the provider between `since` and `until`. */
  sent_articles: number
}

/**
 * Reads, in one statement, the arrival of the latest applied delivery report (the newest row of
 * the webhook-event table, which the every-minute job purges after the retention) and how many
 * articles handed mail over between `since` and `until`: started by `until`, with a mail
 * accepted, and still being sent or finished since `since`. Both are index reads or a scan of
 * the articles, never of the recipients.
 */
export async function readDeliveryHealth(
  manager: SqlManager,
  input: { since: Date; until: Date }
): Promise<DeliveryHealth> {
  const [row] = (await manager.execute(
    `SELECT (SELECT max(w."created_at") FROM "newsletter_webhook_event" w WHERE w."deleted_at" IS NULL)
              AS "last_webhook_at",
            (SELECT count(*)::int FROM "newsletter" n
             WHERE n."deleted_at" IS NULL AND n."succeeded_count" > 0 AND n."started_at" <= ?
               AND (n."finished_at" >= ? OR (n."finished_at" IS NULL AND n."status" = ?))) AS "sent_articles"`,
    [input.until, input.since, NewsletterStatus.SENDING]
  )) as Array<{ last_webhook_at: Date | string | null; sent_articles: number }>
  return {
    last_webhook_at: row.last_webhook_at === null ? null : new Date(row.last_webhook_at),
    sent_articles: row.sent_articles,
  }
}
