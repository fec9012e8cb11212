import { createHmac, randomUUID } from "node:crypto"

export const TEST_WEBHOOK_SECRET =
  "whsec_" + Buffer.from("test-webhook-signing-key-0123456789").toString("base64")

/**
 * Signs a webhook body the way Resend does (Standard Webhooks, as Svix): HMAC-SHA256 with the
 * base64-decoded secret over `${id}.${timestamp}.${body}`, header `v1,<base64>`. Written here from
 * the scheme, independently of the library the plugin verifies with.
 */
export function signWebhook(
  body: string,
  options: { secret?: string; id?: string; timestamp?: number } = {}
) {
  const secret = options.secret ?? TEST_WEBHOOK_SECRET
  const id = options.id ?? `msg_${randomUUID()}`
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000))
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64")
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")
  return {
    "content-type": "application/json",
    "svix-id": id,
    "svix-timestamp": timestamp,
    "svix-signature": `v1,${signature}`,
  }
}

/** A Resend webhook event for one accepted message of the stand-in. */
export function resendEvent(
  type: string,
  message: { id: string; to: string[]; tags?: Array<{ name: string; value: string }> },
  data: Record<string, unknown> = {}
) {
  return {
    type,
    created_at: new Date().toISOString(),
    data: {
      email_id: message.id,
      created_at: new Date().toISOString(),
      from: "テストショップ <news@shop.example>",
      to: message.to,
      subject: "test",
      tags: Object.fromEntries((message.tags ?? []).map((t) => [t.name, t.value])),
      ...data,
    },
  }
}
