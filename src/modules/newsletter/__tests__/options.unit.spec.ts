import { MedusaError } from "@medusajs/framework/utils"
import { resolveNewsletterOptions } from "../options"

const sender = {
  name: "テストショップ",
  postalAddress: "東京都千代田区丸の内1-1-1",
  contact: "support@example.jp",
}

const resend = { apiKey: "re_test_123", from: "テストショップ <news@example.jp>" }
/** The public URLs real mail needs once resend is set. */
const urls = { storefrontUrl: "https://shop.example.jp", backendUrl: "https://api.example.jp" }

/** Every option a store owner may leave out, as filled in. */
const DEFAULTS = {
  outboxDir: "newsletter-outbox",
  previousLinkSecrets: [],
  allowLocalhostLinks: false,
  dispatch: { batchSize: 100, leaseSeconds: 120, runSeconds: 50, concurrency: 4 },
  errorRate: { minAttempts: 100, threshold: 0.1 },
  transientErrorsToClean: 3,
  aggregationWindowHours: 72,
  webhookEventRetentionDays: 30,
  storefrontUrl: "http://localhost:8000",
  couponPath: "newsletter-coupons",
  signup: { confirmationHours: 72, ipRequests: 20, ipWindowMinutes: 10 },
  backendUrl: "http://localhost:9000",
  timezone: "Asia/Tokyo",
  adminLanguage: "ja",
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
      expect(resolveNewsletterOptions({ sender, resend, ...urls }).resend).toEqual({
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
      const raw = { sender, resend: { ...resend }, ...urls }
      resolveNewsletterOptions(raw)
      expect(raw).toEqual({ sender, resend, ...urls })
    })
  })

  describe("with invalid options", () => {
    it("should refuse a negative requestsPerSecond", () => {
      const error = thrownBy(() =>
        resolveNewsletterOptions({ sender, resend: { ...resend, requestsPerSecond: -1 }, ...urls })
      )
      expect(error).toBeInstanceOf(MedusaError)
      expect(error.type).toBe("invalid_argument")
      expect(error.message).toBe(`${PREFIX}resend.requestsPerSecond must be a positive number`)
    })

    it("should refuse a requestsPerSecond of zero", () => {
      expect(() =>
        resolveNewsletterOptions({ sender, resend: { ...resend, requestsPerSecond: 0 }, ...urls })
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

    it("should give the refusal a code and each wrong option as a problem", () => {
      let error: any
      try {
        resolveNewsletterOptions({ sender: { name: "テストショップ", postalAddress: "" } })
      } catch (e) {
        error = e
      }
      expect([error.code, error.errors]).toEqual([
        "invalid_plugin_options",
        [
          { path: "sender.postalAddress", code: "required", params: {} },
          { path: "sender.contact", code: "required", params: {} },
        ],
      ])
    })

    it("should refuse an unknown key", () => {
      const error = thrownBy(() => resolveNewsletterOptions({ sender, fromEmail: "a@b.jp" }))
      expect(error.type).toBe("invalid_argument")
      expect(error.message).toBe(`${PREFIX}unknown option: fromEmail`)
    })

    it("should refuse an unknown key inside resend, naming where", () => {
      expect(() =>
        resolveNewsletterOptions({ sender, resend: { ...resend, api_key: "x" }, ...urls })
      ).toThrow(`${PREFIX}unknown option in resend: api_key`)
    })

    it("should name the fields of a resend block that is incomplete", () => {
      expect(() => resolveNewsletterOptions({ sender, resend: { apiKey: "" }, ...urls })).toThrow(
        `${PREFIX}resend.apiKey must not be empty; resend.from is required`
      )
    })

    it("should refuse URLs that are not URLs", () => {
      expect(() =>
        resolveNewsletterOptions({
          sender,
          ...urls,
          storefrontUrl: "shop.example.jp",
          resend: { ...resend, baseUrl: "localhost" },
        })
      ).toThrow(`${PREFIX}resend.baseUrl must be a URL; storefrontUrl must be a URL`)
    })

    it("should refuse a webhook-event retention shorter than Resend's retries, or not in whole days", () => {
      expect(() => resolveNewsletterOptions({ sender, webhookEventRetentionDays: 1 })).toThrow(
        `${PREFIX}webhookEventRetentionDays must be at least 2 (Resend may deliver a report again for about a day)`
      )
      expect(() => resolveNewsletterOptions({ sender, webhookEventRetentionDays: 2.5 })).toThrow(
        `${PREFIX}webhookEventRetentionDays must be a whole number`
      )
      expect(resolveNewsletterOptions({ sender, webhookEventRetentionDays: 2 }).webhookEventRetentionDays).toBe(2)
    })

    it("should take ja or en as the notifications' language, and refuse another", () => {
      expect(resolveNewsletterOptions({ sender, adminLanguage: "en" }).adminLanguage).toBe("en")
      expect(() => resolveNewsletterOptions({ sender, adminLanguage: "fr" })).toThrow(
        `${PREFIX}adminLanguage must be one of: ja, en`
      )
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
          backendUrl: "https://api.example.jp",
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

  describe("link URLs and secrets", () => {
    const REQUIRED = (key: string, links: string) =>
      `${key} is required when resend is set (the public URL used in ${links})`
    const LOCAL = (key: string, links: string) =>
      `${key} must not point at localhost when resend is set: real mail would carry ${links} that go nowhere (allowLocalhostLinks: true allows it, for development and tests only)`

    it("should require both public URLs when resend is set, naming them", () => {
      const error = thrownBy(() => resolveNewsletterOptions({ sender, resend }))
      expect(error.type).toBe("invalid_argument")
      expect(error.message).toBe(
        `${PREFIX}${REQUIRED("storefrontUrl", "coupon links")}; ${REQUIRED("backendUrl", "unsubscribe links")}`
      )
      expect(() => resolveNewsletterOptions({ sender, resend, storefrontUrl: urls.storefrontUrl })).toThrow(
        `${PREFIX}${REQUIRED("backendUrl", "unsubscribe links")}`
      )
    })

    it.each([
      "http://localhost:9000",
      "http://LOCALHOST",
      "https://shop.localhost",
      "http://127.0.0.1:9000",
      "http://127.1.2.3",
      "http://[::1]:9000",
      "http://0.0.0.0:9000",
    ])("should refuse %s as a link URL when resend is set", (url) => {
      expect(() => resolveNewsletterOptions({ sender, resend, storefrontUrl: url, backendUrl: url })).toThrow(
        `${PREFIX}${LOCAL("storefrontUrl", "coupon links")}; ${LOCAL("backendUrl", "unsubscribe links")}`
      )
    })

    it.each(["https://localhost.example.jp", "http://127.0.0.1.example.jp", "https://shop.example.jp:8443"])(
      "should accept %s, which is not this machine",
      (url) => {
        expect(resolveNewsletterOptions({ sender, resend, storefrontUrl: url, backendUrl: url }).backendUrl).toBe(url)
      }
    )

    it("should accept localhost links with resend when allowLocalhostLinks says this is development", () => {
      const local = { storefrontUrl: "http://localhost:8000", backendUrl: "http://127.0.0.1:9000" }
      expect(
        resolveNewsletterOptions({ sender, resend, ...local, allowLocalhostLinks: true })
      ).toEqual(expect.objectContaining({ ...local, allowLocalhostLinks: true }))
    })

    it("should still require the URLs with allowLocalhostLinks: the flag allows localhost, not nothing", () => {
      expect(() => resolveNewsletterOptions({ sender, resend, allowLocalhostLinks: true })).toThrow(
        `${PREFIX}${REQUIRED("storefrontUrl", "coupon links")}; ${REQUIRED("backendUrl", "unsubscribe links")}`
      )
    })

    it("should keep the localhost defaults and accept localhost without resend (mail goes to the outbox)", () => {
      expect(resolveNewsletterOptions({ sender })).toEqual(
        expect.objectContaining({ storefrontUrl: "http://localhost:8000", backendUrl: "http://localhost:9000" })
      )
      expect(resolveNewsletterOptions({ sender, backendUrl: "http://localhost:7001" }).backendUrl).toBe(
        "http://localhost:7001"
      )
    })

    it("should name a wrong allowLocalhostLinks", () => {
      expect(() => resolveNewsletterOptions({ sender, allowLocalhostLinks: "yes" })).toThrow(
        `${PREFIX}allowLocalhostLinks must be true or false`
      )
    })

    it("should keep the previous link secrets as given", () => {
      const previousLinkSecrets = ["p".repeat(32), "q".repeat(40)]
      expect(resolveNewsletterOptions({ sender, linkSecret: "s".repeat(32), previousLinkSecrets })).toEqual(
        expect.objectContaining({ linkSecret: "s".repeat(32), previousLinkSecrets })
      )
    })

    it("should refuse a link secret or a previous one shorter than 32 characters, naming which", () => {
      expect(() =>
        resolveNewsletterOptions({ sender, linkSecret: "s".repeat(31), previousLinkSecrets: ["p".repeat(32), "short"] })
      ).toThrow(
        `${PREFIX}linkSecret must be at least 32 characters; previousLinkSecrets.1 must be at least 32 characters`
      )
      expect(() => resolveNewsletterOptions({ sender, previousLinkSecrets: "p".repeat(32) })).toThrow(
        `${PREFIX}previousLinkSecrets must be a list`
      )
    })
  })

  describe("dispatch.leaseSeconds against resend.timeoutSeconds", () => {
    const LEASE = (min: number, timeout: number) =>
      `${PREFIX}dispatch.leaseSeconds must be at least ${min} to cover two attempts' worst case (2 × resend.timeoutSeconds of ${timeout} s + 2 s of retry backoff); raise dispatch.leaseSeconds or lower resend.timeoutSeconds`
    const withLease = (leaseSeconds: number | undefined, timeoutSeconds: number) => ({
      sender,
      ...urls,
      resend: { ...resend, timeoutSeconds },
      ...(leaseSeconds === undefined ? {} : { dispatch: { leaseSeconds } }),
    })

    it("should refuse a lease shorter than two answer timeouts plus the longest backoff, naming both options", () => {
      const error = thrownBy(() => resolveNewsletterOptions(withLease(61, 30)))
      expect(error.type).toBe("invalid_argument")
      expect(error.message).toBe(LEASE(62, 30))
    })

    it("should accept a lease of exactly two attempts' worst case", () => {
      expect(resolveNewsletterOptions(withLease(62, 30)).dispatch.leaseSeconds).toBe(62)
    })

    it("should refuse the default lease of 120 s once the timeout makes it too short", () => {
      expect(() => resolveNewsletterOptions(withLease(undefined, 60))).toThrow(LEASE(122, 60))
    })

    it("should round a fractional timeout's minimum up to whole seconds", () => {
      expect(() => resolveNewsletterOptions(withLease(5, 1.6))).toThrow(LEASE(6, 1.6))
      expect(resolveNewsletterOptions(withLease(6, 1.6)).dispatch.leaseSeconds).toBe(6)
    })

    it("should accept the test suites' 5 s lease with a 1 s answer timeout", () => {
      expect(resolveNewsletterOptions(withLease(5, 1)).dispatch.leaseSeconds).toBe(5)
    })

    it("should not constrain the lease without resend (the outbox answers at once)", () => {
      expect(resolveNewsletterOptions({ sender, dispatch: { leaseSeconds: 5 } }).dispatch.leaseSeconds).toBe(5)
    })
  })
})
