import { NewsletterDeliveryEffectKind, NewsletterSubscriptionStatus } from "../types"
import { deliveryEffectChange, DeliveryEffectFacts } from "../utils/delivery-effect-rules"

const effect = (overrides: Partial<DeliveryEffectFacts>): DeliveryEffectFacts => ({
  kind: NewsletterDeliveryEffectKind.CLEAN,
  error_type: null,
  reason: null,
  streak: null,
  ...overrides,
})
const { UNSUBSCRIBED, CLEANED } = NewsletterSubscriptionStatus

describe("deliveryEffectChange", () => {
  it("should unsubscribe on a complaint, as a complaint", () => {
    expect(deliveryEffectChange(effect({ kind: NewsletterDeliveryEffectKind.UNSUBSCRIBE }), 3)).toEqual({
      status: UNSUBSCRIBED,
      source: "complaint",
      reason: "marked as spam by the recipient",
    })
  })

  it("should clean on a permanent bounce or a suppression, naming the error type and reason", () => {
    expect(
      deliveryEffectChange(effect({ error_type: "permanent", reason: "Permanent: General: No such user" }), 3)
    ).toEqual({ status: CLEANED, source: "bounce", reason: "permanent: Permanent: General: No such user" })
    expect(deliveryEffectChange(effect({ error_type: "suppressed", reason: "OnAccountSuppressionList" }), 3)).toEqual({
      status: CLEANED,
      source: "bounce",
      reason: "suppressed: OnAccountSuppressionList",
    })
  })

  it("should clean once the transient streak reaches the threshold, and ask nothing before", () => {
    const streak = (n: number | null) =>
      effect({ kind: NewsletterDeliveryEffectKind.STREAK, error_type: "transient", reason: "Mailbox full", streak: n })
    expect(deliveryEffectChange(streak(null), 3)).toBeNull()
    expect(deliveryEffectChange(streak(2), 3)).toBeNull()
    expect(deliveryEffectChange(streak(3), 3)).toEqual({
      status: CLEANED,
      source: "bounce",
      reason: "3 transient delivery errors in a row (last: Mailbox full)",
    })
    expect(deliveryEffectChange(streak(4), 3)?.reason).toEqual("4 transient delivery errors in a row (last: Mailbox full)")
    expect(deliveryEffectChange(streak(1), 1)?.status).toEqual(CLEANED)
  })
})
