import { MedusaError } from "@medusajs/framework/utils"
import { resolveNewsletterOptions } from "../options"

const sender = {
  name: "テストショップ",
  postalAddress: "東京都千代田区丸の内1-1-1",
  contact: "support@example.jp",
}

const resend = { apiKey: "re_test_123", from: "テストショップ <news@example.jp>" }

/** Every option a store owner may leave out, as filled in. */
const DEFAULTS = {
  outboxDir: "newsletter-outbox",
  dispatch: { batchSize: 100, leaseSeconds: 120, runSeconds: 50, concurrency: 4 },
  errorRate: { minAttempts: 100, threshold: 0.1 },
  transientErrorsToClean: 3,
  aggregationWindowHours: 72,
  storefrontUrl: "http://localhost:8000",
  couponPath: "newsletter-coupons",
  backendUrl: "http://localhost:9000",
  timezone: "Asia/Tokyo",
  minLeadMinutes: 3,
}

const PREFIX = "medusa-plugin-newsletter: invalid plugin options: "

function thrownBy(fn: () => unknown): MedusaError {
  try {
    fn()
  } catch (e) {
    return e as MedusaError
  }
  throw new Error("expected the call to throw")
}

describe("resolveNewsletterOptions", () => {
  describe("with valid options", () => {
    it("should fill in every default when only the sender is given", () => {
      expect(resolveNewsletterOptions({ sender })).toEqual({
        ...DEFAULTS,
        sender,
      })
    })

    it("should default resend.requestsPerSecond to 2 when resend is given", () => {
      expect(resolveNewsletterOptions({ sender, resend }).resend).toEqual({
        apiKey: "re_test_123",
        from: "テストショップ <news@example.jp>",
        requestsPerSecond: 2,
        timeoutSeconds: 30,
      })
    })

    it("should keep every option the store owner wrote", () => {
      const options = {
        sender,
        resend: {
          ...resend,
          webhookSecret: "whsec_abc",
          requestsPerSecond: 5,
          baseUrl: "http://localhost:4010",
        },
        storefrontUrl: "https://shop.example.jp",
        backendUrl: "https://api.example.jp",
        timezone: "America/New_York",
        minLeadMinutes: 0,
      }
      expect(resolveNewsletterOptions(options)).toEqual({
        ...DEFAULTS,
        ...options,
        resend: { ...options.resend, timeoutSeconds: 30 },
      })
    })

    it("should ignore the database key Medusa adds to module options", () => {
      const resolved = resolveNewsletterOptions({
        sender,
        database: { clientUrl: "postgres://localhost/medusa", schema: "public" },
      })
      expect(resolved).toEqual({
        ...DEFAULTS,
        sender,
      })
      expect("database" in resolved).toBe(false)
    })

    it("should not change the options object it was given", () => {
      const raw = { sender, resend: { ...resend } }
      resolveNewsletterOptions(raw)
      expect(raw).toEqual({ sender, resend })
    })
  })

  describe("with invalid options", () => {
    it("should refuse a negative requestsPerSecond", () => {
      const error = thrownBy(() =>
        resolveNewsletterOptions({ sender, resend: { ...resend, requestsPerSecond: -1 } })
      )
      expect(error).toBeInstanceOf(MedusaError)
      expect(error.type).toBe("invalid_argument")
      expect(error.message).toBe(`${PREFIX}resend.requestsPerSecond must be a positive number`)
    })

    it("should refuse a requestsPerSecond of zero", () => {
      expect(() =>
        resolveNewsletterOptions({ sender, resend: { ...resend, requestsPerSecond: 0 } })
      ).toThrow(`${PREFIX}resend.requestsPerSecond must be a positive number`)
    })

    it("should refuse an unknown time zone", () => {
      const error = thrownBy(() => resolveNewsletterOptions({ sender, timezone: "Mars/Base" }))
      expect(error.type).toBe("invalid_argument")
      expect(error.message).toBe(
        `${PREFIX}timezone must be an IANA time zone such as "Asia/Tokyo"`
      )
    })

    it("should require the sender", () => {
      const error = thrownBy(() => resolveNewsletterOptions({}))
      expect(error.type).toBe("invalid_argument")
      expect(error.message).toBe(`${PREFIX}sender is required`)
    })

    it("should require the sender when no options are given at all", () => {
      expect(() => resolveNewsletterOptions(undefined)).toThrow(`${PREFIX}sender is required`)
      expect(() => resolveNewsletterOptions(null)).toThrow(`${PREFIX}sender is required`)
    })

    it("should name each missing sender field", () => {
      expect(() =>
        resolveNewsletterOptions({ sender: { name: "テストショップ", postalAddress: "" } })
      ).toThrow(`${PREFIX}sender.postalAddress must not be empty; sender.contact is required`)
    })

    it("should refuse an unknown key", () => {
      const error = thrownBy(() => resolveNewsletterOptions({ sender, fromEmail: "a@b.jp" }))
      expect(error.type).toBe("invalid_argument")
      expect(error.message).toBe(`${PREFIX}unknown option: fromEmail`)
    })

    it("should refuse an unknown key inside resend, naming where", () => {
      expect(() =>
        resolveNewsletterOptions({ sender, resend: { ...resend, api_key: "x" } })
      ).toThrow(`${PREFIX}unknown option in resend: api_key`)
    })

    it("should name the fields of a resend block that is incomplete", () => {
      expect(() => resolveNewsletterOptions({ sender, resend: { apiKey: "" } })).toThrow(
        `${PREFIX}resend.apiKey must not be empty; resend.from is required`
      )
    })

    it("should refuse URLs that are not URLs", () => {
      expect(() =>
        resolveNewsletterOptions({
          sender,
          storefrontUrl: "shop.example.jp",
          resend: { ...resend, baseUrl: "localhost" },
        })
      ).toThrow(`${PREFIX}resend.baseUrl must be a URL; storefrontUrl must be a URL`)
    })

    it("should refuse a negative minLeadMinutes", () => {
      expect(() => resolveNewsletterOptions({ sender, minLeadMinutes: -1 })).toThrow(
        `${PREFIX}minLeadMinutes must not be negative`
      )
    })

    it("should name every problem in one message, joined by semicolons", () => {
      const error = thrownBy(() =>
        resolveNewsletterOptions({
          sender: { name: "" },
          storefrontUrl: "nope",
          timezone: "Mars/Base",
          minLeadMinutes: -1,
          resend: { ...resend, requestsPerSecond: -2 },
          extra: true,
        })
      )
      expect(error.type).toBe("invalid_argument")
      expect(error.message).toBe(
        PREFIX +
          [
            "resend.requestsPerSecond must be a positive number",
            "storefrontUrl must be a URL",
            'timezone must be an IANA time zone such as "Asia/Tokyo"',
            "minLeadMinutes must not be negative",
            "sender.name must not be empty",
            "sender.postalAddress is required",
            "sender.contact is required",
            "unknown option: extra",
          ].join("; ")
      )
    })
  })
})
