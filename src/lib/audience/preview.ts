import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { AudienceFilter } from "./schema"
import { AudienceRecipient, audiencePreviewSql, WITHOUT_JIT_SQL } from "./sql"

/** How many recipients a preview shows. */
export const AUDIENCE_SAMPLE_SIZE = 20

/** What the audience preview answers: the number of recipients and the first few by email. */
export type AudiencePreview = {
  count: number
  sample: Array<Pick<AudienceRecipient, "customer_id" | "email" | "first_name" | "last_name">>
}

/**
 * Counts the recipients a filter selects right now and lists the first
 * {@link AUDIENCE_SAMPLE_SIZE} of them in email order, in one statement over the same SQL the
 * reservation's snapshot uses.
 */
export async function previewAudience(knex: Knex, filter: AudienceFilter): Promise<AudiencePreview> {
  const preview = audiencePreviewSql(filter, AUDIENCE_SAMPLE_SIZE)
  const rows: Array<AudiencePreview["sample"][number] & { count: number }> = await knex.transaction(
    async (trx) => {
      await trx.raw(WITHOUT_JIT_SQL)
      return (await trx.raw(preview.sql, preview.bindings)).rows
    }
  )
  return {
    count: rows[0]?.count ?? 0,
    sample: rows.map(({ customer_id, email, first_name, last_name }) => ({
      customer_id,
      email,
      first_name,
      last_name,
    })),
  }
}
