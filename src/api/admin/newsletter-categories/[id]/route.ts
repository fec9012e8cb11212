import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  deleteNewsletterCategoryWorkflow,
  updateNewsletterCategoryWorkflow,
} from "../../../../workflows/newsletter-categories"
import { refetchNewsletterCategory } from "../helpers"
import type { AdminUpdateNewsletterCategoryType } from "../validators"
import { answeringErrors } from "../../../utils/respond-error"
import type { AdminNewsletterCategoryDeleteResponse, AdminNewsletterCategoryResponse } from "../types"

export const GET = answeringErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminNewsletterCategoryResponse>) => {
  const newsletter_category = await refetchNewsletterCategory(
    req.params.id,
    req.scope,
    req.queryConfig?.fields
  )
  res.json({ newsletter_category })
})

export const POST = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<AdminUpdateNewsletterCategoryType>,
    res: MedusaResponse<AdminNewsletterCategoryResponse>
  ) => {
    await updateNewsletterCategoryWorkflow(req.scope).run({
      input: { id: req.params.id, data: req.validatedBody },
    })
    const newsletter_category = await refetchNewsletterCategory(req.params.id, req.scope)
    res.json({ newsletter_category })
  }
)

export const DELETE = answeringErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminNewsletterCategoryDeleteResponse>) => {
  await deleteNewsletterCategoryWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: req.params.id, object: "newsletter_category", deleted: true })
})

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
