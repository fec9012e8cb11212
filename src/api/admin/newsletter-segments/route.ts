import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createNewsletterSegmentWorkflow } from "../../../workflows/newsletter-segments"
import { containsPattern } from "../../utils/escape-like"
import { answeringErrors } from "../../utils/respond-error"
import { countSegmentAudience, refetchNewsletterSegment } from "./helpers"
import type { AdminCreateNewsletterSegmentType, AdminGetNewsletterSegmentsParamsType } from "./validators"

/**
 * Lists saved segments (保存した検索条件); `with_count=true` adds each one's current number of
 * recipients as `audience_count` (one count per segment of the page, one after the other).
 */
export const GET = answeringErrors(
  async (req: AuthenticatedMedusaRequest<unknown, AdminGetNewsletterSegmentsParamsType>, res: MedusaResponse) => {
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { q, with_count } = req.validatedQuery
    const { data, metadata } = await query.graph({
      entity: "newsletter_segment",
      ...req.queryConfig,
      fields: with_count ? [...new Set([...req.queryConfig.fields, "audience"])] : req.queryConfig.fields,
      filters: q ? { name: { $ilike: containsPattern(q) } } : {},
    })
    // One count at a time: each is a full audience statement, and a page may hold many.
    const newsletter_segments: Array<Record<string, unknown>> = []
    for (const segment of data) {
      newsletter_segments.push(
        with_count ? { ...segment, audience_count: await countSegmentAudience(req.scope, segment.audience) } : segment
      )
    }
    res.json({
      newsletter_segments,
      count: metadata?.count ?? 0,
      offset: metadata?.skip ?? 0,
      limit: metadata?.take ?? 0,
    })
  }
)

/** Saves a detailed-search filter as a segment. */
export const POST = answeringErrors(
  async (req: AuthenticatedMedusaRequest<AdminCreateNewsletterSegmentType>, res: MedusaResponse) => {
    const { result } = await createNewsletterSegmentWorkflow(req.scope).run({ input: req.validatedBody })
    const newsletter_segment = await refetchNewsletterSegment(result.id, req.scope)
    res.json({ newsletter_segment })
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
