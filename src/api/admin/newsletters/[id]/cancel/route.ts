import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { cancelNewsletterWorkflow } from "../../../../../workflows/cancel-newsletter"
import { respondConflict } from "../../../../utils/respond-conflict"
import { refetchNewsletter } from "../../helpers"

/** Cancels a scheduled article (S14); 409 once sending has started. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  try {
    await cancelNewsletterWorkflow(req.scope).run({ input: { id: req.params.id } })
  } catch (error) {
    if (respondConflict(error, res)) {
      return
    }
    throw error
  }
  const newsletter = await refetchNewsletter(req.params.id, req.scope, req.queryConfig?.fields)
  res.json({ newsletter })
}
