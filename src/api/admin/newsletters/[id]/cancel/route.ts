import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { cancelNewsletterWorkflow } from "../../../../../workflows/cancel-newsletter"
import { refetchNewsletter } from "../../helpers"
import { answeringErrors } from "../../../../utils/respond-error"

/** Cancels a scheduled article (S14); 409 once sending has started. */
export const POST = answeringErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await cancelNewsletterWorkflow(req.scope).run({ input: { id: req.params.id } })
  const newsletter = await refetchNewsletter(req.params.id, req.scope, req.queryConfig?.fields)
  res.json({ newsletter })
})
