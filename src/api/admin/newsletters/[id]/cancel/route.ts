import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminNewsletterResponse } from "../../types"
import { cancelNewsletterWorkflow } from "../../../../../workflows/cancel-newsletter"
import { refetchNewsletter } from "../../helpers"
import { answeringErrors } from "../../../../utils/respond-error"

/** Cancels a scheduled article (S14); 409 once sending has started. */
export const POST = answeringErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminNewsletterResponse>) => {
  await cancelNewsletterWorkflow(req.scope).run({ input: { id: req.params.id } })
  const newsletter = await refetchNewsletter(req.params.id, req.scope, req.queryConfig?.fields)
  res.json({ newsletter })
})

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
