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

/** What one mail says: its subject line and its parts. */
export type MailContent = Pick<OutgoingMessage, "subject" | "html" | "text">

/**
 * A mail whose subject and parts are rendered only when the transport writes its request, and
 * dropped right after: a newsletter batch's 100 rendered mails (megabytes of text) then never
 * wait for a request slot or for the provider's answer (see "Where the dispatch worker's memory
 * went" in the README).
 */
export type DeferredMessage = Omit<OutgoingMessage, "subject" | "html" | "text"> & {
  /** Whether `render()` gives an HTML part (false: `html` is null, a text article). */
  hasHtml: boolean
  /**
   * Renders the mail. Deterministic: every call gives the same strings (a retry of a batch
   * renders it again and must send the identical payload).
   */
  render(): MailContent
}

/** A mail as a transport takes it: rendered, or rendered on demand. */
export type MailToSend = OutgoingMessage | DeferredMessage

export const isDeferred = (message: MailToSend): message is DeferredMessage => "render" in message

/** The mail with its content rendered (a rendered mail as it is). */
export function renderedMessage(message: MailToSend): OutgoingMessage {
  if (!isDeferred(message)) {
    return message
  }
  const { hasHtml: _hasHtml, render, ...envelope } = message
  return { ...envelope, ...render() }
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
  sendBatch(messages: readonly MailToSend[], idempotencyKey?: string): Promise<BatchOutcome>
}
