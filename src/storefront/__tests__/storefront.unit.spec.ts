import http from "node:http"
import type { AddressInfo } from "node:net"
import Medusa from "@medusajs/js-sdk"
import {
  claimCoupon,
  confirmSubscription,
  getMySubscription,
  NewsletterClientError,
  setMySubscription,
  subscribe,
} from ".."

/** A tiny backend: records each request and answers the next canned answer. */
type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: unknown }

let server: http.Server
let baseUrl: string
let seen: Seen[]
let answers: Array<{ status: number; body: unknown }>

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = ""
    req.on("data", (chunk) => (raw += chunk))
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: raw ? JSON.parse(raw) : null })
      const { status, body } = answers.shift() ?? { status: 500, body: { message: "no answer prepared" } }
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  seen = []
  answers = []
})

const sdk = (auth?: string) =>
  new Medusa({
    baseUrl,
    publishableKey: "pk_test_123",
    ...(auth ? { globalHeaders: { authorization: `Bearer ${auth}` } } : {}),
  })

const request = (s: Seen) => ({
  method: s.method,
  url: s.url,
  key: s.headers["x-publishable-api-key"],
  type: s.headers["content-type"],
  auth: s.headers.authorization ?? null,
  body: s.body,
})

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e) => e
  )
  expect(error).toBeInstanceOf(NewsletterClientError)
  return [error.status, error.code, error.message]
}

describe("storefront client over @medusajs/js-sdk", () => {
  it("should sign up with the publishable key and the page, and answer the backend's body", async () => {
    answers.push({ status: 202, body: { accepted: true } }, { status: 202, body: { accepted: true } })
    expect(await subscribe(sdk(), "taro@example.jp", { sourceUrl: "https://shop.example/news" })).toEqual({
      accepted: true,
    })
    await subscribe(sdk(), "hanako@example.jp")
    expect(seen.map(request)).toEqual([
      {
        method: "POST",
        url: "/store/newsletter-subscriptions",
        key: "pk_test_123",
        type: "application/json",
        auth: null,
        body: { email: "taro@example.jp", source_url: "https://shop.example/news" },
      },
      {
        method: "POST",
        url: "/store/newsletter-subscriptions",
        key: "pk_test_123",
        type: "application/json",
        auth: null,
        body: { email: "hanako@example.jp" },
      },
    ])
  })

  it("should confirm with the token and tell an invalid, used and expired link apart", async () => {
    const confirmed = { newsletter_subscription: { email: "taro@example.jp", status: "subscribed", opt_in_level: "confirmed" } }
    answers.push(
      { status: 200, body: confirmed },
      { status: 400, body: { type: "invalid_data", code: "confirmation_token_invalid", message: "The confirmation link is not valid", params: {} } },
      { status: 409, body: { type: "conflict", code: "confirmation_token_used", message: "The confirmation link was already used", params: {} } },
      { status: 410, body: { type: "not_allowed", code: "confirmation_token_expired", message: "The confirmation link has expired; please sign up again", params: {} } },
      { status: 429, body: { type: "not_allowed", code: "signup_rate_limited", message: "Too many signup requests", params: {} } }
    )
    expect(await confirmSubscription(sdk(), "k1.abc.sig")).toEqual(confirmed)
    expect(await failure(confirmSubscription(sdk(), "forged"))).toEqual([
      400,
      "confirmation_token_invalid",
      "The confirmation link is not valid",
    ])
    expect(await failure(confirmSubscription(sdk(), "used"))).toEqual([
      409,
      "confirmation_token_used",
      "The confirmation link was already used",
    ])
    expect(await failure(confirmSubscription(sdk(), "old"))).toEqual([
      410,
      "confirmation_token_expired",
      "The confirmation link has expired; please sign up again",
    ])
    expect(await failure(confirmSubscription(sdk(), "busy"))).toEqual([429, "signup_rate_limited", "Too many signup requests"])
    expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ["POST", "/store/newsletter-subscriptions/confirm", { token: "k1.abc.sig" }],
      ["POST", "/store/newsletter-subscriptions/confirm", { token: "forged" }],
      ["POST", "/store/newsletter-subscriptions/confirm", { token: "used" }],
      ["POST", "/store/newsletter-subscriptions/confirm", { token: "old" }],
      ["POST", "/store/newsletter-subscriptions/confirm", { token: "busy" }],
    ])
  })

  it("should read and set the logged-in customer's subscription with the SDK's auth", async () => {
    const view = (subscribed: boolean) => ({
      newsletter_subscription: { email: "taro@example.jp", status: subscribed ? "subscribed" : "unsubscribed", subscribed },
    })
    answers.push({ status: 200, body: view(false) }, { status: 200, body: view(true) }, { status: 401, body: { message: "Unauthorized" } })
    expect(await getMySubscription(sdk("jwt-1"))).toEqual(view(false))
    expect(await setMySubscription(sdk("jwt-1"), true)).toEqual(view(true))
    expect(await failure(getMySubscription(sdk()))).toEqual([401, "unauthorized", "Unauthorized"])
    expect(seen.map(request)).toEqual([
      { method: "GET", url: "/store/customers/me/newsletter-subscription", key: "pk_test_123", type: "application/json", auth: "Bearer jwt-1", body: null },
      { method: "POST", url: "/store/customers/me/newsletter-subscription", key: "pk_test_123", type: "application/json", auth: "Bearer jwt-1", body: { subscribed: true } },
      { method: "GET", url: "/store/customers/me/newsletter-subscription", key: "pk_test_123", type: "application/json", auth: null, body: null },
    ])
  })

  it("should claim a coupon by its token, escaped in the path, and map refusals", async () => {
    const coupon = {
      newsletter_coupon: {
        newsletter_id: "nl_1",
        code: "NEWS10",
        claimed_at: "2026-12-01T00:00:00.000Z",
        promotion: { id: "promo_1", type: "percentage", value: 10, currency_code: null, target_type: "order", starts_at: null, ends_at: null },
      },
    }
    answers.push(
      { status: 200, body: coupon },
      { status: 404, body: { code: "coupon_link_not_found", message: "The coupon link is not valid" } },
      { status: 400, body: { code: "coupon_ended", message: "The coupon NEWS10 cannot be claimed: its campaign ended" } },
      { status: 503, body: { message: "busy" } }
    )
    expect(await claimCoupon(sdk("jwt-1"), "k1.a/b?.sig")).toEqual(coupon)
    expect(await failure(claimCoupon(sdk("jwt-1"), "nope"))).toEqual([404, "not_found", "The coupon link is not valid"])
    expect(await failure(claimCoupon(sdk("jwt-1"), "late"))).toEqual([
      400,
      "not_allowed",
      "The coupon NEWS10 cannot be claimed: its campaign ended",
    ])
    expect(await failure(claimCoupon(sdk("jwt-1"), "x"))).toEqual([503, "server_error", "busy"])
    expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ["POST", "/store/newsletter-coupons/k1.a%2Fb%3F.sig/claim", null],
      ["POST", "/store/newsletter-coupons/nope/claim", null],
      ["POST", "/store/newsletter-coupons/late/claim", null],
      ["POST", "/store/newsletter-coupons/x/claim", null],
    ])
  })

  it("should answer server_error without a status when the backend can't be reached", async () => {
    const unreachable = new Medusa({ baseUrl: "http://127.0.0.1:1", publishableKey: "pk_test_123" })
    const error = await subscribe(unreachable, "taro@example.jp").catch((e) => e)
    expect([error instanceof NewsletterClientError, error.status, error.code]).toEqual([true, undefined, "server_error"])
  })
})
