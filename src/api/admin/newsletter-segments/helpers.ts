import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { parseAudience } from "../../../lib/audience/schema"
import { currentAudienceSegments } from "../../../lib/audience/segment-references"
import { segmentFilters } from "../../../lib/audience/segments"
import { readsPurchases } from "../../../lib/audience/purchases"
import { audiencePreviewSql } from "../../../lib/audience/sql"
import { NEWSLETTER_MODULE } from "../../../modules/newsletter"
import type NewsletterModuleService from "../../../modules/newsletter/service"
import { notFound } from "../../../modules/newsletter/utils/not-found"
import { defaultAdminNewsletterSegmentFields } from "./query-config"

/** Reads one saved segment the way the admin API shows it; 404 when there is none. */
export async function refetchNewsletterSegment(
  id: string,
  scope: MedusaContainer,
  fields: string[] = defaultAdminNewsletterSegmentFields
) {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "newsletter_segment", fields, filters: { id } })
  if (!data.length) {
    throw notFound("Newsletter segment", id)
  }
  return data[0]
}

/**
 * How many subscribed customers a saved segment's filter selects now: the audience statement of
 * the preview (the same SQL as the count, the CSV and the snapshot), read with its timeout.
 */
export async function countSegmentAudience(scope: MedusaContainer, audience: unknown): Promise<number> {
  const filter = parseAudience(audience)
  const segments = segmentFilters(await currentAudienceSegments(scope, filter))
  const service = scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
  const { count } = await service.previewAudience({
    query: audiencePreviewSql(filter, 1, segments),
    sync_purchases: readsPurchases(filter, segments),
  })
  return count
}
