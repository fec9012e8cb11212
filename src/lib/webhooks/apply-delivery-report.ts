import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type { ResolvedNewsletterOptions } from "../../modules/newsletter/options"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { applyNewsletterDeliveryEffectsWorkflow } from "../../workflows/apply-newsletter-delivery-effects"
import { advanceAggregation, stopIfErrorRateExceeded } from "../dispatch/delivery-brakes"
import { DeliveryEffects, hasNoEffects, planDeliveryEffects } from "./delivery-effects"
import { DEFER, GroupCommitQueue } from "./group-commit"
import type { DeliveryEventInput, DeliveryEventOutcome } from "./types"
import { NewsletterError } from "../../modules/newsletter/errors"

/** The most reports applied in one group (one statement); more wait for the next group. */
export const MAX_REPORTS_PER_GROUP = 200

type Submission = { event: DeliveryEventInput; container: MedusaContainer }
type Reported = { outcome: DeliveryEventOutcome; effects: Promise<void> }

/**
 * The reports of one process, applied by group commit: requests that arrive while a group is being
 * written are written together next, in one statement (GroupCommitQueue, the service's
 * applyDeliveryEvents), and each request gets its own outcome; a report of an address already in
 * the group waits for the next one. That statement also stores what each report owes the customer
 * (unsubscribe, clean), so a crash after the commit loses nothing: the every-minute job applies
 * what is left. The group's effects, and what the figures mean for the articles, then run after
 * the commit, group after group in order, while the next group is already being written.
 */
class DeliveryReportIngest {
  readonly queue: GroupCommitQueue<Submission, Reported>
  protected effectsTail_: Promise<void> = Promise.resolve()

  constructor(protected readonly service_: NewsletterModuleService) {
    this.queue = new GroupCommitQueue((items) => this.applyGroup_(items), {
      maxGroupSize: MAX_REPORTS_PER_GROUP,
    })
  }

  protected async applyGroup_(items: Submission[]): Promise<Array<Reported | typeof DEFER>> {
    const events = items.map((item) => item.event)
    const outcomes = await this.service_.applyDeliveryEvents(events)
    // Committed with their effects: from here on nothing may throw, or the queue would apply the
    // reports again (as duplicates). A failure reaches the requests through `effects`.
    let effects = Promise.resolve()
    try {
      const options = await this.service_.getOptions()
      const planned = planDeliveryEffects(events, outcomes, options)
      if (!hasNoEffects(planned)) {
        effects = this.effectsTail_.then(() =>
          runDeliveryEffects(items[0].container, this.service_, options, planned)
        )
        this.effectsTail_ = effects.catch(() => undefined)
      }
    } catch (error) {
      effects = Promise.reject(error)
      effects.catch(() => undefined)
    }
    return outcomes.map((outcome) => (outcome.outcome === "deferred" ? DEFER : { outcome, effects }))
  }
}

// One ingest per module service, i.e. per Medusa app in this process.
const ingests = new WeakMap<NewsletterModuleService, DeliveryReportIngest>()

/**
 * Applies one delivery report: the recipient and the article's counts (deduped by event id, in
 * one statement with the other reports arriving meanwhile) and the effect it owes the customer
 * (S16), stored in that same statement and then applied: a permanent bounce or a suppression
 * cleans the address (クリーニング済); a complaint unsubscribes it; transient errors count up and
 * clean the address after `transientErrorsToClean` in a row; a delivery resets that count. An
 * effect that fails now stays owed and the every-minute job applies it (logged, not an error of
 * the report). A bounce during sending may trip the error-rate stop (S15); results move the
 * article's aggregation on. Resolves once all of that is done; returns whether the report changed
 * anything. A report about mail the plugin did not send is acknowledged and logged. Throws
 * CONFLICT while the mail is not recorded as sent yet.
 */
export async function applyDeliveryReport(
  container: MedusaContainer,
  event: DeliveryEventInput
): Promise<boolean> {
  const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
  let ingest = ingests.get(service)
  if (!ingest) {
    ingest = new DeliveryReportIngest(service)
    ingests.set(service, ingest)
  }
  const { outcome, effects } = await ingest.queue.submit({ event, container })
  if (outcome.outcome === "unknown") {
    // Acknowledged: Resend would otherwise retry it for days. Order mail of the same Resend
    // account, or mail of a deleted article, ends up here.
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .info(
        `Resend webhook ${event.eventId}: ${event.type} about mail the newsletter did not send ` +
          `(email id ${event.emailId ?? "none"}); acknowledged, nothing changed`
      )
  }
  if (outcome.outcome === "not_recorded") {
    // Resend reported before the worker recorded the batch: let Resend deliver it again later.
    throw new NewsletterError(
      MedusaError.Types.CONFLICT,
      "delivery_report_too_early",
      "The mail of this report is not recorded yet; deliver the report again later"
    )
  }
  await effects
  return outcome.outcome === "applied"
}

/**
 * Runs a written group's effects: its stored subscription effects (a group holds one report per
 * address), the error-rate stop, aggregation.
 */
async function runDeliveryEffects(
  container: MedusaContainer,
  service: NewsletterModuleService,
  options: ResolvedNewsletterOptions,
  effects: DeliveryEffects
): Promise<void> {
  if (effects.subscriptionEffects.length) {
    await applyStoredEffects(container, effects.subscriptionEffects)
  }
  for (const article of effects.errorRate) {
    await stopIfErrorRateExceeded(
      service,
      options,
      async (name, data) => {
        await container.resolve(Modules.EVENT_BUS).emit({ name, data })
      },
      {
        id: article.id,
        succeeded_count: article.succeeded_count,
        failed_count: article.failed_count,
        unconfirmed_count: article.unconfirmed_count,
      },
      effects.now
    )
  }
  if (effects.aggregation.length) {
    await advanceAggregation(service, options, effects.now, effects.aggregation)
  }
}

/**
 * Applies the group's stored effects at once, so the store owner sees them with the report. Never
 * throws: an effect that fails stays owed (with its error), and the every-minute
 * `newsletter-delivery-effects` job applies it.
 */
async function applyStoredEffects(container: MedusaContainer, ids: string[]): Promise<void> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    const { result } = await applyNewsletterDeliveryEffectsWorkflow(container).run({ input: { ids } })
    result.failed.forEach((f) =>
      logger.warn(`Newsletter delivery effect ${f.id} failed (the every-minute job retries it): ${f.error}`)
    )
  } catch (error) {
    logger.warn(
      `Newsletter delivery effects ${ids.join(", ")} not applied yet (the every-minute job applies them): ${
        error instanceof Error ? error.message : String(error)
      }`
    )
  }
}
