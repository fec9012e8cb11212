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
      reason_code: "complaint",
      params: {},
    })
  })

  it("should clean on a permanent bounce or a suppression, naming the error type and reason", () => {
    expect(
      deliveryEffectChange(effect({ error_type: "permanent", reason: "Permanent: General: No such user" }), 3)
    ).toEqual({
      status: CLEANED,
      source: "bounce",
      reason_code: "bounce",
      params: { error_type: "permanent", provider_reason: "Permanent: General: No such user" },
    })
    expect(deliveryEffectChange(effect({ error_type: "suppressed", reason: "OnAccountSuppressionList" }), 3)).toEqual({
      status: CLEANED,
      source: "bounce",
      reason_code: "bounce",
      params: { error_type: "suppressed", provider_reason: "OnAccountSuppressionList" },
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
      reason_code: "transient_errors",
      params: { count: 3, provider_reason: "Mailbox full" },
    })
    expect(deliveryEffectChange(streak(4), 3)?.params).toEqual({ count: 4, provider_reason: "Mailbox full" })
    expect(deliveryEffectChange(streak(1), 1)?.status).toEqual(CLEANED)
  })
})

describe("the history reasons in the admin's dictionaries", () => {
  const dictionaries = {
    ja: require("../../../admin/i18n/json/ja.json"),
    en: require("../../../admin/i18n/json/en.json"),
  }
  const changes = [
    deliveryEffectChange(effect({ kind: NewsletterDeliveryEffectKind.UNSUBSCRIBE }), 3)!,
    deliveryEffectChange(effect({ error_type: "permanent", reason: "No such user" }), 3)!,
    deliveryEffectChange(
      effect({ kind: NewsletterDeliveryEffectKind.STREAK, error_type: "transient", reason: "Mailbox full", streak: 3 }),
      3
    )!,
    // The unsubscribe link's entry (src/api/hooks/newsletter/unsubscribe/[token]/route.ts).
    { reason_code: "unsubscribe_link", params: {} },
  ]

  it("should say every code in ja and en, with exactly the values the code carries", () => {
    const said = Object.fromEntries(
      Object.entries(dictionaries).map(([lang, d]) => {
        const reasons = (d.newsletter ?? d).subscription.reasons as Record<string, string>
        return [
          lang,
          changes.map(({ reason_code, params }) => {
            const text = reasons[reason_code]
            const placeholders = [...(text ?? "").matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort()
            return [reason_code, !!text, placeholders.join(",") === Object.keys(params).sort().join(",")]
          }),
        ]
      })
    )
    const expected = changes.map(({ reason_code }) => [reason_code, true, true])
    expect(said).toEqual({ ja: expected, en: expected })
  })
})
