/**
 * The dispatcher's timing rules: how a batch retries, how long a lease must last, and how long a
 * batch may be retried with its idempotency key at all. Pure, so the options, the retry loop and
 * the claim statement share one definition.
 */

/** Passing failures (5xx, network, unknown outcome) retried within one attempt of a batch. */
export const MAX_PASSING_RETRIES = 3

/** The wait before retry `n` (0-based) after a passing failure: 0.5 s, 1 s, 2 s. */
export function retryBackoffMs(failures: number): number {
  return 500 * 2 ** failures
}

/** The longest wait between two requests of one batch after a passing failure. */
export const LONGEST_RETRY_BACKOFF_MS = retryBackoffMs(MAX_PASSING_RETRIES - 1)

/**
 * The shortest lease that covers two attempts' worst case: two requests that each run into the
 * answer timeout, plus the longest backoff between them. The lease is renewed before every
 * request, so one renewal always outlives the request it precedes, with room for a slow database.
 */
export function minLeaseSeconds(timeoutSeconds: number): number {
  return Math.ceil(2 * timeoutSeconds + LONGEST_RETRY_BACKOFF_MS / 1000)
}

/**
 * Resend remembers an idempotency key for 24 hours; after that a retry with the same key would
 * send again. An hour's margin covers clock drift and a retry that is already on its way.
 */
export const IDEMPOTENCY_SAFE_HOURS = 23

/**
 * The earliest first attempt of a batch that may still be retried automatically at `now`: a batch
 * first attempted before it needs the store owner's decision instead.
 */
export function retrySafeSince(now: Date): Date {
  return new Date(now.getTime() - IDEMPOTENCY_SAFE_HOURS * 3_600_000)
}

/** When a lease taken or renewed at `now` runs out. */
export function leaseUntil(now: Date, leaseSeconds: number): Date {
  return new Date(now.getTime() + leaseSeconds * 1000)
}
