import { createHash, createHmac, hkdfSync } from "crypto"
import { MedusaError } from "@medusajs/framework/utils"
import {
  createLinkKeyring,
  linkKeyId,
  signLinkToken,
  TokenPayload,
  TokenPurpose,
  verifyLinkToken,
} from "../tokens"

const SECRET = "test-secret-0123456789abcdef-0123456789"
const OLD_SECRET = "old-secret-0123456789abcdef-0123456789"
const keyring = createLinkKeyring(SECRET)

const payload: TokenPayload = { purpose: "unsubscribe", subscriber_id: "nlsub_01", campaign: 7 }

const b64 = (json: string) => Buffer.from(json).toString("base64url")

function hmac(text: string, key: string | Buffer): string {
  return createHmac("sha256", key).update(text).digest("base64url")
}

/** The key of one purpose, derived here from the specification rather than from the code. */
function purposeKey(secret: string, purpose: TokenPurpose): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "medusa-plugin-newsletter/link-keys", `newsletter/${purpose}`, 32))
}

/** A token as 0.1 issued it: no key id, HMAC with the raw secret. */
function legacyToken(json: string, secret: string): string {
  return `${b64(json)}.${hmac(b64(json), secret)}`
}

function errorOf(fn: () => unknown): MedusaError {
  try {
    fn()
  } catch (e) {
    return e as MedusaError
  }
  throw new Error("expected an error")
}

