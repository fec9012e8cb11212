import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  importNewsletterSubscriptionsWorkflow,
  type ImportNewsletterSubscriptionsReport,
} from "../../../../workflows/import-newsletter-subscriptions"
import { receiveSubscriberFile } from "./receive-file"

/**
 * Imports a subscriber list and answers the report of accepted and rejected rows. The body is the
 * CSV file itself (`Content-Type: text/csv`, streamed to a temporary file as it arrives), or JSON
 * `{ csv }`; see {@link receiveSubscriberFile}. A malformed file is a 400 and nothing is imported.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<ImportNewsletterSubscriptionsReport>
) => {
  await receiveSubscriberFile(req, res, async (file) => {
    const { result } = await importNewsletterSubscriptionsWorkflow(req.scope).run({
      input: { ...file, actor_id: req.auth_context?.actor_id ?? null },
    })
    res.json(result)
  })
}
