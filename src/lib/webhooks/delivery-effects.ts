import type { ResolvedNewsletterOptions } from "../../modules/newsletter/options"
import { NewsletterStatus } from "../../modules/newsletter/types"
import { nextAggregationStatus } from "../../modules/newsletter/utils/delivery-rules"
import type { ArticleFigures, DeliveryEventInput, DeliveryEventOutcome } from "./types"

/** What a group's applied reports ask for after they are written. */
export type DeliveryEffects = {
  /** The subscription effects the group's reports stored (S16), in the group's order. */
  subscriptionEffects: string[]
  /** Articles whose error rate must be checked (a recipient failed while the article is sending). */
  errorRate: ArticleFigures[]
  /** Articles whose aggregation moves on (S11, S13). */
  aggregation: string[]
  /** The latest clock reading among the group's events. */
  now: Date
}

/**
 * What a group's outcomes ask for once written: the subscription effects its reports stored (in
 * order), the error-rate check of each article that lost a success while sending, and the
 * aggregation step of each article whose figures now call for one. Read from the figures the
 * group wrote, so nothing is read again when nothing is due (the common "delivered" case).
 */
export function planDeliveryEffects(
  events: DeliveryEventInput[],
  outcomes: DeliveryEventOutcome[],
  options: Pick<ResolvedNewsletterOptions, "aggregationWindowHours">
): DeliveryEffects {
  const subscriptionEffects: string[] = []
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
    if (outcome.effect_id) {
      subscriptionEffects.push(outcome.effect_id)
    }
    if (outcome.article) {
      const entry = articles.get(outcome.article.id) ?? { figures: outcome.article, becameError: false }
      entry.becameError ||= outcome.became_error
      articles.set(outcome.article.id, entry)
    }
  })
  const all = [...articles.values()]
  return {
    subscriptionEffects,
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
  return !effects.subscriptionEffects.length && !effects.errorRate.length && !effects.aggregation.length
}
