import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { cancelNewsletterWorkflow } from "../../../../../workflows/cancel-newsletter"
import { runAnsweringConflict } from "../../../../utils/respond-conflict"
import { refetchNewsletter } from "../../helpers"

/** Cancels a scheduled article (S14); 409 once sending has started. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const run = await runAnsweringConflict(res, () =>
    cancelNewsletterWorkflow(req.scope).run({ input: { id: req.params.id } })
  )
  if (!run) {
    return
  }
  const newsletter = await refetchNewsletter(req.params.id, req.scope, req.queryConfig?.fields)
  res.json({ newsletter })
}
