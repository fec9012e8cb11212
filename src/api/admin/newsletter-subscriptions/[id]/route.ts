import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { NEWSLETTER_MODULE } from "../../../../modules/newsletter"
import { NewsletterError } from "../../../../modules/newsletter/errors"
import type NewsletterModuleService from "../../../../modules/newsletter/service"
import { subscriptionHistoryEntry } from "../../../utils/customer-subscription"
import { answeringErrors } from "../../../utils/respond-error"
import type { AdminNewsletterSubscriptionResponse } from "../types"

/** One subscription as the list shows it, with its whole history, newest first (the screen's drawer). */
export const GET = answeringErrors(
  async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminNewsletterSubscriptionResponse>) => {
    const service = req.scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const [[subscription]] = await service.listAndCountNewsletterSubscriptionRows({
      ids: [req.params.id],
      limit: 1,
      offset: 0,
    })
    if (!subscription) {
      throw new NewsletterError(
        MedusaError.Types.NOT_FOUND,
        "subscription_not_found",
        `Newsletter subscription with id "${req.params.id}" was not found`,
        { id: req.params.id }
      )
    }
    const events = await service.listNewsletterSubscriptionEvents(
      { subscription_id: subscription.id },
      { order: { created_at: "DESC", id: "DESC" } }
    )
    res.json({ newsletter_subscription: { ...subscription, history: events.map(subscriptionHistoryEntry) } })
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
