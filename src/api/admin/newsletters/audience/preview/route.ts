import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminAudiencePreviewResponse } from "../../types"
import { AUDIENCE_SAMPLE_SIZE } from "../../../../../lib/audience/preview"
import { assertAudienceReferences } from "../../../../../lib/audience/references"
import { readsPurchases } from "../../../../../lib/audience/purchases"
import { audiencePreviewSql } from "../../../../../lib/audience/sql"
import { currentAudienceSegments } from "../../../../../lib/audience/segment-references"
import { segmentFilters } from "../../../../../lib/audience/segments"
import { NEWSLETTER_MODULE } from "../../../../../modules/newsletter"
import type NewsletterModuleService from "../../../../../modules/newsletter/service"
import type { AdminPreviewNewsletterAudienceType } from "../validators"
import { answeringErrors } from "../../../../utils/respond-error"

/**
 * Tries a detailed-search filter (詳細検索, S6) before saving it: how many subscribed customers
 * it selects now, and the first 20 of them by email. Unknown groups or promotions are a 400
 * naming the condition; a filter the database can't answer within the read timeout is a 503.
 */
export const POST = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<AdminPreviewNewsletterAudienceType>,
    res: MedusaResponse<AdminAudiencePreviewResponse>
  ) => {
    const { audience } = req.validatedBody
    await assertAudienceReferences(req.scope, audience)
    const service = req.scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    // A read stopped by its timeout is a 503 (answeringErrors).
    const segments = segmentFilters(await currentAudienceSegments(req.scope, audience))
    res.json(
      await service.previewAudience({
        query: audiencePreviewSql(audience, AUDIENCE_SAMPLE_SIZE, segments),
        sync_purchases: readsPurchases(audience, segments),
      })
    )
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
