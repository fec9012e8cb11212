import { Resend } from "resend"
import { classifyResendError } from "./classify-resend-error"
import type { BatchOutcome, MessageResult, NewsletterTransport, OutgoingMessage } from "./types"

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

  async sendBatch(messages: OutgoingMessage[], idempotencyKey?: string): Promise<BatchOutcome> {
    let response: Awaited<ReturnType<Resend["batch"]["send"]>>
    try {
      response = await this.client_.batch.send(
        messages.map((m) => ({
          from: m.from,
          to: [m.to],
          subject: m.subject,
          ...(m.html !== null ? { html: m.html } : {}),
          text: m.text,
          headers: m.headers,
          tags: m.tags,
        })),
        {
          idempotencyKey,
          batchValidation: "permissive",
          // A hung request must not hold the batch's lease: an unknown outcome is retried with the key.
          signal: AbortSignal.timeout(this.timeoutMs_),
        }
      )
    } catch (e) {
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
