import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteNewsletterWorkflow } from "../../../../workflows/delete-newsletter"
import { updateNewsletterWorkflow } from "../../../../workflows/update-newsletter"
import { runAnsweringConflict } from "../../../utils/respond-conflict"
import { refetchNewsletter } from "../helpers"
import type { AdminUpdateNewsletterType } from "../validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const newsletter = await refetchNewsletter(req.params.id, req.scope, req.queryConfig?.fields)
  res.json({ newsletter })
}

/** Edits a draft or scheduled article; 409 naming the status when it changed meanwhile. */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminUpdateNewsletterType>,
  res: MedusaResponse
) => {
  const run = await runAnsweringConflict(res, () =>
    updateNewsletterWorkflow(req.scope).run({ input: { ...req.validatedBody, id: req.params.id } })
  )
  if (!run) {
    return
  }
  const newsletter = await refetchNewsletter(req.params.id, req.scope, req.queryConfig?.fields)
  res.json({ newsletter })
}

/** Deletes a draft or cancelled article; 409 naming the status when it changed meanwhile. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const run = await runAnsweringConflict(res, () =>
    deleteNewsletterWorkflow(req.scope).run({ input: { id: req.params.id } })
  )
  if (!run) {
    return
  }
  res.json({ id: req.params.id, object: "newsletter", deleted: true })
}
