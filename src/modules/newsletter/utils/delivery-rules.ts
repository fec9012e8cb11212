import { NewsletterStatus } from "../types"

export type ErrorRateFigures = { succeeded: number; failed: number }
export type ErrorRateRule = { minAttempts: number; threshold: number }

/** An article's counters the error-rate stop reads (unconfirmed is part of succeeded). */
export type ErrorRateCounters = { succeeded_count: number; failed_count: number; unconfirmed_count: number }

/**
 * What the error-rate stop judges, from an article's counters, on every path (after a batch, on a
 * bounce report): unconfirmed mails (a batch whose retry Resend answered 409, so its mails went out
 * with unknown ids) are neither errors nor confirmed successes, so they count in neither the errors
 * nor the attempted mails. Counting them as successes would dilute the rate of a bad list.
 */
export function errorRateFigures(counters: ErrorRateCounters): ErrorRateFigures {
  return {
    succeeded: Math.max(0, counters.succeeded_count - counters.unconfirmed_count),
    failed: counters.failed_count,
  }
}

/**
 * The error-rate stop (S15): true once at least `minAttempts` recipients were attempted and the
 * share of errors among them exceeds `threshold`.
 */
export function shouldStopForErrorRate(figures: ErrorRateFigures, rule: ErrorRateRule): boolean {
  const attempted = figures.succeeded + figures.failed
  return attempted >= rule.minAttempts && figures.failed / attempted > rule.threshold
}

export type AggregationFigures = {
  status: NewsletterStatus
  unsent_count: number
  awaiting_count: number
  counted_at: Date | string | null
  finished_at: Date | string | null
}

/**
 * The next aggregation status of a finished article, or null (S11, S13):
 * `sent` → `aggregating` once results were counted at least once (or nothing is awaited, or the
 * window has passed); `aggregating` → `aggregated` when every recipient has a final outcome or
 * the window has passed (the rest are then reported as unknown).
 */
export function nextAggregationStatus(
  article: AggregationFigures,
  now: Date,
  windowHours: number
): NewsletterStatus.AGGREGATING | NewsletterStatus.AGGREGATED | null {
  const settled = article.unsent_count === 0 && article.awaiting_count === 0
  const windowOver =
    !!article.finished_at &&
    now.getTime() >= new Date(article.finished_at).getTime() + windowHours * 3_600_000
  if (article.status === NewsletterStatus.SENT) {
    return article.counted_at || settled || windowOver ? NewsletterStatus.AGGREGATING : null
  }
  if (article.status === NewsletterStatus.AGGREGATING) {
    return settled || windowOver ? NewsletterStatus.AGGREGATED : null
  }
  return null
}
