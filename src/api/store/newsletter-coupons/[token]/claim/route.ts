import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  claimNewsletterCouponWorkflow,
  ClaimNewsletterCouponWorkflowOutput,
} from "../../../../../workflows/claim-newsletter-coupon"
import { answeringErrors } from "../../../../utils/respond-error"

/** The answer of a claim. */
export type StoreNewsletterCouponClaimResponse = {
  newsletter_coupon: ClaimNewsletterCouponWorkflowOutput
}

/**
 * The storefront's coupon page calls this with the token of `<#クーポンURL>` once the customer
 * is logged in (S9): the newsletter's promotion becomes usable for them, and the answer gives
 * the code and what it offers. Claiming again answers the same.
 */
export const POST = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest,
    res: MedusaResponse<StoreNewsletterCouponClaimResponse>
  ) => {
    const { result } = await claimNewsletterCouponWorkflow(req.scope).run({
      input: { token: req.params.token, customer_id: req.auth_context.actor_id },
    })
    res.json({ newsletter_coupon: result })
  }
)
