import { createHmac, timingSafeEqual } from "node:crypto"

/** How far a webhook's timestamp may be from now, either way (Standard Webhooks: 5 minutes). */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60

/** The Standard Webhooks headers Resend (Svix) sends with each webhook. */
export type WebhookSignatureHeaders = {
  id: string | undefined
  timestamp: string | undefined
  signature: string | undefined
}

/** Checks one webhook's signature; `nowSeconds` is the Unix time to judge the timestamp by. */
export type WebhookVerifier = (headers: WebhookSignatureHeaders, rawBody: Buffer, nowSeconds: number) => boolean

const SIGNATURE_BYTES = 32
const verifiers = new Map<string, WebhookVerifier>()

/**
 * The verifier of a Standard Webhooks signing secret (`whsec_` + base64 of the key), as Resend
 * signs with it: HMAC-SHA256 over `${id}.${timestamp}.${body}`, sent as space-separated `v1,<base64>`
 * entries, the timestamp within ±{@link WEBHOOK_TOLERANCE_SECONDS}. The key is decoded once per
 * secret and every request costs one HMAC (Node's crypto) over the raw bytes, with no copy of the
 * body into a string and no second JSON parse (the `standardwebhooks` package behind
 * `resend.webhooks.verify` decodes the key, hashes in JavaScript and parses the body on each call).
 */
export function webhookVerifier(secret: string): WebhookVerifier {
  let verify = verifiers.get(secret)
  if (!verify) {
    verify = createVerifier(secret)
    // One secret per app in practice; a rotation adds one more entry, never an unbounded number.
    if (verifiers.size >= 8) {
      verifiers.clear()
    }
    verifiers.set(secret, verify)
  }
  return verify
}

function createVerifier(secret: string): WebhookVerifier {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64")
  return ({ id, timestamp, signature }, rawBody, nowSeconds) => {
    // An empty key (a secret of "whsec_" alone) verifies nothing.
    if (!key.length || !id || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) {
      return false
    }
    if (Math.abs(nowSeconds - Number(timestamp)) > WEBHOOK_TOLERANCE_SECONDS) {
      return false
    }
    const expected = createHmac("sha256", key).update(`${id}.${timestamp}.`).update(rawBody).digest()
    for (const entry of signature.split(" ")) {
      const comma = entry.indexOf(",")
      if (comma < 0 || entry.slice(0, comma) !== "v1") {
        continue
      }
      const given = Buffer.from(entry.slice(comma + 1), "base64")
      if (given.length === SIGNATURE_BYTES && timingSafeEqual(given, expected)) {
        return true
      }
    }
    return false
  }
}
