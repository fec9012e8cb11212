import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteNewsletterWorkflow } from "../../../../workflows/delete-newsletter"
import { updateNewsletterWorkflow } from "../../../../workflows/update-newsletter"
import { refetchNewsletter } from "../helpers"
import type { AdminUpdateNewsletterType } from "../validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const newsletter = await refetchNewsletter(req.params.id, req.scope, req.queryConfig?.fields)
  res.json({ newsletter })
}

/** Edits a draft or scheduled article. */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminUpdateNewsletterType>,
  res: MedusaResponse
) => {
  await updateNewsletterWorkflow(req.scope).run({
    input: { ...req.validatedBody, id: req.params.id },
  })
  const newsletter = await refetchNewsletter(req.params.id, req.scope, req.queryConfig?.fields)
  res.json({ newsletter })
}

/** Deletes a draft or cancelled article. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await deleteNewsletterWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: req.params.id, object: "newsletter", deleted: true })
}
