import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminNewsletterListResponse, AdminNewsletterResponse } from "./types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createNewsletterWorkflow } from "../../../workflows/create-newsletter"
import { containsPattern } from "../../utils/escape-like"
import { refetchNewsletter } from "./helpers"
import type { AdminCreateNewsletterType, AdminGetNewslettersParamsType } from "./validators"
import { answeringErrors } from "../../utils/respond-error"

/** Lists articles (記事一覧, S10) with their counters; filter by status, search the subject. */
export const GET = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<unknown, AdminGetNewslettersParamsType>,
    res: MedusaResponse<AdminNewsletterListResponse>
  ) => {
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { q, status } = req.validatedQuery
    const filters: Record<string, unknown> = {}
    if (q) {
      filters.subject = { $ilike: containsPattern(q) }
    }
    if (status) {
      filters.status = status
    }
    const { data: newsletters, metadata } = await query.graph({
      entity: "newsletter",
      ...req.queryConfig,
      filters,
    })
    res.json({
      newsletters,
      count: metadata?.count ?? 0,
      offset: metadata?.skip ?? 0,
      limit: metadata?.take ?? 0,
    })
  }
)

/** Creates a draft article (S1). */
export const POST = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<AdminCreateNewsletterType>,
    res: MedusaResponse<AdminNewsletterResponse>
  ) => {
    const { result } = await createNewsletterWorkflow(req.scope).run({ input: req.validatedBody })
    const newsletter = await refetchNewsletter(result.id, req.scope, req.queryConfig?.fields)
    res.status(200).json({ newsletter })
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
