import type { Logger } from "@medusajs/framework/types"
import type { ResolvedNewsletterOptions } from "../../modules/newsletter/options"
import type NewsletterModuleService from "../../modules/newsletter/service"
import type { BatchHolder, BatchResultRow } from "../../modules/newsletter/service"
import {
  NewsletterEvents,
  NewsletterRecipientStatus,
  NewsletterSendContext,
  NewsletterStatus,
} from "../../modules/newsletter/types"
import type { NewsletterClock } from "../clock"
import type { LinkKeyring } from "../tokens"
import type { NewsletterTransport } from "../transport"
import { deferMessages, liveSendContext } from "./build-message"
import { ArticleToSend, compiledFor } from "./article"
import type { CompiledArticle } from "../render/compile"
import { EmitEvent, stopIfErrorRateExceeded } from "./delivery-brakes"
import { sendWithRetries } from "./send-with-retries"
import { providerPauseReason, windowWaitReason } from "../../modules/newsletter/utils/status-reasons"

export type SendNewslettersDeps = {
  service: NewsletterModuleService
  transport: NewsletterTransport
  options: ResolvedNewsletterOptions
  clock: NewsletterClock
  /** Signs the links; each article's mails use the key id frozen in its send context. */
  linkKeys: LinkKeyring
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
  /** Of `sent`: mails Resend had accepted earlier under the batch's key (a 409): ids unknown. */
  unconfirmed: number
  /**
   * Batches this process had lost to a successor (lease ran out) when it came to send, record or
   * release them: it changed nothing, the successor's outcome stands.
   */
  superseded: number
  finished: Array<{ id: string; status: string }>
  /** Articles left for later because their category's sending window is closed (S12). */
  outside_window: string[]
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Resend's idempotency key of one batch: the same for every attempt of that batch within a key
 * round. Round 0 is the batch's original key; each time the store owner chooses to send a batch
 * needing attention again, its round grows and the key gets `/r<round>`, since Resend has
 * forgotten the old key (and a new round's first claim re-checks opt-outs, so its payload may
 * differ from the old one's).
 */
export const batchIdempotencyKey = (newsletterId: string, seq: number, keyGeneration = 0) =>
  `newsletter/${newsletterId}/batch/${seq}${keyGeneration > 0 ? `/r${keyGeneration}` : ""}`

/**
 * Sends the batches of every article being sent, until none is left or the run's time is up
 * (the next job run continues). Safe to run in several processes at once: batches are claimed
 * with a lease, every request has its batch's Idempotency-Key, and requests follow one schedule
 * shared by all processes. Sending can't be undone; it is made idempotent instead.
 *
 * Within a process an article is sent by `dispatch.concurrency` lanes, each claiming, rendering,
 * sending and recording its own batches, so that the next request is ready while one is in
 * flight. The lanes open only once the article has `errorRate.minAttempts` attempts: until then
 * one batch at a time, so that a bad list is stopped at the first point the rule can judge it.
 */
export async function sendNewsletters(deps: SendNewslettersDeps): Promise<SendNewslettersSummary> {
  const { service, options } = deps
  const run: RunContext = {
    deps,
    sleep: deps.sleep ?? defaultSleep,
    deadline: Date.now() + options.dispatch.runSeconds * 1000,
    intervalMs: deps.transport.name === "resend" ? slotIntervalMs(options.resend?.requestsPerSecond ?? 2) : 0,
    summary: { batches: 0, sent: 0, failed: 0, unconfirmed: 0, superseded: 0, finished: [], outside_window: [] },
  }

  for (const newsletterId of await service.listNewslettersToSend()) {
    const article = await deps.loadArticle(newsletterId)
    // Every attempt renders from the context frozen at the claim, never from live values. An
    // article claimed before contexts existed gets one now, once (the first frozen wins).
    const context =
      article.send_context ??
      (await service.freezeNewsletterSendContext({
        newsletterId,
        context: liveSendContext(options, article.promotion_code, deps.linkKeys),
      }))
    if (!context) {
      continue // No longer being sent (stopped or finished meanwhile).
    }
    const compiled = await compiledFor(article, context)
    const stopped = await sendArticle(run, article, context, compiled)

    const status = stopped ? null : await service.finishNewsletterIfComplete({ newsletterId, now: deps.clock.now() })
    if (status) {
      run.summary.finished.push({ id: newsletterId, status })
      // Only the call whose conditional write ended the sending gets a status: one event.
      await deps.emit(status === NewsletterStatus.SENT ? NewsletterEvents.SENT : NewsletterEvents.FAILED, {
        id: newsletterId,
      })
    }
    if (Date.now() >= run.deadline) {
      break
    }
  }
  return run.summary
}

/**
 * The time between two requests in the shared schedule: the provider's rate with 3% to spare,
 * because the provider counts requests as they arrive over a sliding second, and arrival times
 * jitter by a few milliseconds; a request that lands early is refused and costs a whole
 * `retry-after` second.
 */
export const slotIntervalMs = (requestsPerSecond: number) => (1000 / requestsPerSecond) * 1.03

type RunContext = {
  deps: SendNewslettersDeps
  sleep: (ms: number) => Promise<void>
  deadline: number
  intervalMs: number
  summary: SendNewslettersSummary
}

/** Sends one article's batches with its lanes; returns whether the error-rate stop ended it. */
async function sendArticle(
  run: RunContext,
  article: ArticleToSend,
  context: NewsletterSendContext,
  compiled: CompiledArticle
): Promise<boolean> {
  const { deps, summary } = run
  const { service, options } = deps
  const leaseSeconds = options.dispatch.leaseSeconds
  const waitForSlot = async () => {
    if (run.intervalMs > 0) {
      await run.sleep(await service.reserveSendSlot({ name: deps.transport.name, intervalMs: run.intervalMs }))
    }
  }
  // Shared by the article's lanes: once one halts (stop, pause, closed window), none sends again.
  const state = { halted: false, stopped: false }
  const lanes: Array<Promise<void>> = []
  const openLanes = () => {
    while (lanes.length < options.dispatch.concurrency) {
      lanes.push(lane())
    }
  }

  async function lane(): Promise<void> {
    while (!state.halted && Date.now() < run.deadline) {
      // Outside the category's window nothing is sent, even while 配信中 (S12, ※1): wait with
      // the reason shown, keep the status, and go on from the next batch once the window opens.
      const waiting = windowWaitReason(deps.clock.now(), article.window, options.timezone)
      if (waiting) {
        state.halted = true
        await service.noteNewsletterSendingPaused({ newsletterId: article.id, reason: waiting })
        summary.outside_window.push(article.id)
        return
      }
      const { claimed, attention } = await service.claimNewsletterBatch({
        newsletterId: article.id,
        workerId: deps.workerId,
        leaseSeconds,
        now: deps.clock.now(),
      })
      if (attention) {
        // This claim marked them (each batch is marked by one claim only): one event.
        await deps.emit(NewsletterEvents.NEEDS_ATTENTION, {
          id: article.id,
          ...attention,
          occurred_at: deps.clock.now().toISOString(),
        })
      }
      if (!claimed) {
        return
      }
      summary.batches++
      const { batch, recipients } = claimed
      // The fencing token: every write about this batch must show it, so a successor's stands.
      const holder: BatchHolder = { batchId: batch.id, workerId: deps.workerId, attempt: batch.attempts }
      const superseded = (what: string) => {
        summary.superseded++
        deps.logger.warn(
          `Newsletter ${article.id} batch ${batch.seq}: ${what} skipped, another worker took the batch over when this one's lease ran out`
        )
      }
      if (!recipients.length) {
        const empty = await service.recordNewsletterBatch({ ...holder, newsletterId: article.id, now: deps.clock.now(), results: [] })
        if (!empty.recorded) {
          superseded("recording")
        }
        continue
      }

      // Rendered only while the transport writes each request (see DeferredMessage), so no rendered
      // mail waits for a request slot or for the provider's answer.
      const messages = deferMessages(compiled, article, recipients, context, deps.linkKeys)
      if (state.halted) {
        // Another lane stopped or paused the article meanwhile: this batch stays unsent.
        await service.releaseNewsletterBatch({ ...holder, error: "not sent: the article was halted by another batch" })
        return
      }
      // Irreversible: the mails leave here. The key makes a retry of this batch harmless.
      const outcome = await sendWithRetries(messages, batchIdempotencyKey(article.id, batch.seq, batch.key_generation), {
        transport: deps.transport,
        waitForSlot,
        sleep: run.sleep,
        budgetMs: (leaseSeconds * 1000) / 2,
        renewLease: () => service.renewNewsletterBatchLease({ ...holder, leaseSeconds, now: deps.clock.now() }),
      })
      if (outcome.kind === "lease_lost") {
        superseded("sending")
        continue
      }

      if (outcome.kind === "accepted" || outcome.kind === "conflict") {
        // A conflict means an earlier attempt with this key was accepted with another payload:
        // its mails went out. Recorded as sent with unknown ids, never as failures, never again.
        const results: BatchResultRow[] = recipients.map((r, i) => {
          if (outcome.kind === "conflict") {
            return { recipient_id: r.id, status: NewsletterRecipientStatus.SENT, provider_message_id: null }
          }
          const result = outcome.results[i]
          return "id" in result
            ? { recipient_id: r.id, status: NewsletterRecipientStatus.SENT, provider_message_id: result.id }
            : { recipient_id: r.id, status: NewsletterRecipientStatus.FAILED, error_type: "rejected", error_reason: result.error }
        })
        const counts = await service.recordNewsletterBatch({
          ...holder,
          newsletterId: article.id,
          now: deps.clock.now(),
          results,
          note: outcome.kind === "conflict" ? `sent, provider ids unknown (${outcome.reason})` : null,
        })
        if (!counts.recorded) {
          superseded("recording")
          continue
        }
        summary.sent += counts.sent
        summary.failed += counts.failed
        summary.unconfirmed += counts.unconfirmed
        // The article's counters as recorded; the rule keeps unconfirmed mails out of the rate.
        const stopped = await stopIfErrorRateExceeded(
          service,
          options,
          deps.emit,
          {
            id: article.id,
            succeeded_count: counts.succeeded_count,
            failed_count: counts.failed_count,
            unconfirmed_count: counts.unconfirmed_count,
          },
          deps.clock.now()
        )
        if (stopped) {
          state.halted = state.stopped = true
          summary.finished.push({ id: article.id, status: "stopped" })
          return
        }
        if (counts.succeeded_count + counts.failed_count >= options.errorRate.minAttempts) {
          openLanes()
        }
        continue
      }

      // Nothing of this batch was taken: hand it back and leave this article for a later run.
      state.halted = true
      const paused = outcome.kind === "quota" || outcome.kind === "fatal"
      const release = await service.releaseNewsletterBatch({
        ...holder,
        error: outcome.reason,
        retryAt: outcome.kind === "fatal" ? new Date(deps.clock.now().getTime() + 60_000) : null,
        articleReason: paused ? providerPauseReason(outcome.kind, outcome.reason) : null,
      })
      if (!release.released) {
        superseded("releasing")
      }
      if (release.paused) {
        // This release began the pause (the reason's code changed under the article's lock).
        await deps.emit(NewsletterEvents.PAUSED, {
          id: article.id,
          cause: outcome.kind === "quota" ? "quota" : "provider_error",
          provider_message: outcome.reason,
          occurred_at: deps.clock.now().toISOString(),
        })
      }
      deps.logger.warn(`Newsletter ${article.id} batch ${batch.seq} not sent (${outcome.kind}): ${outcome.reason}`)
      return
    }
  }

  lanes.push(lane())
  // Lanes opened while others run are awaited too; the first failure is raised once all ended.
  let failure: unknown = null
  for (let i = 0; i < lanes.length; i++) {
    try {
      await lanes[i]
    } catch (e) {
      state.halted = true
      failure ??= e
    }
  }
  if (failure) {
    throw failure
  }
  return state.stopped
}
