import { NewsletterStatus } from "../../../modules/newsletter/types"
import { hasNoEffects, planDeliveryEffects } from "../delivery-effects"
import type { ArticleFigures, DeliveryEventInput, DeliveryEventOutcome } from "../types"

const NOW = new Date("2026-11-27T12:00:00.000Z")
const event = (kind: DeliveryEventInput["kind"], extra: Partial<DeliveryEventInput> = {}): DeliveryEventInput => ({
  eventId: "msg_1",
  type: `email.${kind}`,
  kind,
  occurredAt: NOW,
  now: NOW,
  ...extra,
})
const article = (overrides: Partial<ArticleFigures> = {}): ArticleFigures => ({
  id: "nl_1",
  status: NewsletterStatus.AGGREGATING,
  succeeded_count: 10,
  failed_count: 0,
  unconfirmed_count: 0,
  unsent_count: 0,
  awaiting_count: 5,
  counted_at: NOW,
  finished_at: NOW,
  ...overrides,
})
const ref = { newsletter_id: "nl_1", recipient_id: "nlrcp_1", email: "taro@example.jp", customer_id: "cus_1" }
const applied = (overrides: Partial<Extract<DeliveryEventOutcome, { outcome: "applied" }>> = {}): DeliveryEventOutcome => ({
  outcome: "applied",
  ...ref,
  became_error: false,
  transient_error_streak: null,
  effect_id: null,
  article: article(),
  ...overrides,
})
const OPTIONS = { aggregationWindowHours: 72 }

describe("planDeliveryEffects", () => {
  it("should ask for nothing after plain deliveries of an article still awaiting reports", () => {
    const effects = planDeliveryEffects([event("delivered"), event("opened")], [applied(), applied()], OPTIONS)
    expect(hasNoEffects(effects)).toEqual(true)
  })

  it("should apply the effects stored by applied reports only, in order", () => {
    const events = [
      event("error", { errorType: "permanent", reason: "gone" }),
      event("complained"),
      event("error", { errorType: "transient" }),
      event("delivered"),
    ]
    const outcomes: DeliveryEventOutcome[] = [
      applied({ email: "a@example.jp", effect_id: "nleff_1" }),
      applied({ email: "b@example.jp", effect_id: "nleff_2" }),
      { outcome: "duplicate", ...ref },
      applied(),
    ]
    const effects = planDeliveryEffects(events, outcomes, OPTIONS)
    expect(effects.subscriptionEffects).toEqual(["nleff_1", "nleff_2"])
    expect(hasNoEffects(effects)).toEqual(false)
  })

  it("should check the error rate only of sending articles that lost a success, once per article", () => {
    const sending = article({ status: NewsletterStatus.SENDING, counted_at: null, finished_at: null, unsent_count: 50 })
    const effects = planDeliveryEffects(
      [event("error"), event("error"), event("delivered")],
      [
        applied({ became_error: true, article: sending }),
        applied({ became_error: true, article: sending }),
        applied({ article: article({ id: "nl_2", status: NewsletterStatus.SENDING, counted_at: null, unsent_count: 9 }) }),
      ],
      OPTIONS
    )
    expect(effects.errorRate.map((a) => a.id)).toEqual(["nl_1"])
    expect(effects.aggregation).toEqual([])
  })

  it("should move aggregation on when the figures call for it, with the latest clock reading", () => {
    const later = new Date(NOW.getTime() + 1000)
    const effects = planDeliveryEffects(
      [event("delivered"), event("delivered", { now: later })],
      [
        applied({ article: article({ status: NewsletterStatus.SENT }) }),
        applied({ article: article({ id: "nl_2", awaiting_count: 0 }) }),
      ],
      OPTIONS
    )
    expect([effects.aggregation, effects.now]).toEqual([["nl_1", "nl_2"], later])
  })
})
