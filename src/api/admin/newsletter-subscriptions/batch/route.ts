import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { batchNewsletterSubscriptionsWorkflow } from "../../../../workflows/batch-newsletter-subscriptions"
import { answeringErrors } from "../../../utils/respond-error"
import type { AdminNewsletterSubscriptionBatchResponse } from "../types"
import type { AdminBatchNewsletterSubscriptionsType } from "../validators"

/**
 * A bulk action on a selection (クリーニング済にする, クリーニング解除, 配信停止), recorded in each
 * history as the admin's change. Answers how many changed and every id left as it is, with why.
 */
export const POST = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<AdminBatchNewsletterSubscriptionsType>,
    res: MedusaResponse<AdminNewsletterSubscriptionBatchResponse>
  ) => {
    const { result } = await batchNewsletterSubscriptionsWorkflow(req.scope).run({
      input: { ...req.validatedBody, actor_id: req.auth_context.actor_id },
    })
    res.json(result)
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
