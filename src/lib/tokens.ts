import { createHmac, hkdfSync, timingSafeEqual } from "crypto"
import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError } from "../modules/newsletter/errors"

/** What a link token is for; a token signed for one purpose is refused for the other. */
export type TokenPurpose = "unsubscribe" | "coupon" | "confirm"

/** The signed content of a link token: its purpose plus flat string or number fields. */
export type TokenPayload = { purpose: TokenPurpose; [key: string]: string | number }

const PURPOSES: readonly TokenPurpose[] = ["unsubscribe", "coupon", "confirm"]

/** The keys derived from one link secret: its key id and one HMAC key per purpose. */
export type LinkKey = {
  kid: string
  purposes: Readonly<Record<TokenPurpose, Buffer>>
  /**
   * The secret itself, kept only to verify tokens issued by 0.1 (no key id, HMAC with the raw
   * secret), so links already delivered keep working after the upgrade. Never signs.
   */
  legacySecret: string
}

/**
 * The keys that sign and verify link tokens: the current secret's (which signs every new token)
 * and those of the previous secrets (which still verify, matched by the token's key id).
 */
export type LinkKeyring = {
  currentKid: string
  keys: ReadonlyMap<string, LinkKey>
}

// Far above any real token; verifying stops early on anything longer.
const MAX_TOKEN_LENGTH = 4096
const BASE64URL = /^[A-Za-z0-9_-]+$/
// Separates these derivations from any other use of the same secret (the app's jwtSecret may be it).
const HKDF_SALT = "medusa-plugin-newsletter/link-keys"
// 6 bytes = 8 base64url characters: short in the URL, and two secrets of one keyring won't collide.
const KID_BYTES = 6

function derive(secret: string, info: string, length: number): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, HKDF_SALT, info, length))
}

function hmac(key: Buffer | string, data: string): string {
  return createHmac("sha256", key).update(data).digest("base64url")
}

function assertSecret(secret: string): void {
  if (typeof secret !== "string" || !secret) {
    throw new NewsletterError(
      MedusaError.Types.INVALID_ARGUMENT,
      "link_secret_required",
      "A secret is required to sign and verify newsletter link tokens"
    )
  }
}

function isPayloadValue(value: unknown): value is string | number {
  return typeof value === "string" || (typeof value === "number" && Number.isFinite(value))
}

/**
 * The key id of a link secret: the first bytes of an HKDF output (info `newsletter/key-id`), so
 * it names the secret without revealing it.
 */
export function linkKeyId(secret: string): string {
  assertSecret(secret)
  return derive(secret, "newsletter/key-id", KID_BYTES).toString("base64url")
}

/**
 * Derives the keyring from the current link secret and the previous ones still accepted. Each
 * purpose gets its own HKDF-SHA256 key (info `newsletter/<purpose>`), so the raw secret, which may
 * also sign the app's sessions, never signs a link, and an unsubscribe token never passes as a coupon.
 *
 * @throws MedusaError INVALID_ARGUMENT for an empty secret.
 */
export function createLinkKeyring(current: string, previous: readonly string[] = []): LinkKeyring {
  const keys = new Map<string, LinkKey>()
  for (const secret of [current, ...previous]) {
    const kid = linkKeyId(secret)
    // The current secret comes first: listed again among the previous ones, it stays current.
    if (!keys.has(kid)) {
      const purposes = Object.fromEntries(
        PURPOSES.map((purpose) => [purpose, derive(secret, `newsletter/${purpose}`, 32)])
      ) as Record<TokenPurpose, Buffer>
      keys.set(kid, { kid, purposes, legacySecret: secret })
    }
  }
  return { currentKid: linkKeyId(current), keys }
}

