/**
 * `medusa-plugin-newsletter/storefront`: typed functions for a storefront over `@medusajs/js-sdk`.
 * Each takes the storefront's SDK instance (configured with its publishable key, and logged in
 * for the customer routes) and calls the plugin's store routes with `sdk.client.fetch`. No other
 * runtime dependency: it runs in the browser, in Node and in edge runtimes.
 *
 * @example
 * import Medusa from "@medusajs/js-sdk"
 * import { subscribe } from "medusa-plugin-newsletter/storefront"
 * const sdk = new Medusa({ baseUrl: "https://api.shop.example", publishableKey: "pk_..." })
 * await subscribe(sdk, "taro@example.jp", { sourceUrl: location.href })
 */

/**
 * What the functions use of the SDK: its HTTP client (an instance of `Medusa` from
 * `@medusajs/js-sdk` fits). `fetch` sends JSON with the SDK's publishable key and auth headers and
 * throws the SDK's `FetchError` (`status`, `message`) for an answer of 300 or more.
 */
export type NewsletterSdk = {
  client: {
    fetch<T>(input: string, init?: { method?: string; body?: Record<string, unknown> }): Promise<T>
  }
}

/** A subscription's status: 購読中, 配信停止, クリーニング済 (mail to it bounced permanently). */
export type NewsletterSubscriptionStatus = "subscribed" | "unsubscribed" | "cleaned"

/** How the consent was given: without (`single`) or through the confirmation mail (`confirmed`). */
export type NewsletterOptInLevel = "single" | "confirmed"

/** Options of {@link subscribe}. */
export type SubscribeOptions = {
  /** The page of the signup form, kept as consent evidence (e.g. `location.href`); at most 2000 characters. */
  sourceUrl?: string
}

/** `POST /store/newsletter-subscriptions`: the body sent by {@link subscribe}. */
export type StoreNewsletterSignupRequest = { email: string; source_url?: string }

/** The answer of a signup, the same for every address (nobody learns who is on the list). */
export type StoreNewsletterSignupResponse = { accepted: true }

/** `POST /store/newsletter-subscriptions/confirm`: the body sent by {@link confirmSubscription}. */
export type StoreConfirmNewsletterSubscriptionRequest = { token: string }

/** The answer of a confirmed signup. */
export type StoreConfirmNewsletterSubscriptionResponse = {
  newsletter_subscription: { email: string; status: "subscribed"; opt_in_level: "confirmed" }
}

/** The logged-in customer's subscription (`GET/POST /store/customers/me/newsletter-subscription`). */
export type StoreMyNewsletterSubscription = {
  email: string
  status: NewsletterSubscriptionStatus
  subscribed: boolean
}

export type StoreMyNewsletterSubscriptionResponse = { newsletter_subscription: StoreMyNewsletterSubscription }

/** `POST /store/customers/me/newsletter-subscription`: the body sent by {@link setMySubscription}. */
export type StoreUpdateMyNewsletterSubscriptionRequest = { subscribed: boolean }

/** What a claimed coupon gives (`POST /store/newsletter-coupons/:token/claim`). */
export type StoreNewsletterCoupon = {
  newsletter_id: string
  /** The code to enter at checkout. */
  code: string
  /** When the customer first claimed it; the same on every later claim (ISO 8601). */
  claimed_at: string
  promotion: {
    id: string
    /** `percentage` or `fixed`. */
    type: string | null
    value: number | null
    /** Set for fixed amounts; null for percentages. */
    currency_code: string | null
    /** `order`, `items` or `shipping_methods`. */
    target_type: string | null
    starts_at: string | null
    ends_at: string | null
  }
}

export type StoreNewsletterCouponClaimResponse = { newsletter_coupon: StoreNewsletterCoupon }

/**
 * The error codes a storefront can tell its visitor apart, from the answer's status (the SDK's
 * `FetchError` keeps the status and the English message, not the plugin's `code`):
 * - `confirmation_token_invalid` (400), `confirmation_token_used` (409),
 *   `confirmation_token_expired` (410) from {@link confirmSubscription};
 * - `signup_rate_limited` (429): too many signups from this network, try again later;
 * - `not_allowed` (400 of {@link setMySubscription} and {@link claimCoupon}: refused, e.g. a cleaned
 *   address or an ended coupon; other 4xx), `invalid_request` (other 400), `unauthorized` (401: log
 *   the customer in), `not_found` (404), `server_error` (5xx or no answer).
 */
export type NewsletterClientErrorCode =
  | "confirmation_token_invalid"
  | "confirmation_token_used"
  | "confirmation_token_expired"
  | "signup_rate_limited"
  | "invalid_request"
  | "unauthorized"
  | "not_found"
  | "not_allowed"
  | "server_error"

