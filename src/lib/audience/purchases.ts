import type { AudienceFilter } from "./schema"
import type { AudienceSegments } from "./sql"

/**
 * Whether the audience of `filter` reads the purchase summary: a `purchased` or `not_purchased`
 * condition in the filter, one of its `any_of` members or a saved segment it names (chains
 * followed, each segment once). Such an audience is counted, previewed, exported and snapshotted
 * after a sync of the summary (NewsletterModuleService.syncNewsletterPurchases).
 */
export function readsPurchases(filter: AudienceFilter, segments: AudienceSegments = {}): boolean {
  const seen = new Set<string>()
  const reads = (f: AudienceFilter | undefined): boolean => {
    if (!f) {
      return false
    }
    if (f.purchased || f.not_purchased) {
      return true
    }
    if (f.any_of?.some((member) => reads(member as AudienceFilter))) {
      return true
    }
    if (f.segment_id && !seen.has(f.segment_id)) {
      seen.add(f.segment_id)
      return reads(segments[f.segment_id])
    }
    return false
  }
  return reads(filter)
}
