import { Webhook } from "standardwebhooks"
import { signWebhook, TEST_WEBHOOK_SECRET } from "../../../../integration-tests/helpers/webhooks"
import { WEBHOOK_TOLERANCE_SECONDS, webhookVerifier } from "../signature"

const NOW = 1_800_000_000
const body = JSON.stringify({ type: "email.delivered", data: { email_id: "em_1", to: ["山田@example.com"] } })

function signed(options: { secret?: string; timestamp?: number } = {}) {
  const h = signWebhook(body, { id: "msg_1", timestamp: NOW, ...options })
  return { id: h["svix-id"], timestamp: h["svix-timestamp"], signature: h["svix-signature"] }
}

describe("webhookVerifier", () => {
  const verify = webhookVerifier(TEST_WEBHOOK_SECRET)

  it("should accept a body signed with the secret, as the Standard Webhooks library does", () => {
    const headers = signed()
    expect(verify(headers, Buffer.from(body), NOW)).toBe(true)
    // The reference implementation (behind resend.webhooks.verify) agrees on the same input.
    const reference = new Webhook(TEST_WEBHOOK_SECRET)
    jest.useFakeTimers({ now: NOW * 1000 })
    try {
      expect(
        reference.verify(body, {
          "webhook-id": headers.id,
          "webhook-timestamp": headers.timestamp,
          "webhook-signature": headers.signature,
        })
      ).toEqual(JSON.parse(body))
    } finally {
      jest.useRealTimers()
    }
  })

  it("should accept the matching entry among several signatures", () => {
    const headers = signed()
    const other = signed({ secret: "whsec_" + Buffer.from("another-key-0123456789").toString("base64") })
    expect(verify({ ...headers, signature: `v1,AAAA ${other.signature} v2,x ${headers.signature}` }, Buffer.from(body), NOW)).toBe(true)
  })

  it("should refuse a changed body, another secret, a wrong id and missing headers", () => {
    const headers = signed()
    expect(verify(headers, Buffer.from(body.replace("em_1", "em_2")), NOW)).toBe(false)
    expect(verify(signed({ secret: "whsec_" + Buffer.from("wrong-key").toString("base64") }), Buffer.from(body), NOW)).toBe(false)
    expect(verify({ ...headers, id: "msg_2" }, Buffer.from(body), NOW)).toBe(false)
    expect(verify({ ...headers, id: undefined }, Buffer.from(body), NOW)).toBe(false)
    expect(verify({ ...headers, timestamp: undefined }, Buffer.from(body), NOW)).toBe(false)
    expect(verify({ ...headers, signature: undefined }, Buffer.from(body), NOW)).toBe(false)
    expect(verify({ ...headers, signature: headers.signature.replace("v1,", "v2,") }, Buffer.from(body), NOW)).toBe(false)
    expect(verify({ ...headers, timestamp: `${NOW}x` }, Buffer.from(body), NOW)).toBe(false)
  })

  it("should accept a timestamp up to 5 minutes off either way and refuse one further off", () => {
    for (const offset of [-WEBHOOK_TOLERANCE_SECONDS, 0, WEBHOOK_TOLERANCE_SECONDS]) {
      expect(verify(signed({ timestamp: NOW + offset }), Buffer.from(body), NOW)).toBe(true)
    }
    for (const offset of [-WEBHOOK_TOLERANCE_SECONDS - 1, WEBHOOK_TOLERANCE_SECONDS + 1]) {
      expect(verify(signed({ timestamp: NOW + offset }), Buffer.from(body), NOW)).toBe(false)
    }
  })

  it("should verify nothing with an empty key and reuse one verifier per secret", () => {
    expect(webhookVerifier("whsec_")(signed(), Buffer.from(body), NOW)).toBe(false)
    expect(webhookVerifier(TEST_WEBHOOK_SECRET)).toBe(verify)
  })
})
