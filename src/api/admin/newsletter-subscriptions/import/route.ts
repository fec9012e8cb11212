import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { importNewsletterSubscriptionsWorkflow } from "../../../../workflows/import-newsletter-subscriptions"
import type { AdminNewsletterSubscriptionImportResponse } from "../types"
import type { AdminImportNewsletterSubscriptionsParamsType } from "../validators"
import { receiveSubscriberFile } from "./receive-file"
import { answeringErrors } from "../../../utils/respond-error"

/**
 * Imports a subscriber list and answers the report of accepted and rejected rows. The body is the
 * CSV file itself (`Content-Type: text/csv`, streamed to a temporary file as it arrives), or JSON
 * `{ csv }`; see {@link receiveSubscriberFile}. A malformed file is a 400 and nothing is imported.
 * `?dry_run=true` only checks the file: the same report (with `dry_run: true`), nothing written.
 */
export const POST = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<unknown, AdminImportNewsletterSubscriptionsParamsType>,
    res: MedusaResponse<AdminNewsletterSubscriptionImportResponse>
  ) => {
    await receiveSubscriberFile(req, async (file) => {
      const { result } = await importNewsletterSubscriptionsWorkflow(req.scope).run({
        input: {
          ...file,
          actor_id: req.auth_context?.actor_id ?? null,
          dry_run: req.validatedQuery.dry_run,
        },
      })
      res.json(result)
    })
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
