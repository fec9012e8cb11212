import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminNewsletterResponse } from "../../types"
import { resolveNewsletterAttentionWorkflow } from "../../../../../workflows/resolve-newsletter-attention"
import { refetchNewsletter } from "../../helpers"
import type { AdminResolveNewsletterAttentionType } from "./validators"
import { answeringErrors } from "../../../../utils/respond-error"

/**
 * Resolves the batches of an article that need attention (first attempted more than 23 hours
 * ago): `{ action: "send_again" }` or `{ action: "skip" }`. 409 when nothing needs attention.
 */
export const POST = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<AdminResolveNewsletterAttentionType>,
    res: MedusaResponse<AdminNewsletterResponse & { attention: unknown }>
  ) => {
    const { result } = await resolveNewsletterAttentionWorkflow(req.scope).run({
      input: { id: req.params.id, action: req.validatedBody.action },
    })
    // The batches by seq and key round (their ids are internal).
    const { action, batches, skipped } = result
    res.json({
      newsletter: await refetchNewsletter(req.params.id, req.scope),
      attention: { action, skipped, batches: batches.map(({ seq, key_generation }) => ({ seq, key_generation })) },
    })
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
