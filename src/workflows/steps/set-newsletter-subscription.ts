import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  NEWSLETTER_MODULE,
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
} from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { normalizeEmail } from "../../modules/newsletter/utils/email"
import { assertSubscriptionChangeAllowed } from "../../modules/newsletter/utils/subscription-rules"

export type SetNewsletterSubscriptionStepInput = {
  email: string
  customer_id?: string | null
  status: NewsletterSubscriptionStatus
  source: NewsletterSubscriptionSource
  reason?: string | null
  newsletter_id?: string | null
  actor_id?: string | null
}

type Compensation = {
  created_subscription_id?: string
  event_id?: string
  previous?: { id: string; status: NewsletterSubscriptionStatus; customer_id: string | null }
}

export const setNewsletterSubscriptionStepId = "set-newsletter-subscription"

/**
 * This step sets the subscription of one address and records the change in its history (the
 * consent record). Setting the status it already has records nothing. Its compensation removes
 * the history entry and restores the previous status (or removes a subscription it created).
 */
export const setNewsletterSubscriptionStep = createStep(
  setNewsletterSubscriptionStepId,
  async (input: SetNewsletterSubscriptionStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const email = normalizeEmail(input.email)
    const [existing] = await service.listNewsletterSubscriptions({ email })

    assertSubscriptionChangeAllowed(existing?.status ?? null, input.status, input.source)
    if (existing?.status === input.status) {
      return new StepResponse({ id: existing.id, changed: false }, {} as Compensation)
    }

    const compensation: Compensation = {}
    let subscriptionId: string
    if (existing) {
      compensation.previous = {
        id: existing.id,
        status: existing.status,
        customer_id: existing.customer_id,
      }
      await service.updateNewsletterSubscriptions({
        id: existing.id,
        status: input.status,
        customer_id: input.customer_id ?? existing.customer_id,
        transient_error_count: 0,
      })
      subscriptionId = existing.id
    } else {
      const created = await service.createNewsletterSubscriptions({
        email,
        status: input.status,
        customer_id: input.customer_id ?? null,
      })
      compensation.created_subscription_id = created.id
      subscriptionId = created.id
    }

    const event = await service.createNewsletterSubscriptionEvents({
      subscription_id: subscriptionId,
      from_status: existing?.status ?? null,
      to_status: input.status,
      source: input.source,
      reason: input.reason ?? null,
      newsletter_id: input.newsletter_id ?? null,
      actor_id: input.actor_id ?? null,
    })
    compensation.event_id = event.id

    return new StepResponse({ id: subscriptionId, changed: true }, compensation)
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    if (compensation.event_id) {
      await service.deleteNewsletterSubscriptionEvents(compensation.event_id)
    }
    if (compensation.created_subscription_id) {
      await service.deleteNewsletterSubscriptions(compensation.created_subscription_id)
    }
    if (compensation.previous) {
      await service.updateNewsletterSubscriptions(compensation.previous)
    }
  }
)
