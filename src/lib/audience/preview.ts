import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { AudienceFilter } from "./schema"
import { AudienceRecipient, audienceCountSql, audienceSql } from "./sql"

/** How many recipients a preview shows. */
export const AUDIENCE_SAMPLE_SIZE = 20

/** What the audience preview answers: the number of recipients and the first few by email. */
export type AudiencePreview = {
  count: number
  sample: Array<Pick<AudienceRecipient, "customer_id" | "email" | "first_name" | "last_name">>
}

/**
 * Counts the recipients a filter selects right now (one COUNT query) and lists the first
 * {@link AUDIENCE_SAMPLE_SIZE} of them in email order, from the same SQL the reservation's
 * snapshot uses.
 */
export async function previewAudience(knex: Knex, filter: AudienceFilter): Promise<AudiencePreview> {
  const counted = audienceCountSql(filter)
  const selected = audienceSql(filter)
  const [countResult, sampleResult] = await Promise.all([
    knex.raw(counted.sql, counted.bindings),
    knex.raw(
      `SELECT t."customer_id", t."email", t."first_name", t."last_name"
       FROM (${selected.sql}) t ORDER BY t."email" LIMIT ?`,
      [...selected.bindings, AUDIENCE_SAMPLE_SIZE]
    ),
  ])
  return { count: countResult.rows[0].count, sample: sampleResult.rows }
}
