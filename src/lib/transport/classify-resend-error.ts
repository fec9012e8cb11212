import type { BatchOutcome } from "./types"

export type ResendErrorLike = { name?: string; message?: string; statusCode?: number | null }

const DEFAULT_RETRY_AFTER_MS = 1_000
const MAX_RETRY_AFTER_MS = 60_000

/** Reads `retry-after` (seconds) from response headers; a sane default when absent or garbled. */
export function retryAfterMs(headers: Record<string, string> | null | undefined): number {
  const raw = headers?.["retry-after"]
  const seconds = raw === undefined ? NaN : Number(raw)
  if (!Number.isFinite(seconds) || seconds < 0) {
    return DEFAULT_RETRY_AFTER_MS
  }
  return Math.min(Math.max(seconds * 1000, 0), MAX_RETRY_AFTER_MS)
}

/**
 * Turns an error the Resend SDK returned (it never throws) into what the dispatcher should do.
 * Quota errors are 429s too, but waiting seconds won't help: they pause the article instead.
 */
export function classifyResendError(
  error: ResendErrorLike,
  headers: Record<string, string> | null | undefined
): Exclude<BatchOutcome, { kind: "accepted" }> {
  const name = error.name ?? "unknown_error"
  const reason = `${name}: ${error.message ?? "no message"}`
  switch (name) {
    case "daily_quota_exceeded":
    case "monthly_quota_exceeded":
      return { kind: "quota", reason }
    case "rate_limit_exceeded":
      return { kind: "rate_limited", retryAfterMs: retryAfterMs(headers), reason }
    case "invalid_idempotent_request":
      return { kind: "conflict", reason }
    case "concurrent_idempotent_requests":
      // Another worker is sending this very batch right now; its answer decides.
      return { kind: "retryable", reason }
  }
  const status = error.statusCode ?? null
  if (status === null || status >= 500 || status === 408) {
    return { kind: "retryable", reason }
  }
  if (status === 429) {
    return { kind: "rate_limited", retryAfterMs: retryAfterMs(headers), reason }
  }
  return { kind: "fatal", reason }
}
