import type { BatchOutcome, NewsletterTransport, OutgoingMessage } from "../transport"

export type SendWithRetriesDeps = {
  transport: NewsletterTransport
  /** Waits for this process's turn in the shared request schedule; resolves when it may send. */
  waitForSlot: () => Promise<void>
  sleep: (ms: number) => Promise<void>
  /** Stop retrying once this much time (ms) was spent; the batch lease must not run out meanwhile. */
  budgetMs: number
  /** Passing failures retried in-call before the batch is handed back for a later attempt. */
  maxRetries?: number
}

/**
 * Sends one batch with one Idempotency-Key until it is accepted or a retry can't help now:
 * 429 → wait `retry-after`, same key; 5xx / network / unknown outcome → back off (0.5 s, 1 s,
 * 2 s), same key. Quota, configuration and conflict outcomes return at once.
 */
export async function sendWithRetries(
  messages: OutgoingMessage[],
  idempotencyKey: string | undefined,
  deps: SendWithRetriesDeps
): Promise<BatchOutcome> {
  const started = Date.now()
  const maxRetries = deps.maxRetries ?? 3
  let failures = 0
  for (;;) {
    await deps.waitForSlot()
    const outcome = await deps.transport.sendBatch(messages, idempotencyKey)
    const elapsed = Date.now() - started
    if (outcome.kind === "rate_limited" && elapsed + outcome.retryAfterMs < deps.budgetMs) {
      await deps.sleep(outcome.retryAfterMs)
      continue
    }
    if (outcome.kind === "retryable" && failures < maxRetries) {
      const backoff = 500 * 2 ** failures
      if (elapsed + backoff < deps.budgetMs) {
        failures++
        await deps.sleep(backoff)
        continue
      }
    }
    return outcome
  }
}
