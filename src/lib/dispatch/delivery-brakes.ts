import { MedusaError } from "@medusajs/framework/utils"
import type { ResolvedNewsletterOptions } from "../../modules/newsletter/options"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { NewsletterEvents, NewsletterStatus } from "../../modules/newsletter/types"
import {
  ErrorRateCounters,
  errorRateFigures,
  nextAggregationStatus,
  shouldStopForErrorRate,
} from "../../modules/newsletter/utils/delivery-rules"
import { errorRateStopReason } from "../../modules/newsletter/utils/status-reasons"

export type EmitEvent = (name: string, data: Record<string, unknown>) => Promise<void>

/**
 * The error-rate stop (S15): when the article's figures cross the configured rule, it becomes
 * `stopped` (配信停止) for good — nothing more is sent, the unsent count stays as it is — and
 * `newsletter.stopped` is emitted with the figures. The sending loop and the webhook path both
 * pass the article's raw counters: what is judged (unconfirmed mails out of it) is decided once,
 * by {@link errorRateFigures}. Returns whether this call stopped it.
 */
export async function stopIfErrorRateExceeded(
  service: NewsletterModuleService,
  options: ResolvedNewsletterOptions,
  emit: EmitEvent,
  article: { id: string } & ErrorRateCounters,
  now: Date
): Promise<boolean> {
  const figures = errorRateFigures(article)
  if (!shouldStopForErrorRate(figures, options.errorRate)) {
    return false
  }
  const attempted = figures.succeeded + figures.failed
  const rate = figures.failed / attempted
  const reason = errorRateStopReason({ failed: figures.failed, attempted, threshold: options.errorRate.threshold })
  try {
    const before = await service.transitionNewsletter({
      id: article.id,
      to: NewsletterStatus.STOPPED,
      data: {
        finished_at: now,
        status_reason: reason.message,
        status_reason_code: reason.code,
        status_reason_params: reason.params,
      },
    })
    const [stopped] = await service.listNewsletters({ id: article.id })
    await emit(NewsletterEvents.STOPPED, {
      id: article.id,
      attempted,
      failed: figures.failed,
      error_rate: rate,
      threshold: options.errorRate.threshold,
      unsent: stopped?.unsent_count ?? null,
      previous_status: before.status,
    })
    return true
  } catch (e) {
    // Another worker (or a webhook) stopped or finished it first: the conditional write refused.
    if (MedusaError.isMedusaError(e) && e.type === MedusaError.Types.CONFLICT) {
      return false
    }
    throw e
  }
}

/**
 * Moves finished articles on through `aggregating` (集計中) to `aggregated` (集計済) as the rule
 * says; at the close, recipients still awaiting a report are kept as the unknown count.
 */
export async function advanceAggregation(
  service: NewsletterModuleService,
  options: ResolvedNewsletterOptions,
  now: Date,
  ids?: string[]
): Promise<Array<{ id: string; status: NewsletterStatus }>> {
  const moved: Array<{ id: string; status: NewsletterStatus }> = []
  for (const article of await service.listNewslettersToAggregate({ ids })) {
    let current = article
    for (;;) {
      const next = nextAggregationStatus(current, now, options.aggregationWindowHours)
      if (!next) {
        break
      }
      try {
        await service.transitionNewsletter({
          id: article.id,
          to: next,
          data:
            next === NewsletterStatus.AGGREGATED
              ? { aggregated_at: now, unknown_count: current.awaiting_count }
              : {},
        })
      } catch (e) {
        // Another process moved it on first: the conditional write refused.
        if (MedusaError.isMedusaError(e) && e.type === MedusaError.Types.CONFLICT) {
          break
        }
        throw e
      }
      moved.push({ id: article.id, status: next })
      current = { ...current, status: next }
    }
  }
  return moved
}
