import { MedusaError } from "@medusajs/framework/utils"
import type { ResolvedNewsletterOptions } from "../../modules/newsletter/options"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { NewsletterEvents, NewsletterStatus } from "../../modules/newsletter/types"
import { nextAggregationStatus, shouldStopForErrorRate } from "../../modules/newsletter/utils/delivery-rules"

export type EmitEvent = (name: string, data: Record<string, unknown>) => Promise<void>

/**
 * The error-rate stop (S15): when the article's figures cross the configured rule, it becomes
 * `stopped` (配信停止) for good — nothing more is sent, the unsent count stays as it is — and
 * `newsletter.stopped` is emitted with the figures. Returns whether this call stopped it.
 */
export async function stopIfErrorRateExceeded(
  service: NewsletterModuleService,
  options: ResolvedNewsletterOptions,
  emit: EmitEvent,
  article: { id: string; succeeded_count: number; failed_count: number },
  now: Date
): Promise<boolean> {
  const figures = { succeeded: article.succeeded_count, failed: article.failed_count }
  if (!shouldStopForErrorRate(figures, options.errorRate)) {
    return false
  }
  const attempted = figures.succeeded + figures.failed
  const rate = figures.failed / attempted
  const percent = (n: number) => `${Math.round(n * 1000) / 10}%`
  try {
    const before = await service.transitionNewsletter({
      id: article.id,
      to: NewsletterStatus.STOPPED,
      data: {
        finished_at: now,
        status_reason: `Stopped: ${figures.failed} of ${attempted} attempted mails failed (${percent(
          rate
        )}, above the ${percent(options.errorRate.threshold)} limit). Clean the list before sending again.`,
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
