import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { requestNewsletterSignupWorkflow } from "../../../workflows/request-newsletter-signup"
import { requestEvidence } from "../../utils/request-evidence"
import { answeringErrors } from "../../utils/respond-error"
import type { StoreCreateNewsletterSubscriptionType } from "./validators"

/**
 * A storefront signup with double opt-in (ダブルオプトイン), no login: always 202 `{ accepted: true }`
 * whatever the address's status, so nobody learns who is on the list; a confirmation mail goes
 * to an address that should get one. 429 `signup_rate_limited` with `retry-after` over the per-IP limit.
 */
export const POST = answeringErrors(
  async (req: MedusaRequest<StoreCreateNewsletterSubscriptionType>, res: MedusaResponse) => {
    await requestNewsletterSignupWorkflow(req.scope).run({
      input: {
        email: req.validatedBody.email,
        source_url: req.validatedBody.source_url ?? null,
        ...requestEvidence(req),
      },
    })
    res.status(202).json({ accepted: true })
  }
)
