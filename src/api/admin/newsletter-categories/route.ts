import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminNewsletterCategoryListResponse, AdminNewsletterCategoryResponse } from "./types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createNewsletterCategoryWorkflow } from "../../../workflows/newsletter-categories"
import { containsPattern } from "../../utils/escape-like"
import { refetchNewsletterCategory } from "./helpers"
import type {
  AdminCreateNewsletterCategoryType,
  AdminGetNewsletterCategoriesParamsType,
} from "./validators"
import { answeringErrors } from "../../utils/respond-error"

/** Lists delivery categories (配信カテゴリ) with their sending windows. */
export const GET = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<unknown, AdminGetNewsletterCategoriesParamsType>,
    res: MedusaResponse<AdminNewsletterCategoryListResponse>
  ) => {
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { q } = req.validatedQuery
    const { data: newsletter_categories, metadata } = await query.graph({
      entity: "newsletter_category",
      ...req.queryConfig,
      filters: q ? { name: { $ilike: containsPattern(q) } } : {},
    })
    res.json({
      newsletter_categories,
      count: metadata?.count ?? 0,
      offset: metadata?.skip ?? 0,
      limit: metadata?.take ?? 0,
    })
  }
)

export const POST = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<AdminCreateNewsletterCategoryType>,
    res: MedusaResponse<AdminNewsletterCategoryResponse>
  ) => {
    const { result } = await createNewsletterCategoryWorkflow(req.scope).run({
      input: req.validatedBody,
    })
    const newsletter_category = await refetchNewsletterCategory(result.id, req.scope)
    res.json({ newsletter_category })
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
