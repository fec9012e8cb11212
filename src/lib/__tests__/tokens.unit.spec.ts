import { createHmac } from "crypto"
import { MedusaError } from "@medusajs/framework/utils"
import { signToken, TokenPayload, verifyToken } from "../tokens"

const SECRET = "test-secret-0123456789abcdef"

const payload: TokenPayload = { purpose: "unsubscribe", subscriber_id: "nlsub_01", campaign: 7 }

function hmac(text: string, secret = SECRET): string {
  return createHmac("sha256", secret).update(text).digest("base64url")
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
  describe("signToken", () => {
    it("should sign base64url(JSON with sorted keys) with HMAC-SHA256", () => {
      const body = Buffer.from(
        '{"campaign":7,"purpose":"unsubscribe","subscriber_id":"nlsub_01"}'
      ).toString("base64url")
      expect(signToken(payload, SECRET)).toBe(`${body}.${hmac(body)}`)
    })

    it("should give the same token for the same payload, whatever the key order", () => {
      const reordered: TokenPayload = { campaign: 7, subscriber_id: "nlsub_01", purpose: "unsubscribe" }
      expect(signToken(payload, SECRET)).toBe(signToken(payload, SECRET))
      expect(signToken(reordered, SECRET)).toBe(signToken(payload, SECRET))
    })

    it("should give another token for another secret", () => {
      expect(signToken(payload, "another-secret")).not.toBe(signToken(payload, SECRET))
    })

    it("should refuse an unknown purpose", () => {
      const error = errorOf(() =>
        signToken({ purpose: "login" } as unknown as TokenPayload, SECRET)
      )
      expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error.message).toBe('Unknown token purpose "login". Valid purposes: unsubscribe, coupon')
    })

    it.each([NaN, Infinity, { a: 1 }, null])("should refuse a field holding %p", (value) => {
      const error = errorOf(() =>
        signToken({ purpose: "coupon", x: value } as unknown as TokenPayload, SECRET)
      )
      expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error.message).toBe('Token field "x" must be a string or a finite number')
    })

    it("should refuse an empty secret", () => {
      const error = errorOf(() => signToken(payload, ""))
      expect(error.type).toBe(MedusaError.Types.INVALID_ARGUMENT)
      expect(error.message).toBe("A secret is required to sign and verify newsletter link tokens")
      expect(() => verifyToken("a.b", "", "coupon")).toThrow(
        "A secret is required to sign and verify newsletter link tokens"
      )
    })
  })

  describe("verifyToken", () => {
    const token = signToken(payload, SECRET)
    const [body, signature] = token.split(".")

    it("should return the payload of a valid token", () => {
      expect(verifyToken(token, SECRET, "unsubscribe")).toEqual({
        campaign: 7,
        purpose: "unsubscribe",
        subscriber_id: "nlsub_01",
      })
    })

    it("should round-trip a coupon token with non-ASCII values", () => {
      const coupon: TokenPayload = { purpose: "coupon", promotion_id: "promo_春", customer_id: "cus_1" }
      expect(verifyToken(signToken(coupon, SECRET), SECRET, "coupon")).toEqual(coupon)
    })

    it("should refuse a token signed for another purpose", () => {
      expect(verifyToken(token, SECRET, "coupon")).toBeNull()
    })

    it("should refuse a token signed with another secret", () => {
      expect(verifyToken(token, "another-secret", "unsubscribe")).toBeNull()
    })

    it("should refuse an altered payload", () => {
      const forged = Buffer.from(
        '{"campaign":7,"purpose":"unsubscribe","subscriber_id":"nlsub_02"}'
      ).toString("base64url")
      expect(verifyToken(`${forged}.${signature}`, SECRET, "unsubscribe")).toBeNull()
    })

    it("should refuse a payload re-labelled for another purpose", () => {
      const relabelled = Buffer.from(
        '{"campaign":7,"purpose":"coupon","subscriber_id":"nlsub_01"}'
      ).toString("base64url")
      expect(verifyToken(`${relabelled}.${signature}`, SECRET, "coupon")).toBeNull()
    })

    it("should refuse an altered signature, including its last character", () => {
      const flip = (c: string) => (c === "A" ? "B" : "A")
      const first = flip(signature[0]) + signature.slice(1)
      const last = signature.slice(0, -1) + flip(signature[signature.length - 1])
      expect(verifyToken(`${body}.${first}`, SECRET, "unsubscribe")).toBeNull()
      expect(verifyToken(`${body}.${last}`, SECRET, "unsubscribe")).toBeNull()
      expect(verifyToken(`${body}.${signature}A`, SECRET, "unsubscribe")).toBeNull()
      expect(verifyToken(`${body}.${signature.slice(0, -1)}`, SECRET, "unsubscribe")).toBeNull()
    })

    it.each([
      "",
      ".",
      "abc",
      `${"a".repeat(5000)}.${"b".repeat(43)}`,
      "a.b.c",
      "!!!.???",
      `${body}.${signature}.x`,
      `${body}=.${signature}`,
      `${body} .${signature}`,
    ])("should refuse the malformed token %p", (garbage) => {
      expect(verifyToken(garbage, SECRET, "unsubscribe")).toBeNull()
    })

    it.each([undefined, null, 42, {}])("should refuse a token that is not a string (%p)", (value) => {
      expect(verifyToken(value as unknown as string, SECRET, "unsubscribe")).toBeNull()
    })

    it.each([
      ["text that is not JSON", "not json"],
      ["a JSON array", '["unsubscribe"]'],
      ["JSON null", "null"],
      ["a nested value", '{"purpose":"unsubscribe","x":{"y":1}}'],
    ])("should refuse a correctly signed payload holding %s", (_label, json) => {
      const signedBody = Buffer.from(json).toString("base64url")
      expect(verifyToken(`${signedBody}.${hmac(signedBody)}`, SECRET, "unsubscribe")).toBeNull()
    })
  })
})
