import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { AudienceFilter } from "./audience/schema"
import { audienceSql, WITHOUT_JIT_SQL } from "./audience/sql"

/**
 * Copies the article's recipients into `newsletter_recipient` in ONE set-based statement (S8):
 * the customers its audience (詳細検索, S6) selects among those whose normalized email is
 * `subscribed`, one row per normalized email (a guest and a registered customer may share an
 * address; the registered one's name wins), invalid addresses left out, positions in email
 * order. Returns how many recipients were written. `trx` must be a transaction: JIT compilation
 * is turned off for the rest of it.
 */
export async function snapshotRecipients(
  trx: Knex,
  newsletterId: string,
  audience: AudienceFilter
): Promise<number> {
  const selected = audienceSql(audience)
  await trx.raw(WITHOUT_JIT_SQL)
  const result = await trx.raw(
    `INSERT INTO "newsletter_recipient"
       ("id", "newsletter_id", "position", "customer_id", "email", "first_name", "last_name",
        "status", "created_at", "updated_at")
     SELECT 'nlrcp_' || replace(gen_random_uuid()::text, '-', ''), ?,
            row_number() OVER (ORDER BY t.email), t.customer_id, t.email, t.first_name, t.last_name,
            'pending', now(), now()
     FROM (${selected.sql}) t`,
    [newsletterId, ...selected.bindings]
  )
  return result.rowCount ?? 0
}
