import { Resend } from "resend"
import { classifyResendError } from "./classify-resend-error"
import {
  isDeferred,
  type BatchOutcome,
  type DeferredMessage,
  type MailContent,
  type MailToSend,
  type MessageResult,
  type NewsletterTransport,
} from "./types"

/** One mail of the SDK's batch.send, as its types describe it. */
type SdkEmail = Parameters<Resend["batch"]["send"]>[0][number]

export type ResendTransportOptions = { apiKey: string; baseUrl?: string; timeoutMs?: number }

/**
 * Sends through Resend's batch API (one request per ≤100 mails) with an Idempotency-Key, in
 * permissive mode so that one bad address fails alone instead of failing its 99 neighbours.
 */
export class ResendTransport implements NewsletterTransport {
  readonly name = "resend" as const
  readonly description: string
  protected readonly client_: Resend
  protected readonly timeoutMs_: number

  constructor(options: ResendTransportOptions) {
    this.timeoutMs_ = options.timeoutMs ?? 30_000
    this.client_ = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined)
    this.description = `Resend (${options.baseUrl ?? "https://api.resend.com"})`
  }

  async sendBatch(messages: readonly MailToSend[], idempotencyKey?: string): Promise<BatchOutcome> {
    let response: Awaited<ReturnType<Resend["batch"]["send"]>>
    const rendering: RenderingFailure = { error: null }
    try {
      response = await this.client_.batch.send(
        messages.map((m) => sdkEmail(m, rendering)),
        {
          idempotencyKey,
          batchValidation: "permissive",
          // A hung request must not hold the batch's lease: an unknown outcome is retried with the key.
          signal: AbortSignal.timeout(this.timeoutMs_),
        }
      )
    } catch (e) {
      if (rendering.error) {
        // A mail failed to render while the SDK serialized the batch: nothing was sent, and it is
        // the plugin's error, not the network's.
        throw rendering.error
      }
      // The SDK returns errors rather than throwing; anything thrown is a transport failure.
      return { kind: "retryable", reason: `network_error: ${(e as Error).message}` }
    }
    if (response.error) {
      return classifyResendError(response.error, response.headers)
    }
    return { kind: "accepted", results: mapBatchResults(messages.length, response.data) }
  }
}

/**
 * Resend answers a permissive batch with the ids of the accepted mails, in request order, and the
 * indexes of the refused ones; this puts each answer back next to its message.
 */
export function mapBatchResults(
  count: number,
  data: { data?: Array<{ id: string }>; errors?: Array<{ index: number; message: string }> }
): MessageResult[] {
  const refused = new Map((data.errors ?? []).map((e) => [e.index, e.message]))
  const ids = [...(data.data ?? [])]
  const results: MessageResult[] = []
  for (let index = 0; index < count; index++) {
    const message = refused.get(index)
    if (message !== undefined) {
      results.push({ error: message })
      continue
    }
    const accepted = ids.shift()
    results.push(accepted ? { id: accepted.id } : { error: "no id returned by the provider" })
  }
  return results
}

/** Set when a deferred mail's rendering threw inside the SDK's serialization of the batch. */
type RenderingFailure = { error: unknown }

function sdkEmail(message: MailToSend, rendering: RenderingFailure): SdkEmail {
  const { subject, html, text } = isDeferred(message) ? deferredContent(message, rendering) : message
  return {
    from: message.from,
    to: [message.to],
    subject,
    ...(html !== null ? { html } : {}),
    text,
    headers: message.headers,
    tags: message.tags,
  }
}

/**
 * A string field of the SDK's request that is produced only when the SDK's `JSON.stringify`
 * writes the request body: `JSON.stringify` calls `toJSON` and writes the string it returns, so
 * the body is byte for byte the one the rendered string would give. The SDK copies its emails'
 * fields by reference (`{ ...email }`, then its snake_case mapping) before it serializes them.
 * Covered by a test comparing the body the stand-in receives with the eagerly rendered one.
 */
class SerializedOnDemand {
  constructor(private readonly produce: () => string) {}

  toJSON(): string {
    return this.produce()
  }
}

// The SDK's types say string; the value serializes as one (see SerializedOnDemand).
const onDemand = (produce: () => string): string => new SerializedOnDemand(produce) as unknown as string

/**
 * A deferred mail's fields for the SDK: the mail renders when the first of them is serialized
 * and is let go once all of them were, so its strings live only inside the serialization of the
 * batch (and die in V8's young generation) instead of through the wait for the provider's answer.
 */
function deferredContent(
  message: DeferredMessage,
  rendering: RenderingFailure
): { subject: string; html: string | null; text: string } {
  const fields = message.hasHtml ? 3 : 2
  let content: MailContent | null = null
  let read = 0
  const field = (pick: (c: MailContent) => string | null) =>
    onDemand(() => {
      try {
        content ??= message.render()
        const value = pick(content)
        if (value === null) {
          throw new Error(`a deferred mail to ${message.to} rendered no HTML part although hasHtml is set`)
        }
        return value
      } catch (e) {
        rendering.error ??= e
        throw e
      } finally {
        if (++read >= fields) {
          content = null
          read = 0
        }
      }
    })
  return {
    subject: field((c) => c.subject),
    html: message.hasHtml ? field((c) => c.html) : null,
    text: field((c) => c.text),
  }
}
