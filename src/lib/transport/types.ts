/** One rendered mail, ready for a transport. */
export type OutgoingMessage = {
  from: string
  to: string
  subject: string
  html: string | null
  text: string
  headers: Record<string, string>
  /** ASCII name/value pairs returned by the provider's webhooks (used to match delivery reports). */
  tags: Array<{ name: string; value: string }>
}

/** Per message of a batch: the provider's id, or why the provider refused that one message. */
export type MessageResult = { id: string } | { error: string }

/**
 * What happened to one batch request. Only `accepted` means the provider has the mails; every
 * other outcome means nothing of this batch was taken (or, for `conflict`, that an earlier attempt
 * with the same key was taken with a different payload).
 */
export type BatchOutcome =
  | { kind: "accepted"; results: MessageResult[] }
  /** Too many requests: try again with the same key after `retryAfterMs`. */
  | { kind: "rate_limited"; retryAfterMs: number; reason: string }
  /** Daily or monthly quota used up: pause the article until a later run succeeds. */
  | { kind: "quota"; reason: string }
  /** Unknown outcome or a passing failure (5xx, timeout, dropped connection): retry, same key. */
  | { kind: "retryable"; reason: string }
  /** A configuration problem no retry will fix (bad API key, unverified from address). */
  | { kind: "fatal"; reason: string }
  /** The key was used before with a different payload: never resend this batch. */
  | { kind: "conflict"; reason: string }

export interface NewsletterTransport {
  /** "resend" or "outbox", shown to the store owner. */
  readonly name: "resend" | "outbox"
  /** Where the mails go, in words (e.g. the outbox folder). */
  readonly description: string
  /**
   * Sends up to 100 messages as one request. With the same key and messages, a retry is answered
   * from the first attempt and sends nothing twice. Never throws for a provider or network error.
   */
  sendBatch(messages: OutgoingMessage[], idempotencyKey?: string): Promise<BatchOutcome>
}
