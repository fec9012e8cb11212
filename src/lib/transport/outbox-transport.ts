import { createHash } from "node:crypto"
import { mkdir, writeFile } from "node:fs/promises"
import path from "node:path"
import MailComposer from "nodemailer/lib/mail-composer"
import { renderedMessage, type BatchOutcome, type MailToSend, type NewsletterTransport } from "./types"

/**
 * Writes each message as an RFC 5322 `.eml` file into a folder instead of sending it, so a shop can
 * try the plugin without a Resend account. The file name is derived from the idempotency key and
 * the message's place in the batch: a retry overwrites the same files, never adds copies.
 */
export class OutboxTransport implements NewsletterTransport {
  readonly name = "outbox" as const
  readonly description: string

  constructor(protected readonly dir_: string) {
    this.description = `outbox folder ${dir_}`
  }

  async sendBatch(messages: readonly MailToSend[], idempotencyKey?: string): Promise<BatchOutcome> {
    try {
      await mkdir(this.dir_, { recursive: true })
      const prefix = idempotencyKey ?? `test-${Date.now()}`
      const results = await Promise.all(
        messages.map(async (mail, index) => {
          const message = renderedMessage(mail)
          const id = `outbox_${createHash("sha256").update(`${prefix}#${index}`).digest("hex").slice(0, 32)}`
          const eml = await new MailComposer({
            from: message.from,
            to: message.to,
            subject: message.subject,
            text: message.text,
            ...(message.html !== null ? { html: message.html } : {}),
            headers: {
              ...message.headers,
              "X-Newsletter-Tags": message.tags.map((t) => `${t.name}=${t.value}`).join("; "),
            },
            messageId: `<${id}@newsletter.outbox>`,
            textEncoding: "base64",
          })
            .compile()
            .build()
          const file = `${prefix.replace(/[^A-Za-z0-9_-]/g, "_")}-${String(index).padStart(3, "0")}.eml`
          await writeFile(path.join(this.dir_, file), eml)
          return { id }
        })
      )
      return { kind: "accepted", results }
    } catch (e) {
      return { kind: "retryable", reason: `outbox_error: ${(e as Error).message}` }
    }
  }
}
