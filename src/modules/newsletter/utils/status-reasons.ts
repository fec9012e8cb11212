import type { NewsletterErrorParams } from "../errors"
import { nextWindowOpening } from "./sending-window"

/**
 * Why an article is in its status, when the status alone doesn't say: stored as a stable code
 * with its values (`status_reason_code`, `status_reason_params`) next to the English sentence for
 * developers (`status_reason`), all three written by the same statement. The admin says it in the
 * store owner's language from `reasons.<code>` of its dictionaries, never from the sentence.
 */
export const NewsletterReasonCode = {
  /** Outside the category's sending window: nothing is sent until it opens (S12, ※1). */
  WAITING_FOR_WINDOW: "waiting_for_window",
  /** Resend refused a batch for the daily or monthly quota; the next run that succeeds resumes. */
  PAUSED_QUOTA: "paused_quota",
  /** Resend refused a batch for a reason a retry now can't fix (e.g. the API key); retried later. */
  PAUSED_PROVIDER_ERROR: "paused_provider_error",
  /** The error-rate stop (S15). */
  STOPPED_ERROR_RATE: "stopped_error_rate",
  /** Batches first attempted more than 23 hours ago wait for the store owner's decision. */
  NEEDS_ATTENTION: "needs_attention",
  /** Failed: every recipient opted out or was cleaned after the reservation. */
  NOBODY_LEFT: "nobody_left",
  /** Failed: nothing was confirmed, the store owner skipped the batches that needed attention. */
  OWNER_SKIPPED_ALL: "owner_skipped_all",
} as const

export type NewsletterReasonCode = (typeof NewsletterReasonCode)[keyof typeof NewsletterReasonCode]

/** A reason as it is stored: the code, its values by name, and the English sentence. */
export type NewsletterStatusReason = {
  code: NewsletterReasonCode
  params: NewsletterErrorParams
  message: string
}

/**
 * Why a recipient was not sent, when the plugin decided it (`newsletter_recipient.error_code`,
 * next to the English `error_reason`). Errors the provider reports keep its own text, with
 * `error_type` saying which kind and no code.
 */
export const NewsletterRecipientErrorCode = {
  UNSUBSCRIBED_AFTER_RESERVATION: "unsubscribed_after_reservation",
  CLEANED_AFTER_RESERVATION: "cleaned_after_reservation",
  /** Not sent again after 23 hours: the store owner chose to skip its batch. */
  OWNER_SKIPPED: "owner_skipped",
} as const

export type NewsletterRecipientErrorCode =
  (typeof NewsletterRecipientErrorCode)[keyof typeof NewsletterRecipientErrorCode]

/**
 * THE window rule of a send (S12, ※1): null when mail of the article's category may go out at
 * `now`; otherwise the reason it waits, naming the window, the zone and when it next opens. An
 * article whose send time has come is claimed (配信中) either way; this only holds its mails.
 */
export function windowWaitReason(
  now: Date,
  window: { window_start: string | null; window_end: string | null } | null | undefined,
  timezone: string
): NewsletterStatusReason | null {
  const opensAt = nextWindowOpening(now, window, timezone)
  if (!opensAt) {
    return null
  }
  const { window_start, window_end } = window!
  return {
    code: NewsletterReasonCode.WAITING_FOR_WINDOW,
    params: { window_start, window_end, timezone, opens_at: opensAt.toISOString() },
    message:
      `Waiting outside the category's sending window (${window_start}–${window_end} ${timezone}); ` +
      `sending goes on when it opens at ${opensAt.toISOString()}.`,
  }
}

/**
 * The pause of an article whose batch the provider refused (its text `providerMessage`): for the
 * quota, or for another reason a retry now can't fix. Either resumes at the next run that succeeds.
 */
export function providerPauseReason(kind: "quota" | "fatal", providerMessage: string): NewsletterStatusReason {
  return {
    code: kind === "quota" ? NewsletterReasonCode.PAUSED_QUOTA : NewsletterReasonCode.PAUSED_PROVIDER_ERROR,
    params: { provider_message: providerMessage },
    message: `Sending paused: ${providerMessage}. It resumes at the next run that succeeds.`,
  }
}

/** A share as a percentage with one decimal: 0.3 → 30, 0.12345 → 12.3. */
const percent = (share: number) => Math.round(share * 1000) / 10

/** The error-rate stop (S15) with the figures that crossed the threshold. */
export function errorRateStopReason(figures: {
  failed: number
  attempted: number
  threshold: number
}): NewsletterStatusReason {
  const { failed, attempted, threshold } = figures
  const rate = percent(failed / attempted)
  const limit = percent(threshold)
  return {
    code: NewsletterReasonCode.STOPPED_ERROR_RATE,
    params: { failed, attempted, error_rate_percent: rate, threshold_percent: limit },
    message:
      `Stopped: ${failed} of ${attempted} attempted mails failed (${rate}%, above the ${limit}% limit). ` +
      `Clean the list before sending again.`,
  }
}
