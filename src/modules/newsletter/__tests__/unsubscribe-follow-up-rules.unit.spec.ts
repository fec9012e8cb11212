import { NewsletterSubscriptionStatus as Sub } from "../types"
import { decideUnsubscribeFollowUp, unsubscribeReasonParams } from "../utils/unsubscribe-follow-up-rules"

const at = "2026-12-01T00:00:00.000Z"
const until = new Date("2026-12-08T00:00:00.000Z")
const unsubscribed = { status: Sub.UNSUBSCRIBED, latest: { to_status: Sub.UNSUBSCRIBED, created_at: at } }

describe("decideUnsubscribeFollowUp", () => {
  it("should stay open for 7 days after the unsubscribe, to the millisecond", () => {
    expect(decideUnsubscribeFollowUp(unsubscribed, new Date(at))).toEqual({ state: "open", until })
    expect(decideUnsubscribeFollowUp(unsubscribed, until)).toEqual({ state: "open", until })
    expect(decideUnsubscribeFollowUp(unsubscribed, new Date(until.getTime() + 1))).toEqual({ state: "expired", until })
  })

  it("should offer nothing to a subscribed, cleaned or unknown address, or one changed since by another way", () => {
    const now = new Date(at)
    expect(decideUnsubscribeFollowUp({ ...unsubscribed, status: Sub.SUBSCRIBED }, now)).toEqual({ state: "subscribed" })
    expect(decideUnsubscribeFollowUp({ status: Sub.CLEANED, latest: { to_status: Sub.CLEANED, created_at: at } }, now)).toEqual({
      state: "closed",
    })
    expect(decideUnsubscribeFollowUp({ status: null, latest: null }, now)).toEqual({ state: "closed" })
    // Recorded unsubscribed without a history entry (seeded or imported before histories).
    expect(decideUnsubscribeFollowUp({ status: Sub.UNSUBSCRIBED, latest: null }, now)).toEqual({ state: "closed" })
  })
})

describe("unsubscribeReasonParams", () => {
  it("should keep the code and the trimmed text, empty text as none", () => {
    expect(unsubscribeReasonParams("other", "  届く回数が多い ")).toEqual({
      unsubscribe_reason: "other",
      unsubscribe_reason_text: "届く回数が多い",
    })
    expect(unsubscribeReasonParams("too_many", "   ")).toEqual({ unsubscribe_reason: "too_many", unsubscribe_reason_text: null })
    expect(unsubscribeReasonParams("never_signed_up")).toEqual({
      unsubscribe_reason: "never_signed_up",
      unsubscribe_reason_text: null,
    })
  })
})
