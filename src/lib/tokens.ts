import { createHmac, timingSafeEqual } from "crypto"
import { MedusaError } from "@medusajs/framework/utils"

/** What a link token is for; a token signed for one purpose is refused for the other. */
export type TokenPurpose = "unsubscribe" | "coupon"

/** The signed content of a link token: its purpose plus flat string or number fields. */
export type TokenPayload = { purpose: TokenPurpose; [key: string]: string | number }

const PURPOSES: readonly string[] = ["unsubscribe", "coupon"]

// Far above any real token; verifying stops early on anything longer.
const MAX_TOKEN_LENGTH = 4096
const BASE64URL = /^[A-Za-z0-9_-]+$/

function sign(encodedPayload: string, secret: string): string {
  return createHmac("sha256", secret).update(encodedPayload).digest("base64url")
}

function assertSecret(secret: string): void {
  if (typeof secret !== "string" || !secret) {
    throw new MedusaError(
      MedusaError.Types.INVALID_ARGUMENT,
      "A secret is required to sign and verify newsletter link tokens"
    )
  }
}

function isPayloadValue(value: unknown): value is string | number {
  return typeof value === "string" || (typeof value === "number" && Number.isFinite(value))
}

/**
 * Signs a link token, e.g. for an unsubscribe or coupon URL:
 * `base64url(JSON payload) + "." + base64url(HMAC-SHA256(secret, first part))`.
 *
 * The token is deterministic (keys are sorted, there is no nonce), so re-rendering a mail on
 * a retry gives the same link. It is not encrypted: put only ids in the payload. It does not
 * expire: add an `exp` field and check it after {@link verifyToken} where that matters.
 *
 * @throws MedusaError INVALID_DATA for an unknown purpose or a value that is not a string or
 * finite number; INVALID_ARGUMENT for an empty secret.
 *
 * @example
 * signToken({ purpose: "unsubscribe", subscriber_id: "nlsub_123" }, secret)
 */
export function signToken(payload: TokenPayload, secret: string): string {
  assertSecret(secret)
  if (!PURPOSES.includes(payload?.purpose)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Unknown token purpose "${payload?.purpose}". Valid purposes: ${PURPOSES.join(", ")}`
    )
  }
  const sorted: Record<string, string | number> = {}
  for (const key of Object.keys(payload).sort()) {
    const value = payload[key]
    if (!isPayloadValue(value)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Token field "${key}" must be a string or a finite number`
      )
    }
    sorted[key] = value
  }
  const encoded = Buffer.from(JSON.stringify(sorted), "utf8").toString("base64url")
  return `${encoded}.${sign(encoded, secret)}`
}

/**
 * Verifies a link token made by {@link signToken} and returns its payload, or null when the
 * token is malformed, its payload or signature was altered, it was signed with another secret,
 * or it was signed for another purpose. Never throws on untrusted input.
 *
 * The signature is compared in constant time, before the payload is parsed.
 *
 * @throws MedusaError INVALID_ARGUMENT for an empty secret (a configuration error).
 */
export function verifyToken(
  token: string,
  secret: string,
  purpose: TokenPurpose
): TokenPayload | null {
  assertSecret(secret)
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) {
    return null
  }
  const parts = token.split(".")
  if (parts.length !== 2 || !BASE64URL.test(parts[0]) || !BASE64URL.test(parts[1])) {
    return null
  }
  // Compare the signatures as text: decoding would accept several spellings of the same bytes.
  const expected = Buffer.from(sign(parts[0], secret), "utf8")
  const actual = Buffer.from(parts[1], "utf8")
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return null
  }
  let payload: unknown
  try {
    payload = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"))
  } catch {
    return null
  }
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    return null
  }
  const fields = payload as Record<string, unknown>
  if (fields.purpose !== purpose || !Object.values(fields).every(isPayloadValue)) {
    return null
  }
  return fields as TokenPayload
}
