import path from "node:path"
import type { ResolvedNewsletterOptions } from "../../modules/newsletter/options"
import { OutboxTransport } from "./outbox-transport"
import { ResendTransport } from "./resend-transport"
import type { NewsletterTransport } from "./types"

export * from "./types"

const cache = new Map<string, NewsletterTransport>()

/**
 * The transport the options choose: Resend whenever an API key is configured, otherwise the
 * outbox folder. One instance per configuration and process (the Resend client keeps connections).
 */
export function getTransport(options: ResolvedNewsletterOptions): NewsletterTransport {
  const key = JSON.stringify([
    options.resend?.apiKey,
    options.resend?.baseUrl,
    options.resend?.timeoutSeconds,
    options.outboxDir,
  ])
  let transport = cache.get(key)
  if (!transport) {
    transport = options.resend
      ? new ResendTransport({
          apiKey: options.resend.apiKey,
          baseUrl: options.resend.baseUrl,
          timeoutMs: options.resend.timeoutSeconds * 1000,
        })
      : new OutboxTransport(path.resolve(options.outboxDir))
    cache.set(key, transport)
  }
  return transport
}
