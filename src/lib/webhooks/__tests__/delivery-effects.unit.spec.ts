import { NewsletterStatus, NewsletterSubscriptionStatus } from "../../../modules/newsletter/types"
import { hasNoEffects, planDeliveryEffects, SubscriptionCheck, subscriptionChangeFor } from "../delivery-effects"
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
  article: article(),
  ...overrides,
})
const OPTIONS = { aggregationWindowHours: 72 }

describe("planDeliveryEffects", () => {
  it("should ask for nothing after plain deliveries of an article still awaiting reports", () => {
    const effects = planDeliveryEffects([event("delivered"), event("opened")], [applied(), applied()], OPTIONS)
    expect(hasNoEffects(effects)).toEqual(true)
  })

  it("should check the subscription of applied errors and complaints only, in order", () => {
    const events = [
      event("error", { errorType: "permanent", reason: "gone" }),
      event("complained"),
      event("error", { errorType: "transient" }),
      event("delivered"),
    ]
    const outcomes: DeliveryEventOutcome[] = [
      applied({ email: "a@example.jp" }),
      applied({ email: "b@example.jp" }),
      { outcome: "duplicate", ...ref },
      applied(),
    ]
    const effects = planDeliveryEffects(events, outcomes, OPTIONS)
    expect(effects.subscriptions.map((s) => [s.email, s.event.kind])).toEqual([
      ["a@example.jp", "error"],
      ["b@example.jp", "complained"],
    ])
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

describe("subscriptionChangeFor", () => {
  const check = (e: DeliveryEventInput, streak: number | null = null): SubscriptionCheck => ({
    email: "taro@example.jp",
    customer_id: null,
    newsletter_id: "nl_1",
    event: e,
    streak,
  })
  const { SUBSCRIBED, UNSUBSCRIBED, CLEANED } = NewsletterSubscriptionStatus

  it("should clean on a permanent bounce or a suppression unless already cleaned", () => {
    const bounce = check(event("error", { errorType: "permanent", reason: "Permanent: General" }))
    expect(subscriptionChangeFor(bounce, SUBSCRIBED, 3)).toEqual({
      status: CLEANED,
      source: "bounce",
      reason: "permanent: Permanent: General",
    })
    expect(subscriptionChangeFor(bounce, null, 3)?.status).toEqual(CLEANED)
    expect(subscriptionChangeFor(bounce, CLEANED, 3)).toBeNull()
    expect(subscriptionChangeFor(check(event("error", { errorType: "suppressed", reason: "x" })), UNSUBSCRIBED, 3)?.status).toEqual(CLEANED)
  })

  it("should clean after the configured number of transient errors in a row", () => {
    const transient = (streak: number) => check(event("error", { errorType: "transient", reason: "Mailbox full" }), streak)
    expect(subscriptionChangeFor(transient(2), SUBSCRIBED, 3)).toBeNull()
    expect(subscriptionChangeFor(transient(3), SUBSCRIBED, 3)).toEqual({
      status: CLEANED,
      source: "bounce",
      reason: "3 transient delivery errors in a row (last: Mailbox full)",
    })
    expect(subscriptionChangeFor(transient(4), CLEANED, 3)).toBeNull()
  })

  it("should unsubscribe on a complaint only a subscribed address", () => {
    expect(subscriptionChangeFor(check(event("complained")), SUBSCRIBED, 3)).toEqual({
      status: UNSUBSCRIBED,
      source: "complaint",
      reason: "marked as spam by the recipient",
    })
    expect(subscriptionChangeFor(check(event("complained")), CLEANED, 3)).toBeNull()
    expect(subscriptionChangeFor(check(event("complained")), null, 3)).toBeNull()
  })
})
