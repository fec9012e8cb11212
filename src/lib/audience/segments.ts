import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError } from "../../modules/newsletter/errors"
import { type AudienceFilter, parseAudience } from "./schema"
import type { AudienceSegments } from "./sql"

/**
 * Saved segments (保存した検索条件) as an audience reads them: `{ [id]: { name, audience } }`, the
 * segments a filter names with `segment_id` and those their filters name in turn. The module
 * reads them as they are now (a draft, a count, a preview); a reservation freezes them on the
 * article (`audience_segments`).
 */
export type SavedSegments = Record<string, { name: string; audience: unknown }>

/** The segment ids a filter names itself: its own `segment_id` and those of its any_of members. */
export function namedSegmentIds(filter: Pick<AudienceFilter, "segment_id" | "any_of"> | null | undefined): string[] {
  if (!filter) {
    return []
  }
  const ids = [filter.segment_id, ...(filter.any_of ?? []).map((member) => member.segment_id)]
  return [...new Set(ids.filter((id): id is string => !!id))]
}

/** Segments by id from the rows the module read. */
export function savedSegments(rows: Array<{ id: string; name: string; audience: unknown }>): SavedSegments {
  return Object.fromEntries(rows.map((r) => [r.id, { name: r.name, audience: r.audience }]))
}

/**
 * The filters the audience builder needs (see audienceSql). Each was validated when its segment
 * was saved; one no longer valid is a 400 naming it (`invalid_stored_audience`).
 */
export function segmentFilters(segments: SavedSegments): AudienceSegments {
  return Object.fromEntries(Object.entries(segments).map(([id, s]) => [id, parseAudience(s.audience)]))
}

/** The ids named by `filter` or, through chains, by the segments it names, that `segments` lacks. */
export function missingSegmentIds(filter: AudienceFilter, segments: SavedSegments): string[] {
  const missing = new Set<string>()
  const seen = new Set<string>()
  const visit = (ids: string[]) => {
    for (const id of ids) {
      if (seen.has(id)) {
        continue
      }
      seen.add(id)
      const segment = segments[id]
      if (!segment) {
        missing.add(id)
      } else {
        visit(namedSegmentIds(segment.audience as AudienceFilter))
      }
    }
  }
  visit(namedSegmentIds(filter))
  return [...missing]
}

/**
 * The chain by which segment `selfId`, saved with `filter`, would name itself (e.g.
 * `["nlseg_a", "nlseg_b", "nlseg_a"]`), or null when it doesn't: `segments` holds what `filter`
 * names, chains followed, as they are now. Pure; a rule of the segment's save.
 */
export function segmentCycle(selfId: string, filter: AudienceFilter, segments: SavedSegments): string[] | null {
  const walk = (ids: string[], path: string[]): string[] | null => {
    for (const id of ids) {
      if (id === selfId) {
        return [...path, id]
      }
      if (path.includes(id) || !segments[id]) {
        continue
      }
      const found = walk(namedSegmentIds(segments[id].audience as AudienceFilter), [...path, id])
      if (found) {
        return found
      }
    }
    return null
  }
  return walk(namedSegmentIds(filter), [selfId])
}

/** The 400 of an audience naming segments that don't exist (`invalid_audience`, `unknown_segment` {id}). */
export function unknownSegmentsError(ids: string[]): NewsletterError {
  return new NewsletterError(
    MedusaError.Types.INVALID_DATA,
    "invalid_audience",
    ids.map((id) => `audience.segment_id: segment "${id}" does not exist`).join("; "),
    {},
    ids.map((id) => ({ path: "audience.segment_id", code: "unknown_segment", params: { id } }))
  )
}
