import {
  NewsletterDeliveryEffectKind,
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
} from "../types"

/** The facts a stored delivery effect keeps of its report. */
export type DeliveryEffectFacts = {
  kind: NewsletterDeliveryEffectKind
  error_type: string | null
  reason: string | null
  /** For kind "streak": the address's transient-error streak after the report. */
  streak: number | null
}

/** The subscription change an effect asks for; the subscription rules still decide on it. */
export type DeliveryEffectChange = {
  status: NewsletterSubscriptionStatus
  source: NewsletterSubscriptionSource
  /** Why, for the history entry: a code of the admin's dictionaries (subscription.reasons.<code>). */
  reason_code: "complaint" | "bounce" | "transient_errors"
  /** The code's values: the error type and Resend's reason, the streak's length. */
  params: Record<string, string | number | null>
}

/**
 * What a delivery effect asks of the customer's subscription (S16): a complaint unsubscribes
 * (source `complaint`), a permanent bounce or a suppression cleans (クリーニング済, source
 * `bounce`), a transient error cleans once `transientErrorsToClean` came in a row. Null when the
 * streak is still below the threshold. Whether the change happens is decided on the status found
 * when it is applied (see decideSubscriptionChange): a complaint only unsubscribes a subscribed
 * address, and an address already cleaned stays as it is.
 */
export function deliveryEffectChange(
  effect: DeliveryEffectFacts,
  transientErrorsToClean: number
): DeliveryEffectChange | null {
  switch (effect.kind) {
    case NewsletterDeliveryEffectKind.UNSUBSCRIBE:
      return {
        status: NewsletterSubscriptionStatus.UNSUBSCRIBED,
        source: NewsletterSubscriptionSource.COMPLAINT,
        reason_code: "complaint",
        params: {},
      }
    case NewsletterDeliveryEffectKind.CLEAN:
      return {
        status: NewsletterSubscriptionStatus.CLEANED,
        source: NewsletterSubscriptionSource.BOUNCE,
        reason_code: "bounce",
        params: { error_type: effect.error_type, provider_reason: effect.reason },
      }
    case NewsletterDeliveryEffectKind.STREAK: {
      const streak = effect.streak ?? 0
      return streak >= transientErrorsToClean
        ? {
            status: NewsletterSubscriptionStatus.CLEANED,
            source: NewsletterSubscriptionSource.BOUNCE,
            reason_code: "transient_errors",
            params: { count: streak, provider_reason: effect.reason },
          }
        : null
    }
  }
}