function encodePayload(payload: TokenPayload): string {
  if (!PURPOSES.includes(payload?.purpose)) {
    throw new NewsletterError(
      MedusaError.Types.INVALID_DATA,
      "unknown_token_purpose",
      `Unknown token purpose "${payload?.purpose}". Valid purposes: ${PURPOSES.join(", ")}`,
      { purpose: String(payload?.purpose), valid: PURPOSES }
    )
  }
  const sorted: Record<string, string | number> = {}
  for (const key of Object.keys(payload).sort()) {
    const value = payload[key]
    if (!isPayloadValue(value)) {
      throw new NewsletterError(
        MedusaError.Types.INVALID_DATA,
        "invalid_token_field",
        `Token field "${key}" must be a string or a finite number`,
        { key }
      )
    }
    sorted[key] = value
  }
  return Buffer.from(JSON.stringify(sorted), "utf8").toString("base64url")
}

/**
 * Signs a link token, e.g. for an unsubscribe or coupon URL:
 * `kid + "." + base64url(JSON payload) + "." + base64url(HMAC-SHA256(purpose key, kid "." payload))`.
 *
 * The token is deterministic (keys are sorted, there is no nonce), so re-rendering a mail on
 * a retry gives the same link, as long as it is signed with the same `kid` (freeze it when a
 * send starts). It is not encrypted: put only ids in the payload. It does not expire: add an
 * `exp` field and check it after {@link verifyLinkToken} where that matters.
 *
 * @param kid the key to sign with; the current one unless given.
 * @throws MedusaError INVALID_DATA for an unknown purpose or a value that is not a string or
 * finite number; INVALID_ARGUMENT when `kid` is not in the keyring (its secret was removed from
 * `previousLinkSecrets`: a mail signed with it can't be rebuilt identically).
 *
 * @example
 * signLinkToken({ purpose: "unsubscribe", r: "nlrcp_123" }, keyring)
 */
export function signLinkToken(
  payload: TokenPayload,
  keyring: LinkKeyring,
  kid: string = keyring.currentKid
): string {
  const key = keyring.keys.get(kid)
  if (!key) {
    throw new NewsletterError(
      MedusaError.Types.INVALID_ARGUMENT,
      "link_key_not_configured",
      `The link key "${kid}" is not configured: keep its secret in the newsletter plugin's previousLinkSecrets option`,
      { kid }
    )
  }
  const signed = `${kid}.${encodePayload(payload)}`
  return `${signed}.${hmac(key.purposes[payload.purpose], signed)}`
}

// Compare signatures as text: decoding would accept several spellings of the same bytes.
function sameSignature(expected: string, actual: string): boolean {
  const a = Buffer.from(actual, "utf8")
  const e = Buffer.from(expected, "utf8")
  return a.length === e.length && timingSafeEqual(a, e)
}

function decodePayload(encoded: string, purpose: TokenPurpose): TokenPayload | null {
  let payload: unknown
  try {
    payload = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"))
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

/**
 * Verifies a link token made by {@link signLinkToken} and returns its payload, or null when the
 * token is malformed, its payload, key id or signature was altered, its key id is unknown, or it
 * was signed for another purpose. Never throws on untrusted input.
 *
 * A token of 0.1 (`payload.signature`, no key id, HMAC with the raw secret) is still accepted
 * when the current or a previous secret signed it, so links delivered before the upgrade work
 * until that secret leaves the keyring.
 *
 * The signature is compared in constant time, before the payload is parsed.
 */
export function verifyLinkToken(
  token: string,
  keyring: LinkKeyring,
  purpose: TokenPurpose
): TokenPayload | null {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) {
    return null
  }
  const parts = token.split(".")
  if (!parts.every((part) => BASE64URL.test(part))) {
    return null
  }
  if (parts.length === 3) {
    const [kid, encoded, signature] = parts
    const key = keyring.keys.get(kid)
    if (!key || !PURPOSES.includes(purpose)) {
      return null
    }
    const valid = sameSignature(hmac(key.purposes[purpose], `${kid}.${encoded}`), signature)
    return valid ? decodePayload(encoded, purpose) : null
  }
  if (parts.length === 2) {
    const [encoded, signature] = parts
    for (const key of keyring.keys.values()) {
      if (sameSignature(hmac(key.legacySecret, encoded), signature)) {
        return decodePayload(encoded, purpose)
      }
    }
  }
  return null
}