/** What every function throws when the backend refuses the request or can't be reached. */
export class NewsletterClientError extends Error {
  /** The HTTP status; undefined when no answer came (network error). */
  readonly status: number | undefined
  readonly code: NewsletterClientErrorCode

  constructor(message: string, status: number | undefined, code: NewsletterClientErrorCode) {
    super(message)
    this.name = "NewsletterClientError"
    this.status = status
    this.code = code
  }
}

const CONFIRM_CODES: Record<number, NewsletterClientErrorCode> = {
  400: "confirmation_token_invalid",
  409: "confirmation_token_used",
  410: "confirmation_token_expired",
}

// The customer routes answer a well-formed request they refuse (a cleaned address, an ended coupon) with 400.
const REFUSED: Record<number, NewsletterClientErrorCode> = { 400: "not_allowed" }

const CODES: Record<number, NewsletterClientErrorCode> = {
  400: "invalid_request",
  401: "unauthorized",
  404: "not_found",
  429: "signup_rate_limited",
}

function errorCode(
  status: number | undefined,
  byStatus: Record<number, NewsletterClientErrorCode>
): NewsletterClientErrorCode {
  if (status === undefined || status >= 500) {
    return "server_error"
  }
  return byStatus[status] ?? CODES[status] ?? "not_allowed"
}

async function call<T>(
  sdk: NewsletterSdk,
  path: string,
  init: { method: "GET" | "POST"; body?: Record<string, unknown> },
  byStatus: Record<number, NewsletterClientErrorCode> = {}
): Promise<T> {
  try {
    return await sdk.client.fetch<T>(path, init)
  } catch (error) {
    const status = (error as { status?: unknown })?.status
    const known = typeof status === "number" ? status : undefined
    throw new NewsletterClientError(
      (error as Error)?.message || "The newsletter request failed",
      known,
      errorCode(known, byStatus)
    )
  }
}

/**
 * Signs an address up for the newsletter with double opt-in (ダブルオプトイン), no login needed: the
 * backend mails a confirmation link to an address that should get one, and answers the same
 * `{ accepted: true }` for every address. Throws {@link NewsletterClientError}
 * (`invalid_request`, `signup_rate_limited`).
 */
export async function subscribe(
  sdk: NewsletterSdk,
  email: string,
  options: SubscribeOptions = {}
): Promise<StoreNewsletterSignupResponse> {
  const body: StoreNewsletterSignupRequest = { email }
  if (options.sourceUrl) {
    body.source_url = options.sourceUrl
  }
  return await call(sdk, "/store/newsletter-subscriptions", { method: "POST", body })
}

/**
 * Confirms a signup with the token of the confirmation link (its last path segment). Throws
 * {@link NewsletterClientError} `confirmation_token_invalid`, `confirmation_token_expired` (sign
 * up again) or `confirmation_token_used` (already confirmed).
 */
export async function confirmSubscription(
  sdk: NewsletterSdk,
  token: string
): Promise<StoreConfirmNewsletterSubscriptionResponse> {
  const body: StoreConfirmNewsletterSubscriptionRequest = { token }
  return await call(sdk, "/store/newsletter-subscriptions/confirm", { method: "POST", body }, CONFIRM_CODES)
}

/** The logged-in customer's subscription. Throws {@link NewsletterClientError} `unauthorized` when logged out. */
export async function getMySubscription(sdk: NewsletterSdk): Promise<StoreMyNewsletterSubscriptionResponse> {
  return await call(sdk, "/store/customers/me/newsletter-subscription", { method: "GET" })
}

/**
 * Subscribes or unsubscribes the logged-in customer (the shop knows the customer: no confirmation
 * mail). Throws {@link NewsletterClientError} `unauthorized`, or `not_allowed` for an address
 * that is cleaned.
 */
export async function setMySubscription(
  sdk: NewsletterSdk,
  subscribed: boolean
): Promise<StoreMyNewsletterSubscriptionResponse> {
  const body: StoreUpdateMyNewsletterSubscriptionRequest = { subscribed }
  return await call(sdk, "/store/customers/me/newsletter-subscription", { method: "POST", body }, REFUSED)
}

/**
 * Claims the coupon of a newsletter's coupon link (`<#クーポンURL>`, the token is its last path
 * segment) for the logged-in customer: the code then works at checkout. Claiming again answers
 * the same. Throws {@link NewsletterClientError} `unauthorized`, `not_found` (not a coupon link)
 * or `not_allowed` (another customer's link, the coupon ended or is used up).
 */
export async function claimCoupon(sdk: NewsletterSdk, token: string): Promise<StoreNewsletterCouponClaimResponse> {
  return await call(sdk, `/store/newsletter-coupons/${encodeURIComponent(token)}/claim`, { method: "POST" }, REFUSED)
}
