import {
  NewsletterStatus,
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
} from "../../modules/newsletter/types"
import { nextAggregationStatus } from "../../modules/newsletter/utils/delivery-rules"
import type { ResolvedNewsletterOptions } from "../../modules/newsletter/options"
import {
  ArticleFigures,
  CLEANING_ERROR_TYPES,
  DeliveryEventInput,
  DeliveryEventOutcome,
} from "./types"

/** An applied report that may change the customer's subscription (S16), in the group's order. */
export type SubscriptionCheck = {
  email: string
  customer_id: string | null
  newsletter_id: string
  event: DeliveryEventInput
  /** The address's transient streak after this event, for transient-type errors. */
  streak: number | null
}

/** What a group's applied reports ask for after they are written. */
export type DeliveryEffects = {
  subscriptions: SubscriptionCheck[]
  /** Articles whose error rate must be checked (a recipient failed while the article is sending). */
  errorRate: ArticleFigures[]
  /** Articles whose aggregation moves on (S11, S13). */
  aggregation: string[]
  /** The latest clock reading among the group's events. */
  now: Date
}

/**
 * What a group's outcomes ask for once written: the subscription checks of errors and complaints
 * (in order), the error-rate check of each article that lost a success while sending, and the
 * aggregation step of each article whose figures now call for one. Read from the figures the
 * group wrote, so nothing is read again when nothing is due (the common "delivered" case).
 */
export function planDeliveryEffects(
  events: DeliveryEventInput[],
  outcomes: DeliveryEventOutcome[],
  options: Pick<ResolvedNewsletterOptions, "aggregationWindowHours">
): DeliveryEffects {
  const subscriptions: SubscriptionCheck[] = []
  const articles = new Map<string, { figures: ArticleFigures; becameError: boolean }>()
  let now = new Date(0)
  outcomes.forEach((outcome, i) => {
    if (outcome.outcome !== "applied") {
      return
    }
    const event = events[i]
    if (event.now.getTime() > now.getTime()) {
      now = event.now
    }
    if (event.kind === "error" || event.kind === "complained") {
      subscriptions.push({
        email: outcome.email,
        customer_id: outcome.customer_id,
        newsletter_id: outcome.newsletter_id,
        event,
        streak: outcome.transient_error_streak,
      })
    }
    if (outcome.article) {
      const entry = articles.get(outcome.article.id) ?? { figures: outcome.article, becameError: false }
      entry.becameError ||= outcome.became_error
      articles.set(outcome.article.id, entry)
    }
  })
  const all = [...articles.values()]
  return {
    subscriptions,
    errorRate: all
      .filter((a) => a.becameError && a.figures.status === NewsletterStatus.SENDING)
      .map((a) => a.figures),
    aggregation: all
      .filter((a) => nextAggregationStatus(a.figures, now, options.aggregationWindowHours) !== null)
      .map((a) => a.figures.id),
    now,
  }
}

/** True when the effects ask for nothing. */
export function hasNoEffects(effects: DeliveryEffects): boolean {
  return !effects.subscriptions.length && !effects.errorRate.length && !effects.aggregation.length
}

export type SubscriptionChange = {
  status: NewsletterSubscriptionStatus
  source: NewsletterSubscriptionSource
  reason: string
}

/**
 * What a report means for the customer (S16), given the subscription's current status: a
 * permanent bounce or a suppression cleans the address (クリーニング済); a complaint unsubscribes a
 * subscribed one; other errors clean it once `transientErrorsToClean` came in a row. Null when
 * nothing changes.
 */
export function subscriptionChangeFor(
  check: SubscriptionCheck,
  current: NewsletterSubscriptionStatus | null,
  transientErrorsToClean: number
): SubscriptionChange | null {
  const { event } = check
  if (event.kind === "complained") {
    return current === NewsletterSubscriptionStatus.SUBSCRIBED
      ? {
          status: NewsletterSubscriptionStatus.UNSUBSCRIBED,
          source: NewsletterSubscriptionSource.COMPLAINT,
          reason: "marked as spam by the recipient",
        }
      : null
  }
  if (event.kind !== "error" || current === NewsletterSubscriptionStatus.CLEANED) {
    return null
  }
  if (CLEANING_ERROR_TYPES.includes(event.errorType ?? "")) {
    return {
      status: NewsletterSubscriptionStatus.CLEANED,
      source: NewsletterSubscriptionSource.BOUNCE,
      reason: `${event.errorType}: ${event.reason}`,
    }
  }
  const streak = check.streak ?? 0
  return streak >= transientErrorsToClean
    ? {
        status: NewsletterSubscriptionStatus.CLEANED,
        source: NewsletterSubscriptionSource.BOUNCE,
        reason: `${streak} transient delivery errors in a row (last: ${event.reason})`,
      }
    : null
}
