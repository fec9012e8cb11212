import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { confirmNewsletterSignupWorkflow } from "../../../../workflows/confirm-newsletter-signup"
import { requestEvidence } from "../../../utils/request-evidence"
import { answeringErrors } from "../../../utils/respond-error"
import type { StoreConfirmNewsletterSubscriptionType } from "../validators"

/**
 * Confirms a signup from its link's token (the storefront's confirmation page posts it): 200 with
 * the subscription; 400 `confirmation_token_invalid`, 410 `confirmation_token_expired`, 409
 * `confirmation_token_used`.
 */
export const POST = answeringErrors(
  async (req: MedusaRequest<StoreConfirmNewsletterSubscriptionType>, res: MedusaResponse) => {
    const { result } = await confirmNewsletterSignupWorkflow(req.scope).run({
      input: { token: req.validatedBody.token, ...requestEvidence(req) },
    })
    res.json({ newsletter_subscription: { email: result.email, status: "subscribed", opt_in_level: "confirmed" } })
  }
)
