import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import type { DeliveryEventInput } from "../../modules/newsletter/service"
import {
  NewsletterStatus,
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
} from "../../modules/newsletter/types"
import { updateNewsletterSubscriptionWorkflow } from "../../workflows/update-newsletter-subscription"
import { advanceAggregation, stopIfErrorRateExceeded } from "../dispatch/delivery-brakes"

/**
 * Applies one delivery report: the recipient and the article's counts (one transaction, deduped
 * by event id), then what it means for the customer (S16): a permanent bounce or a suppression
 * cleans the address (クリーニング済); a complaint unsubscribes it; transient errors count up and
 * clean the address after `transientErrorsToClean` in a row; a delivery resets that count. A bounce
 * during sending may trip the error-rate stop (S15); results move the article's aggregation on.
 * Returns whether the report changed anything.
 */
export async function applyDeliveryReport(
  container: MedusaContainer,
  event: DeliveryEventInput
): Promise<boolean> {
  const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
  const options = await service.getOptions()
  const applied = await service.applyDeliveryEvent(event)
  if (!applied || applied.duplicate) {
    return false
  }

  const setSubscription = (status: NewsletterSubscriptionStatus, source: NewsletterSubscriptionSource, reason: string) =>
    updateNewsletterSubscriptionWorkflow(container).run({
      input: {
        email: applied.email,
        customer_id: applied.customer_id,
        status,
        source,
        reason,
        newsletter_id: applied.newsletter_id,
      },
    })
  // Only errors and complaints change the customer's subscription; opens and clicks read nothing more.
  const current =
    event.kind === "error" || event.kind === "complained"
      ? (await service.listNewsletterSubscriptions({ email: applied.email }))[0]?.status
      : undefined

  if (event.kind === "error") {
    if (event.errorType === "permanent" || event.errorType === "suppressed") {
      if (current !== NewsletterSubscriptionStatus.CLEANED) {
        await setSubscription(NewsletterSubscriptionStatus.CLEANED, NewsletterSubscriptionSource.BOUNCE, `${event.errorType}: ${event.reason}`)
      }
    } else {
      const streak = await service.countTransientError({ email: applied.email })
      if (streak >= options.transientErrorsToClean && current !== NewsletterSubscriptionStatus.CLEANED) {
        await setSubscription(
          NewsletterSubscriptionStatus.CLEANED,
          NewsletterSubscriptionSource.BOUNCE,
          `${streak} transient delivery errors in a row (last: ${event.reason})`
        )
      }
    }
  } else if (event.kind === "delivered") {
    await service.countTransientError({ email: applied.email, reset: true })
  } else if (event.kind === "complained" && current === NewsletterSubscriptionStatus.SUBSCRIBED) {
    await setSubscription(NewsletterSubscriptionStatus.UNSUBSCRIBED, NewsletterSubscriptionSource.COMPLAINT, "marked as spam by the recipient")
  }

  const now = event.now
  if (applied.became_error && applied.article_status === NewsletterStatus.SENDING) {
    await stopIfErrorRateExceeded(
      service,
      options,
      async (name, data) => {
        await container.resolve(Modules.EVENT_BUS).emit({ name, data })
      },
      {
        id: applied.newsletter_id,
        succeeded_count: applied.succeeded_count!,
        failed_count: applied.failed_count!,
      },
      now
    )
  }
  if (applied.article_status === NewsletterStatus.SENT || applied.article_status === NewsletterStatus.AGGREGATING) {
    await advanceAggregation(service, options, now, [applied.newsletter_id])
  }
  return true
}
