import type { MedusaContainer } from "@medusajs/framework/types"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import type { AudienceFilter } from "./schema"
import { missingSegmentIds, namedSegmentIds, type SavedSegments, savedSegments, unknownSegmentsError } from "./segments"

/**
 * The saved segments `audience` names (chains followed) as they are now, for a count, a preview,
 * a draft's export or a check before saving. A segment that doesn't exist is a 400 naming it
 * (`invalid_audience`, `unknown_segment` {id}).
 */
export async function currentAudienceSegments(
  scope: MedusaContainer,
  audience: AudienceFilter | null | undefined
): Promise<SavedSegments> {
  const ids = namedSegmentIds(audience)
  if (!audience || !ids.length) {
    return {}
  }
  const service = scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
  const segments = savedSegments(await service.readAudienceSegments(ids))
  const missing = missingSegmentIds(audience, segments)
  if (missing.length) {
    throw unknownSegmentsError(missing)
  }
  return segments
}
