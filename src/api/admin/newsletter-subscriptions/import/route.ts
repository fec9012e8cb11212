import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  importNewsletterSubscriptionsWorkflow,
  type ImportNewsletterSubscriptionsReport,
} from "../../../../workflows/import-newsletter-subscriptions"
import type { AdminImportNewsletterSubscriptionsType } from "../validators"

/**
 * Imports a subscriber list (CSV in a JSON body: `{ csv }`) and answers the report of accepted
 * and rejected rows. A malformed file is a 400 and nothing is imported.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminImportNewsletterSubscriptionsType>,
  res: MedusaResponse<ImportNewsletterSubscriptionsReport>
) => {
  const { result } = await importNewsletterSubscriptionsWorkflow(req.scope).run({
    input: { csv: req.validatedBody.csv, actor_id: req.auth_context?.actor_id ?? null },
  })
  res.json(result)
}
