import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminCustomerNewsletterSubscriptionResponse } from "../../../newsletter-subscriptions/types"
import { NewsletterSubscriptionSource } from "../../../../../modules/newsletter/types"
import { updateNewsletterSubscriptionWorkflow } from "../../../../../workflows/update-newsletter-subscription"
import { getCustomerEmail, getCustomerSubscription } from "../../../../utils/customer-subscription"
import type { AdminUpdateCustomerNewsletterSubscriptionType } from "./validators"
import { answeringErrors } from "../../../../utils/respond-error"

/** The customer's メルマガ購読状況 with its history. */
export const GET = answeringErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminCustomerNewsletterSubscriptionResponse>) => {
  const newsletter_subscription = await getCustomerSubscription(req.scope, req.params.id)
  res.json({ newsletter_subscription })
})

/** A change by the store owner (source `admin`), including setting or clearing クリーニング済. */
export const POST = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<AdminUpdateCustomerNewsletterSubscriptionType>,
    res: MedusaResponse<AdminCustomerNewsletterSubscriptionResponse>
  ) => {
    const email = await getCustomerEmail(req.scope, req.params.id)
    await updateNewsletterSubscriptionWorkflow(req.scope).run({
      input: {
        email,
        customer_id: req.params.id,
        status: req.validatedBody.status,
        reason: req.validatedBody.reason ?? null,
        source: NewsletterSubscriptionSource.ADMIN,
        actor_id: req.auth_context.actor_id,
      },
    })
    const newsletter_subscription = await getCustomerSubscription(req.scope, req.params.id)
    res.json({ newsletter_subscription })
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
