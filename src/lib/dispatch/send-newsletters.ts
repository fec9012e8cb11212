import type { Logger } from "@medusajs/framework/types"
import type { ResolvedNewsletterOptions } from "../../modules/newsletter/options"
import type NewsletterModuleService from "../../modules/newsletter/service"
import type { BatchResultRow } from "../../modules/newsletter/service"
import type { NewsletterClock } from "../clock"
import type { NewsletterTransport } from "../transport"
import { buildMessage } from "./build-message"
import { ArticleToSend, compiledFor } from "./article"
import { EmitEvent, stopIfErrorRateExceeded } from "./delivery-brakes"
import { sendWithRetries } from "./send-with-retries"
import { isWithinSendingWindow } from "../../modules/newsletter/utils/sending-window"

export type SendNewslettersDeps = {
  service: NewsletterModuleService
  transport: NewsletterTransport
  options: ResolvedNewsletterOptions
  clock: NewsletterClock
  secret: string
  workerId: string
  logger: Pick<Logger, "info" | "warn" | "error">
  loadArticle: (id: string) => Promise<ArticleToSend>
  emit: EmitEvent
  sleep?: (ms: number) => Promise<void>
}

export type SendNewslettersSummary = {
  batches: number
  sent: number
  failed: number
  finished: Array<{ id: string; status: string }>
  /** Articles left for later because their category's sending window is closed (S12). */
  outside_window: string[]
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Resend's idempotency key of one batch: the same for every attempt of that batch. */
export const batchIdempotencyKey = (newsletterId: string, seq: number) =>
  `newsletter/${newsletterId}/batch/${seq}`

/**
 * Sends the batches of every article being sent, until none is left or the run's time is up
 * (the next job run continues). Safe to run in several processes at once: batches are claimed
 * with a lease, every request has its batch's Idempotency-Key, and requests follow one schedule
 * shared by all processes. Sending can't be undone; it is made idempotent instead.
 */
export async function sendNewsletters(deps: SendNewslettersDeps): Promise<SendNewslettersSummary> {
  const sleep = deps.sleep ?? defaultSleep
  const { service, options } = deps
  const deadline = Date.now() + options.dispatch.runSeconds * 1000
  const leaseMs = options.dispatch.leaseSeconds * 1000
  const intervalMs = deps.transport.name === "resend" ? 1000 / (options.resend?.requestsPerSecond ?? 2) : 0
  const waitForSlot = async () => {
    if (intervalMs > 0) {
      await sleep(await service.reserveSendSlot({ name: deps.transport.name, intervalMs }))
    }
  }
  const summary: SendNewslettersSummary = {
    batches: 0,
    sent: 0,
    failed: 0,
    finished: [],
    outside_window: [],
  }

  for (const newsletterId of await service.listNewslettersToSend()) {
    const article = await deps.loadArticle(newsletterId)
    const compiled = await compiledFor(article, options)

    let stopped = false
    while (Date.now() < deadline) {
      // Outside the category's window nothing is sent, even while 配信中 (S12): pause, keep the
      // status, and resume from the next batch once the window opens.
      if (!isWithinSendingWindow(deps.clock.now(), article.window, options.timezone)) {
        await service.updateNewsletters({
          id: newsletterId,
          status_reason: `Paused outside the category's sending window (${article.window!.window_start}–${article.window!.window_end} ${options.timezone}); it resumes when the window opens.`,
        })
        summary.outside_window.push(newsletterId)
        break
      }
      const claimed = await service.claimNewsletterBatch({
        newsletterId,
        workerId: deps.workerId,
        leaseSeconds: options.dispatch.leaseSeconds,
        now: deps.clock.now(),
      })
      if (!claimed) {
        break
      }
      summary.batches++
      const { batch, recipients } = claimed
      if (!recipients.length) {
        await service.recordNewsletterBatch({ batchId: batch.id, newsletterId, now: deps.clock.now(), results: [] })
        continue
      }

      const messages = recipients.map((r) => buildMessage(compiled, article, r, options, deps.secret))
      // Irreversible: the mails leave here. The key makes a retry of this batch harmless.
      const outcome = await sendWithRetries(messages, batchIdempotencyKey(newsletterId, batch.seq), {
        transport: deps.transport,
        waitForSlot,
        sleep,
        budgetMs: leaseMs / 2,
      })

      if (outcome.kind === "accepted" || outcome.kind === "conflict") {
        const results: BatchResultRow[] = recipients.map((r, i) => {
          if (outcome.kind === "conflict") {
            // An earlier attempt of this batch was taken with other content: never send it again.
            return { recipient_id: r.id, status: "failed", error_type: "unknown", error_reason: outcome.reason }
          }
          const result = outcome.results[i]
          return "id" in result
            ? { recipient_id: r.id, status: "sent", provider_message_id: result.id }
            : { recipient_id: r.id, status: "failed", error_type: "rejected", error_reason: result.error }
        })
        const counts = await service.recordNewsletterBatch({
          batchId: batch.id,
          newsletterId,
          now: deps.clock.now(),
          results,
        })
        summary.sent += counts.sent
        summary.failed += counts.failed
        stopped = await stopIfErrorRateExceeded(
          service,
          options,
          deps.emit,
          { id: newsletterId, succeeded_count: counts.succeeded_count, failed_count: counts.failed_count },
          deps.clock.now()
        )
        if (stopped) {
          summary.finished.push({ id: newsletterId, status: "stopped" })
          break
        }
        continue
      }

      // Nothing of this batch was taken: hand it back and leave this article for a later run.
      const paused = outcome.kind === "quota" || outcome.kind === "fatal"
      await service.releaseNewsletterBatch({
        batchId: batch.id,
        error: outcome.reason,
        retryAt: outcome.kind === "fatal" ? new Date(Date.now() + 60_000) : null,
        articleReason: paused ? `Sending paused: ${outcome.reason}. It resumes at the next run that succeeds.` : null,
      })
      deps.logger.warn(`Newsletter ${newsletterId} batch ${batch.seq} not sent (${outcome.kind}): ${outcome.reason}`)
      break
    }

    const status = stopped
      ? null
      : await service.finishNewsletterIfComplete({ newsletterId, now: deps.clock.now() })
    if (status) {
      summary.finished.push({ id: newsletterId, status })
    }
    if (Date.now() >= deadline) {
      break
    }
  }
  return summary
}
