import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import {
  normalizedEmailSql,
  VALID_EMAIL_SQL_PATTERN,
} from "../modules/newsletter/utils/email"

/**
 * Copies the article's recipients into `newsletter_recipient` in ONE set-based statement (S8):
 * every customer whose normalized email is `subscribed`, one row per normalized email (a guest and
 * a registered customer may share an address; the registered one's name wins), invalid addresses
 * left out. Returns how many recipients were written.
 */
export async function snapshotRecipients(trx: Knex, newsletterId: string): Promise<number> {
  const email = normalizedEmailSql("c.email")
  const result = await trx.raw(
    `INSERT INTO "newsletter_recipient"
       ("id", "newsletter_id", "position", "customer_id", "email", "first_name", "last_name",
        "status", "created_at", "updated_at")
     SELECT 'nlrcp_' || replace(gen_random_uuid()::text, '-', ''), ?,
            row_number() OVER (ORDER BY t.email), t.customer_id, t.email, t.first_name, t.last_name,
            'pending', now(), now()
     FROM (
       SELECT DISTINCT ON (${email})
              ${email} AS email, c.id AS customer_id, c.first_name, c.last_name
       FROM "customer" c
       JOIN "newsletter_subscription" s
         ON s.email = ${email} AND s.deleted_at IS NULL AND s.status = 'subscribed'
       WHERE c.deleted_at IS NULL AND c.email IS NOT NULL AND ${email} ~ ?
       ORDER BY ${email}, c.has_account DESC, c.updated_at DESC
     ) t`,
    [newsletterId, VALID_EMAIL_SQL_PATTERN]
  )
  return result.rowCount ?? 0
}
