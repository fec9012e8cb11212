import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
} from "../../../../../modules/newsletter/types"
import { updateNewsletterSubscriptionWorkflow } from "../../../../../workflows/update-newsletter-subscription"
import { getCustomerEmail, getCustomerSubscription } from "../../../../utils/customer-subscription"
import type { StoreUpdateNewsletterSubscriptionType } from "./validators"
import { answeringErrors } from "../../../../utils/respond-error"

const storeView = async (req: AuthenticatedMedusaRequest) => {
  const { email, status } = await getCustomerSubscription(req.scope, req.auth_context.actor_id)
  return { email, status, subscribed: status === NewsletterSubscriptionStatus.SUBSCRIBED }
}

/** Whether the logged-in customer receives the newsletter. */
export const GET = answeringErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ newsletter_subscription: await storeView(req) })
})

/** The logged-in customer subscribes or unsubscribes (source `storefront`). */
export const POST = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<StoreUpdateNewsletterSubscriptionType>,
    res: MedusaResponse
  ) => {
    const customerId = req.auth_context.actor_id
    await updateNewsletterSubscriptionWorkflow(req.scope).run({
      input: {
        email: await getCustomerEmail(req.scope, customerId),
        customer_id: customerId,
        status: req.validatedBody.subscribed
          ? NewsletterSubscriptionStatus.SUBSCRIBED
          : NewsletterSubscriptionStatus.UNSUBSCRIBED,
        source: NewsletterSubscriptionSource.STOREFRONT,
        actor_id: customerId,
      },
    })
    res.json({ newsletter_subscription: await storeView(req) })
  }
)
