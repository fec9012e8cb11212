import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError } from "../errors"
import { NewsletterStatus } from "../types"
import { statusCondition } from "../utils/newsletter-status"
import { notFound } from "../utils/not-found"
import type { SqlManager } from "./types"

/**
 * The statements on saved segments (保存した検索条件) that CRUD can't express: following the
 * segments an audience names, and the guarded deletion.
 */

/** A saved segment as an audience reads it. */
export type SegmentFilterRow = { id: string; name: string; audience: unknown }

// Every segment id a JSON filter names, at any depth (the filter itself or its any_of members).
const SEGMENT_ID_VALUES = (column: string) => `jsonb_path_query(${column}, 'lax $.**.segment_id')`
const NAMED_SEGMENT_IDS = (column: string) => `${SEGMENT_ID_VALUES(column)} #>> '{}'`

// Articles that read a segment's current filter (a draft) or were reserved with it and may still
// be sent again from it (scheduled): while one does, the segment can't be deleted.
const USING_STATUSES = [NewsletterStatus.DRAFT, NewsletterStatus.SCHEDULED]

/** "The filter `column` names segment ?" (bind the id). */
const namesSegment = (column: string) =>
  `EXISTS (SELECT 1 FROM ${SEGMENT_ID_VALUES(column)} AS named("v") WHERE named."v" #>> '{}' = ?)`

/**
 * The segments `ids` and every segment their filters name, followed through chains, in ONE
 * recursive statement (deleted segments left out, so a missing id is simply absent). A loop
 * ends because each segment is read once.
 */
export async function readSegmentFilters(manager: SqlManager, ids: string[]): Promise<SegmentFilterRow[]> {
  if (!ids.length) {
    return []
  }
  return (await manager.execute(
    `WITH RECURSIVE chain("id") AS (
       SELECT jsonb_array_elements_text(?::jsonb)
       UNION
       SELECT ${NAMED_SEGMENT_IDS(`s."audience"`)}
       FROM chain JOIN "newsletter_segment" s ON s."id" = chain."id" AND s."deleted_at" IS NULL)
     SELECT s."id", s."name", s."audience"
     FROM "newsletter_segment" s JOIN chain ON chain."id" = s."id"
     WHERE s."deleted_at" IS NULL`,
    [JSON.stringify(ids)]
  )) as SegmentFilterRow[]
}

/**
 * Soft-deletes a segment in ONE statement conditional on no draft or scheduled article and no
 * other segment naming it. When nothing was deleted, says why: 404, or 409
 * `newsletter_segment_in_use` {id, newsletters, segments} naming the users (ids, at most 20 each).
 */
export async function deleteSegmentGuarded(
  manager: SqlManager,
  input: { id: string; deleted_at: Date }
): Promise<void> {
  const using = statusCondition(USING_STATUSES, `n."status"`)
  const [row] = (await manager.execute(
    `UPDATE "newsletter_segment" SET "deleted_at" = ?, "updated_at" = now()
     WHERE "id" = ? AND "deleted_at" IS NULL
       AND NOT EXISTS (SELECT 1 FROM "newsletter" n
                       WHERE n."deleted_at" IS NULL AND ${using.sql} AND ${namesSegment(`n."audience"`)})
       AND NOT EXISTS (SELECT 1 FROM "newsletter_segment" o
                       WHERE o."deleted_at" IS NULL AND o."id" <> ? AND ${namesSegment(`o."audience"`)})
     RETURNING "id"`,
    [input.deleted_at, input.id, ...using.bindings, input.id, input.id, input.id]
  )) as Array<{ id: string }>
  if (row) {
    return
  }
  const [users] = (await manager.execute(
    `SELECT EXISTS (SELECT 1 FROM "newsletter_segment" WHERE "id" = ? AND "deleted_at" IS NULL) AS "exists",
            ARRAY(SELECT n."id" FROM "newsletter" n
                  WHERE n."deleted_at" IS NULL AND ${using.sql} AND ${namesSegment(`n."audience"`)}
                  ORDER BY n."id" LIMIT 20) AS "newsletters",
            ARRAY(SELECT o."id" FROM "newsletter_segment" o
                  WHERE o."deleted_at" IS NULL AND o."id" <> ? AND ${namesSegment(`o."audience"`)}
                  ORDER BY o."id" LIMIT 20) AS "segments"`,
    [input.id, ...using.bindings, input.id, input.id, input.id]
  )) as Array<{ exists: boolean; newsletters: string[]; segments: string[] }>
  if (!users.exists) {
    throw notFound("Newsletter segment", input.id)
  }
  const named = [
    ...users.newsletters.map((id) => `newsletter "${id}"`),
    ...users.segments.map((id) => `segment "${id}"`),
  ]
  throw new NewsletterError(
    MedusaError.Types.CONFLICT,
    "newsletter_segment_in_use",
    `Newsletter segment "${input.id}" is used by ${named.join(", ")}; change their audience first`,
    { id: input.id, newsletters: users.newsletters, segments: users.segments }
  )
}

/** Undoes {@link deleteSegmentGuarded} (a compensation): exactly what that deletion marked. */
export async function restoreDeletedSegment(
  manager: SqlManager,
  input: { id: string; deleted_at: Date | string }
): Promise<void> {
  await manager.execute(
    `UPDATE "newsletter_segment" SET "deleted_at" = NULL, "updated_at" = now() WHERE "id" = ? AND "deleted_at" = ?`,
    [input.id, input.deleted_at]
  )
}

/**
 * Writes the saved segments an article's audience was reserved with (`audience_segments`), in
 * the reservation's transaction, after the article was locked by its status change.
 */
export async function freezeAudienceSegments(
  manager: SqlManager,
  input: { id: string; segments: Record<string, unknown> | null }
): Promise<void> {
  await manager.execute(`UPDATE "newsletter" SET "audience_segments" = ?::jsonb WHERE "id" = ?`, [
    input.segments ? JSON.stringify(input.segments) : null,
    input.id,
  ])
}
