import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { scheduleNewsletterWorkflow } from "../../../../../workflows/schedule-newsletter"
import { runAnsweringConflict } from "../../../../utils/respond-conflict"
import { refetchNewsletter } from "../../helpers"

/**
 * Reserves the article (予約, S8): fixes its recipients and waits for the send time; 409 naming
 * the status when it changed meanwhile.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const run = await runAnsweringConflict(res, () =>
    scheduleNewsletterWorkflow(req.scope).run({ input: { id: req.params.id } })
  )
  if (!run) {
    return
  }
  const newsletter = await refetchNewsletter(req.params.id, req.scope, req.queryConfig?.fields)
  res.json({ newsletter, recipient_count: run.result.recipient_count })
}
