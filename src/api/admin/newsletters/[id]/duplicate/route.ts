import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminNewsletterResponse } from "../../types"
import { duplicateNewsletterWorkflow } from "../../../../../workflows/duplicate-newsletter"
import { refetchNewsletter } from "../../helpers"
import { answeringErrors } from "../../../../utils/respond-error"

/** Copies an article in any status (複製) into a new draft; answers the new draft. */
export const POST = answeringErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminNewsletterResponse>) => {
  const { result } = await duplicateNewsletterWorkflow(req.scope).run({
    input: { id: req.params.id },
  })
  const newsletter = await refetchNewsletter(result.id, req.scope, req.queryConfig?.fields)
  res.json({ newsletter })
})

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
