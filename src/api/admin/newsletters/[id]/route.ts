import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminNewsletterDeleteResponse, AdminNewsletterResponse } from "../types"
import { deleteNewsletterWorkflow } from "../../../../workflows/delete-newsletter"
import { updateNewsletterWorkflow } from "../../../../workflows/update-newsletter"
import { refetchNewsletter } from "../helpers"
import type { AdminUpdateNewsletterType } from "../validators"
import { answeringErrors } from "../../../utils/respond-error"

export const GET = answeringErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminNewsletterResponse>) => {
  const newsletter = await refetchNewsletter(req.params.id, req.scope, req.queryConfig?.fields)
  res.json({ newsletter })
})

/** Edits a draft or scheduled article; 409 naming the status when it changed meanwhile. */
export const POST = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<AdminUpdateNewsletterType>,
    res: MedusaResponse<AdminNewsletterResponse>
  ) => {
    await updateNewsletterWorkflow(req.scope).run({ input: { ...req.validatedBody, id: req.params.id } })
    const newsletter = await refetchNewsletter(req.params.id, req.scope, req.queryConfig?.fields)
    res.json({ newsletter })
  }
)

/** Deletes a draft or cancelled article; 409 naming the status when it changed meanwhile. */
export const DELETE = answeringErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminNewsletterDeleteResponse>) => {
  await deleteNewsletterWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: req.params.id, object: "newsletter", deleted: true })
})

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
