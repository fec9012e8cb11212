import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminNewsletterScheduleResponse } from "../../types"
import { scheduleNewsletterWorkflow } from "../../../../../workflows/schedule-newsletter"
import { refetchNewsletter } from "../../helpers"
import { answeringErrors } from "../../../../utils/respond-error"

/**
 * Reserves the article (予約, S8): fixes its recipients and waits for the send time; 409 naming
 * the status when it changed meanwhile.
 */
export const POST = answeringErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminNewsletterScheduleResponse>) => {
  const { result } = await scheduleNewsletterWorkflow(req.scope).run({ input: { id: req.params.id } })
  const newsletter = await refetchNewsletter(req.params.id, req.scope, req.queryConfig?.fields)
  res.json({ newsletter, recipient_count: result.recipient_count })
})

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
