import { MAX_PASSING_RETRIES, retryBackoffMs } from "../../modules/newsletter/utils/dispatch-rules"
import type { BatchOutcome, MailToSend, NewsletterTransport } from "../transport"

export type SendWithRetriesDeps = {
  transport: NewsletterTransport
  /** Waits for this process's turn in the shared request schedule; resolves when it may send. */
  waitForSlot: () => Promise<void>
  sleep: (ms: number) => Promise<void>
  /** Stop retrying once this much time (ms) was spent; the batch lease must not run out meanwhile. */
  budgetMs: number
  /** Passing failures retried in-call before the batch is handed back for a later attempt. */
  maxRetries?: number
  /**
   * Renews the batch's lease right before each request; false when the caller no longer holds the
   * batch. Absent for mails that belong to no batch (the test send).
   */
  renewLease?: () => Promise<boolean>
}

/** What one send of a batch came to: the transport's outcome, or the lease lost before a request. */
export type SendOutcome = BatchOutcome | { kind: "lease_lost"; reason: string }

/**
 * Sends one batch with one Idempotency-Key until it is accepted or a retry can't help now:
 * 429 → wait `retry-after`, same key; 5xx / network / unknown outcome → back off (0.5 s, 1 s,
 * 2 s), same key. Quota, configuration and conflict outcomes return at once. Before every request
 * the lease is renewed; once it was lost (another worker took the batch over), nothing more is
 * sent and `lease_lost` returns.
 */
export async function sendWithRetries(
  messages: readonly MailToSend[],
  idempotencyKey: string | undefined,
  deps: SendWithRetriesDeps
): Promise<SendOutcome> {
  const started = Date.now()
  const maxRetries = deps.maxRetries ?? MAX_PASSING_RETRIES
  let failures = 0
  for (;;) {
    await deps.waitForSlot()
    // After the slot wait, so the renewed lease covers the whole request.
    if (deps.renewLease && !(await deps.renewLease())) {
      return { kind: "lease_lost", reason: "the batch's lease was lost to another worker before this request" }
    }
    const outcome = await deps.transport.sendBatch(messages, idempotencyKey)
    const elapsed = Date.now() - started
    if (outcome.kind === "rate_limited" && elapsed + outcome.retryAfterMs < deps.budgetMs) {
      await deps.sleep(outcome.retryAfterMs)
      continue
    }
    if (outcome.kind === "retryable" && failures < maxRetries) {
      const backoff = retryBackoffMs(failures)
      if (elapsed + backoff < deps.budgetMs) {
        failures++
        await deps.sleep(backoff)
        continue
      }
    }
    return outcome
  }
}

/**
 * What a send outside an article's batches (a test send, a signup's confirmation mail) needs to
 * take its turn in the shared request schedule: the transport, a sleep, and a slot wait spacing
 * requests by `resend.requestsPerSecond` across every process, as the articles' batches are (the
 * outbox has no schedule).
 */
export function scheduledSendDeps(
  service: { reserveSendSlot(input: { name: string; intervalMs: number }): Promise<number> },
  transport: NewsletterTransport,
  requestsPerSecond: number | undefined
): Pick<SendWithRetriesDeps, "transport" | "sleep" | "waitForSlot"> {
  const intervalMs = transport.name === "resend" ? 1000 / (requestsPerSecond ?? 2) : 0
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
  return {
    transport,
    sleep,
    waitForSlot: async () => {
      if (intervalMs > 0) {
        await sleep(await service.reserveSendSlot({ name: transport.name, intervalMs }))
      }
    },
  }
}
