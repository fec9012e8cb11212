import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"

/** The most rows of each kind one run deletes, so the statement stays short; the next run goes on. */
export const WEBHOOK_EVENTS_PURGED_PER_RUN = 5000

const DAY_MS = 24 * 60 * 60 * 1000

export const purgeNewsletterWebhookEventsStepId = "purge-newsletter-webhook-events"

/**
 * This step deletes processed webhook-event rows (the `svix-id`s kept to recognise a report
 * delivered again) and applied delivery effects older than `webhookEventRetentionDays`, at most
 * WEBHOOK_EVENTS_PURGED_PER_RUN of each per run. Effects still owed are kept. It also deletes the
 * storefront signup's expired requests and ended rate counters (`signup_requests`,
 * `rate_counters`). No compensation: the rows are past any use.
 */
export const purgeNewsletterWebhookEventsStep = createStep(
  { name: purgeNewsletterWebhookEventsStepId, noCompensation: true },
  async (_input: void, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const { webhookEventRetentionDays } = await service.getOptions()
    const now = resolveClock(container).now()
    const before = new Date(now.getTime() - webhookEventRetentionDays * DAY_MS)
    const purged = await service.purgeProcessedWebhookEvents({ before, limit: WEBHOOK_EVENTS_PURGED_PER_RUN })
    const signup = await service.purgeNewsletterSignupRecords({ before: now, limit: WEBHOOK_EVENTS_PURGED_PER_RUN })
    return new StepResponse({ ...purged, signup_requests: signup.requests, rate_counters: signup.counters })
  }
)
