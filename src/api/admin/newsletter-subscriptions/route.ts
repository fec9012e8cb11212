import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { NEWSLETTER_MODULE } from "../../../modules/newsletter"
import type NewsletterModuleService from "../../../modules/newsletter/service"
import { answeringErrors } from "../../utils/respond-error"
import type { AdminNewsletterSubscriptionListResponse } from "./types"
import type { AdminGetNewsletterSubscriptionsParamsType } from "./validators"

/**
 * メルマガ購読者: every subscription, the last changed first, with its customer and its last
 * change; filter by `status` (one or several), search the email and the customer's name with `q`,
 * page with `limit` / `offset`.
 */
export const GET = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<unknown, AdminGetNewsletterSubscriptionsParamsType>,
    res: MedusaResponse<AdminNewsletterSubscriptionListResponse>
  ) => {
    const { status, q, limit, offset } = req.validatedQuery
    const [newsletter_subscriptions, count] = await req.scope
      .resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
      .listAndCountNewsletterSubscriptionRows({ status, q, limit, offset })
    res.json({ newsletter_subscriptions, count, offset, limit })
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
