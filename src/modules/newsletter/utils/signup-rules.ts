import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError } from "../errors"
import { NewsletterSubscriptionSource, NewsletterSubscriptionStatus } from "../types"

/** At most one confirmation mail per address in this time (ms). */
export const SIGNUP_MAIL_INTERVAL_MS = 10 * 60_000
/** At most this many confirmation mails per address in a day. */
export const SIGNUP_MAILS_PER_DAY = 5
export const DAY_MS = 24 * 60 * 60_000

/** What the signup finds of an address, read under its lock. */
export type SignupFinding = {
  /** The subscription's status; null when the address has no record. */
  status: NewsletterSubscriptionStatus | null
  /** The source of the subscription's latest history entry (a complaint leaves `complaint`). */
  last_source: NewsletterSubscriptionSource | null
  /** When the address's latest confirmation mail was requested; null for none kept. */
  last_requested_at: Date | null
  /** Confirmation mails requested for the address in the day before now. */
  requests_last_day: number
}

/** What a signup does: send a confirmation mail, or nothing, and why (the answer is the same 202). */
export type SignupDecision =
  | { send: true }
  | { send: false; why: "subscribed" | "cleaned" | "complained" | "too_soon" | "daily_limit" }

/**
 * What a storefront signup (ダブルオプトイン) does for an address: a subscribed one needs no
 * confirmation; a cleaned one (mail to it bounced) and one whose latest change was a complaint
 * (迷惑メール報告) are never mailed again by a signup; an unsubscribed or unknown one gets a
 * confirmation mail, at most one per {@link SIGNUP_MAIL_INTERVAL_MS} and
 * {@link SIGNUP_MAILS_PER_DAY} a day (a form can't be used to flood a stranger's mailbox).
 */
export function decideSignup(found: SignupFinding, now: Date): SignupDecision {
  const { SUBSCRIBED, CLEANED, UNSUBSCRIBED } = NewsletterSubscriptionStatus
  if (found.status === SUBSCRIBED) {
    return { send: false, why: "subscribed" }
  }
  if (found.status === CLEANED) {
    return { send: false, why: "cleaned" }
  }
  if (found.status === UNSUBSCRIBED && found.last_source === NewsletterSubscriptionSource.COMPLAINT) {
    return { send: false, why: "complained" }
  }
  if (found.last_requested_at && now.getTime() - found.last_requested_at.getTime() < SIGNUP_MAIL_INTERVAL_MS) {
    return { send: false, why: "too_soon" }
  }
  if (found.requests_last_day >= SIGNUP_MAILS_PER_DAY) {
    return { send: false, why: "daily_limit" }
  }
  return { send: true }
}

/** A fixed-window counter after counting one request. */
export type RateWindow = { hits: number; window_start: Date }

/**
 * Whether a request counted in `window` is within `limit` requests per `windowMs`; when it is not,
 * the whole seconds until the window ends (at least 1), for `retry-after`.
 */
export function rateLimitVerdict(
  window: RateWindow,
  limit: number,
  windowMs: number,
  now: Date
): { allowed: true } | { allowed: false; retry_after_seconds: number } {
  if (window.hits <= limit) {
    return { allowed: true }
  }
  const left = window.window_start.getTime() + windowMs - now.getTime()
  return { allowed: false, retry_after_seconds: Math.max(1, Math.ceil(left / 1000)) }
}

/** The 429 of a signup over the per-IP limit (code `signup_rate_limited` {retry_after_seconds}). */
export function signupRateLimited(retryAfterSeconds: number): NewsletterError {
  return new NewsletterError(
    MedusaError.Types.NOT_ALLOWED,
    "signup_rate_limited",
    `Too many signup requests from this address; try again in ${retryAfterSeconds} seconds`,
    { retry_after_seconds: retryAfterSeconds }
  )
}

/** Why a confirmation link is refused: forged or unknown (400), expired (410), already used (409). */
export type ConfirmationRefusal = "invalid" | "expired" | "used"

const REFUSALS: Record<ConfirmationRefusal, { type: string; code: string; message: string }> = {
  invalid: {
    type: MedusaError.Types.INVALID_DATA,
    code: "confirmation_token_invalid",
    message: "The confirmation link is not valid",
  },
  expired: {
    type: MedusaError.Types.NOT_ALLOWED,
    code: "confirmation_token_expired",
    message: "The confirmation link has expired; please sign up again",
  },
  used: {
    type: MedusaError.Types.CONFLICT,
    code: "confirmation_token_used",
    message: "The confirmation link was already used",
  },
}

/** The error of a refused confirmation link. */
export function confirmationRefused(why: ConfirmationRefusal): NewsletterError {
  const { type, code, message } = REFUSALS[why]
  return new NewsletterError(type, code, message)
}

/** The codes of {@link confirmationRefused}, by refusal (the confirmation page tells them apart). */
export const CONFIRMATION_REFUSAL_CODES = Object.fromEntries(
  Object.entries(REFUSALS).map(([why, { code }]) => [code, why])
) as Record<string, ConfirmationRefusal>

/**
 * Whether a pending request may still be confirmed: refused when already confirmed (`used`) or
 * when its link expired (`expired`), else null.
 */
export function confirmationRefusal(
  request: { confirmed_at: Date | null; expires_at: Date },
  now: Date
): ConfirmationRefusal | null {
  if (request.confirmed_at) {
    return "used"
  }
  return request.expires_at.getTime() <= now.getTime() ? "expired" : null
}
