import { createStep } from "@medusajs/framework/workflows-sdk"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import type { ResubscribeInput } from "../../modules/newsletter/repositories/unsubscribe-follow-up"
import { subscriptionChangeResponse, undoSubscriptionChange } from "./set-newsletter-subscription"

export type ResubscribeNewsletterSubscriptionStepInput = ResubscribeInput

export const resubscribeNewsletterSubscriptionStepId = "resubscribe-newsletter-subscription"

/**
 * This step subscribes an address again from its unsubscribe page (再登録), only within 7 days of
 * its unsubscribe, decided and written under the subscription's lock. Its compensation undoes the
 * change while it is still the address's latest.
 */
export const resubscribeNewsletterSubscriptionStep = createStep(
  resubscribeNewsletterSubscriptionStepId,
  async (input: ResubscribeNewsletterSubscriptionStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    return subscriptionChangeResponse(await service.resubscribeFromUnsubscribePage(input))
  },
  undoSubscriptionChange
)