describe("link tokens", () => {
  describe("linkKeyId", () => {
    it("should be the first 6 bytes of HKDF(secret, info newsletter/key-id), 8 base64url characters", () => {
      const expected = Buffer.from(
        hkdfSync("sha256", SECRET, "medusa-plugin-newsletter/link-keys", "newsletter/key-id", 6)
      ).toString("base64url")
      expect(linkKeyId(SECRET)).toBe(expected)
      expect(linkKeyId(SECRET)).toMatch(/^[A-Za-z0-9_-]{8}$/)
    })

    it("should differ between secrets and reveal nothing of the secret's hash", () => {
      expect(linkKeyId(OLD_SECRET)).not.toBe(linkKeyId(SECRET))
      const plainHash = createHash("sha256").update(SECRET).digest("base64url")
      expect(plainHash.startsWith(linkKeyId(SECRET))).toBe(false)
    })

    it("should refuse an empty secret", () => {
      const error = errorOf(() => linkKeyId(""))
      expect(error.type).toBe(MedusaError.Types.INVALID_ARGUMENT)
      expect(error.message).toBe("A secret is required to sign and verify newsletter link tokens")
    })
  })

  describe("createLinkKeyring", () => {
    it("should make the first secret current and keep every previous one by its key id", () => {
      const ring = createLinkKeyring(SECRET, [OLD_SECRET])
      expect(ring.currentKid).toBe(linkKeyId(SECRET))
      expect([...ring.keys.keys()]).toEqual([linkKeyId(SECRET), linkKeyId(OLD_SECRET)])
    })

    it("should keep the current secret current when it is also listed among the previous ones", () => {
      const ring = createLinkKeyring(SECRET, [SECRET, OLD_SECRET, OLD_SECRET])
      expect(ring.currentKid).toBe(linkKeyId(SECRET))
      expect(ring.keys.size).toBe(2)
    })

    it("should derive one HKDF-SHA256 key per purpose, none equal to the secret", () => {
      const key = keyring.keys.get(keyring.currentKid)!
      expect(key.purposes.unsubscribe).toEqual(purposeKey(SECRET, "unsubscribe"))
      expect(key.purposes.coupon).toEqual(purposeKey(SECRET, "coupon"))
      expect(key.purposes.unsubscribe.equals(key.purposes.coupon)).toBe(false)
      expect(key.purposes.unsubscribe.equals(Buffer.from(SECRET))).toBe(false)
    })
  })

  describe("signLinkToken", () => {
    it("should sign kid.base64url(JSON with sorted keys) with the purpose's derived key", () => {
      const kid = linkKeyId(SECRET)
      const signed = `${kid}.${b64('{"campaign":7,"purpose":"unsubscribe","subscriber_id":"nlsub_01"}')}`
      expect(signLinkToken(payload, keyring)).toBe(`${signed}.${hmac(signed, purposeKey(SECRET, "unsubscribe"))}`)
    })

    it("should give the same token for the same payload, whatever the key order", () => {
      const reordered: TokenPayload = { campaign: 7, subscriber_id: "nlsub_01", purpose: "unsubscribe" }
      expect(signLinkToken(payload, keyring)).toBe(signLinkToken(payload, keyring))
      expect(signLinkToken(reordered, keyring)).toBe(signLinkToken(payload, keyring))
      // A keyring derived again from the same secret (another process, a restart) agrees.
      expect(signLinkToken(payload, createLinkKeyring(SECRET, [OLD_SECRET]))).toBe(signLinkToken(payload, keyring))
    })

    it("should give another token for another secret", () => {
      expect(signLinkToken(payload, createLinkKeyring(OLD_SECRET))).not.toBe(signLinkToken(payload, keyring))
    })

    it("should sign with a previous key when its id is given (a send that froze it), else with the current one", () => {
      const ring = createLinkKeyring(SECRET, [OLD_SECRET])
      const withOld = signLinkToken(payload, ring, linkKeyId(OLD_SECRET))
      expect(withOld).toBe(signLinkToken(payload, createLinkKeyring(OLD_SECRET)))
      expect(signLinkToken(payload, ring)).toBe(signLinkToken(payload, keyring))
    })

    it("should refuse a key id that is not in the keyring", () => {
      const error = errorOf(() => signLinkToken(payload, keyring, linkKeyId(OLD_SECRET)))
      expect(error.type).toBe(MedusaError.Types.INVALID_ARGUMENT)
      expect(error.message).toBe(
        `The link key "${linkKeyId(OLD_SECRET)}" is not configured: keep its secret in the newsletter plugin's previousLinkSecrets option`
      )
    })

    it("should refuse an unknown purpose", () => {
      const error = errorOf(() => signLinkToken({ purpose: "login" } as unknown as TokenPayload, keyring))
      expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error.message).toBe('Unknown token purpose "login". Valid purposes: unsubscribe, coupon, confirm')
    })

    it.each([NaN, Infinity, { a: 1 }, null])("should refuse a field holding %p", (value) => {
      const error = errorOf(() =>
        signLinkToken({ purpose: "coupon", x: value } as unknown as TokenPayload, keyring)
      )
      expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error.message).toBe('Token field "x" must be a string or a finite number')
    })

    it("should refuse to build a keyring from an empty secret", () => {
      expect(() => createLinkKeyring("")).toThrow("A secret is required to sign and verify newsletter link tokens")
      expect(() => createLinkKeyring(SECRET, [""])).toThrow(
        "A secret is required to sign and verify newsletter link tokens"
      )
    })
  })

  describe("verifyLinkToken", () => {
    const token = signLinkToken(payload, keyring)
    const [kid, body, signature] = token.split(".")

    it("should return the payload of a valid token", () => {
      expect(verifyLinkToken(token, keyring, "unsubscribe")).toEqual({
        campaign: 7,
        purpose: "unsubscribe",
        subscriber_id: "nlsub_01",
      })
    })

    it("should round-trip a coupon token with non-ASCII values", () => {
      const coupon: TokenPayload = { purpose: "coupon", promotion_id: "promo_春", customer_id: "cus_1" }
      expect(verifyLinkToken(signLinkToken(coupon, keyring), keyring, "coupon")).toEqual(coupon)
    })

    it("should refuse a token signed for another purpose", () => {
      expect(verifyLinkToken(token, keyring, "coupon")).toBeNull()
    })

    it("should refuse an unsubscribe token relabelled as a coupon, even signed for it: the purpose keys differ", () => {
      // The coupon key signs the same payload; the payload still says unsubscribe.
      const signedByCoupon = `${kid}.${body}.${hmac(`${kid}.${body}`, purposeKey(SECRET, "coupon"))}`
      expect(verifyLinkToken(signedByCoupon, keyring, "unsubscribe")).toBeNull()
      expect(verifyLinkToken(signedByCoupon, keyring, "coupon")).toBeNull()
      // A coupon payload signed with the unsubscribe key is no coupon token either.
      const couponBody = b64('{"purpose":"coupon","r":"nlrcp_1"}')
      const wrongKey = `${kid}.${couponBody}.${hmac(`${kid}.${couponBody}`, purposeKey(SECRET, "unsubscribe"))}`
      expect(verifyLinkToken(wrongKey, keyring, "coupon")).toBeNull()
    })

    it("should refuse a token signed with the raw secret instead of the derived key", () => {
      const raw = `${kid}.${body}.${hmac(`${kid}.${body}`, SECRET)}`
      expect(verifyLinkToken(raw, keyring, "unsubscribe")).toBeNull()
    })

    it("should refuse a token signed with another secret, or with an unknown key id", () => {
      expect(verifyLinkToken(token, createLinkKeyring(OLD_SECRET), "unsubscribe")).toBeNull()
      const unknown = signLinkToken(payload, createLinkKeyring("unknown-secret-0123456789abcdef-01234"))
      expect(verifyLinkToken(unknown, keyring, "unsubscribe")).toBeNull()
    })

    it("should refuse a token whose key id was swapped for another one of the keyring", () => {
      const ring = createLinkKeyring(SECRET, [OLD_SECRET])
      const relabelled = `${linkKeyId(OLD_SECRET)}.${body}.${signature}`
      expect(verifyLinkToken(relabelled, ring, "unsubscribe")).toBeNull()
    })

    it("should accept a token of a previous secret, matched by its key id, until that secret is removed", () => {
      const old = signLinkToken(payload, createLinkKeyring(OLD_SECRET))
      expect(verifyLinkToken(old, createLinkKeyring(SECRET, [OLD_SECRET]), "unsubscribe")).toEqual(payload)
      expect(verifyLinkToken(old, createLinkKeyring(SECRET), "unsubscribe")).toBeNull()
    })

    describe("tokens issued by 0.1 (no key id, HMAC with the raw secret)", () => {
      const json = '{"purpose":"unsubscribe","r":"nlrcp_1"}'

      it("should accept one signed with the current or a previous secret", () => {
        const ring = createLinkKeyring(SECRET, [OLD_SECRET])
        const expected = { purpose: "unsubscribe", r: "nlrcp_1" }
        expect(verifyLinkToken(legacyToken(json, SECRET), ring, "unsubscribe")).toEqual(expected)
        expect(verifyLinkToken(legacyToken(json, OLD_SECRET), ring, "unsubscribe")).toEqual(expected)
      })

      it("should refuse one whose secret left the keyring, or signed for another purpose", () => {
        expect(verifyLinkToken(legacyToken(json, OLD_SECRET), keyring, "unsubscribe")).toBeNull()
        expect(verifyLinkToken(legacyToken(json, SECRET), keyring, "coupon")).toBeNull()
      })

      it("should refuse one with an altered payload or signature", () => {
        const [legacyBody, legacySignature] = legacyToken(json, SECRET).split(".")
        const forged = b64('{"purpose":"unsubscribe","r":"nlrcp_2"}')
        expect(verifyLinkToken(`${forged}.${legacySignature}`, keyring, "unsubscribe")).toBeNull()
        const flipped = legacySignature.slice(0, -1) + (legacySignature.endsWith("A") ? "B" : "A")
        expect(verifyLinkToken(`${legacyBody}.${flipped}`, keyring, "unsubscribe")).toBeNull()
      })

      it("should refuse one signed with a derived key instead of the raw secret", () => {
        const derived = `${b64(json)}.${hmac(b64(json), purposeKey(SECRET, "unsubscribe"))}`
        expect(verifyLinkToken(derived, keyring, "unsubscribe")).toBeNull()
      })
    })

    it("should refuse an altered payload", () => {
      const forged = b64('{"campaign":7,"purpose":"unsubscribe","subscriber_id":"nlsub_02"}')
      expect(verifyLinkToken(`${kid}.${forged}.${signature}`, keyring, "unsubscribe")).toBeNull()
    })

    it("should refuse an altered signature, including its last character", () => {
      const flip = (c: string) => (c === "A" ? "B" : "A")
      const first = flip(signature[0]) + signature.slice(1)
      const last = signature.slice(0, -1) + flip(signature[signature.length - 1])
      const at = (sig: string) => verifyLinkToken(`${kid}.${body}.${sig}`, keyring, "unsubscribe")
      expect(at(first)).toBeNull()
      expect(at(last)).toBeNull()
      expect(at(`${signature}A`)).toBeNull()
      expect(at(signature.slice(0, -1))).toBeNull()
    })

    it.each([
      "",
      ".",
      "abc",
      `${"a".repeat(5000)}.${"b".repeat(43)}`,
      "a.b.c",
      "!!!.???",
      `${kid}.${body}.${signature}.x`,
      `${kid}.${body}=.${signature}`,
      `${kid}.${body} .${signature}`,
      `.${body}.${signature}`,
    ])("should refuse the malformed token %p", (garbage) => {
      expect(verifyLinkToken(garbage, keyring, "unsubscribe")).toBeNull()
    })

    it.each([undefined, null, 42, {}])("should refuse a token that is not a string (%p)", (value) => {
      expect(verifyLinkToken(value as unknown as string, keyring, "unsubscribe")).toBeNull()
    })

    it.each([
      ["text that is not JSON", "not json"],
      ["a JSON array", '["unsubscribe"]'],
      ["JSON null", "null"],
      ["a nested value", '{"purpose":"unsubscribe","x":{"y":1}}'],
    ])("should refuse a correctly signed payload holding %s", (_label, json) => {
      const signed = `${kid}.${b64(json)}`
      const token = `${signed}.${hmac(signed, purposeKey(SECRET, "unsubscribe"))}`
      expect(verifyLinkToken(token, keyring, "unsubscribe")).toBeNull()
      expect(verifyLinkToken(legacyToken(json, SECRET), keyring, "unsubscribe")).toBeNull()
    })
  })
})
