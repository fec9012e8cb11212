import { NewsletterSubscriptionStatus } from "../types"
import { carriedStatus, decideEmailChange } from "../utils/email-change-rules"

const { SUBSCRIBED, UNSUBSCRIBED, CLEANED } = NewsletterSubscriptionStatus

const found = (status: NewsletterSubscriptionStatus, status_before_cleaning: NewsletterSubscriptionStatus | null = null) => ({
  status,
  status_before_cleaning,
})

describe("carriedStatus", () => {
  it.each([
    [SUBSCRIBED, null, SUBSCRIBED],
    [UNSUBSCRIBED, null, UNSUBSCRIBED],
    // Cleaning is about the old address: the status before it comes back.
    [CLEANED, SUBSCRIBED, SUBSCRIBED],
    [CLEANED, UNSUBSCRIBED, UNSUBSCRIBED],
    // Recorded cleaned from the start (an import) or no history: never a consent.
    [CLEANED, null, UNSUBSCRIBED],
  ])("should carry %p (before cleaning: %p) as %p", (status, before, carried) => {
    expect(carriedStatus(found(status, before))).toBe(carried)
  })
})

describe("decideEmailChange", () => {
  describe("when the new address has no record", () => {
    it.each([
      [found(SUBSCRIBED), SUBSCRIBED],
      [found(UNSUBSCRIBED), UNSUBSCRIBED],
      [found(CLEANED, SUBSCRIBED), SUBSCRIBED],
      [found(CLEANED, null), UNSUBSCRIBED],
    ])("should move %p there as %p", (old, to) => {
      expect(decideEmailChange(old, null)).toEqual({ kind: "move", to })
    })
  })

  describe("when the new address has a record", () => {
    it.each([
      // old, its status before cleaning, the new address's status → the new address's, the old one's
      [SUBSCRIBED, null, SUBSCRIBED, SUBSCRIBED, UNSUBSCRIBED],
      [SUBSCRIBED, null, UNSUBSCRIBED, UNSUBSCRIBED, UNSUBSCRIBED],
      [SUBSCRIBED, null, CLEANED, CLEANED, UNSUBSCRIBED],
      [UNSUBSCRIBED, null, SUBSCRIBED, UNSUBSCRIBED, UNSUBSCRIBED],
      [UNSUBSCRIBED, null, UNSUBSCRIBED, UNSUBSCRIBED, UNSUBSCRIBED],
      [UNSUBSCRIBED, null, CLEANED, CLEANED, UNSUBSCRIBED],
      [CLEANED, SUBSCRIBED, SUBSCRIBED, SUBSCRIBED, CLEANED],
      [CLEANED, SUBSCRIBED, UNSUBSCRIBED, UNSUBSCRIBED, CLEANED],
      [CLEANED, null, SUBSCRIBED, UNSUBSCRIBED, CLEANED],
      [CLEANED, UNSUBSCRIBED, CLEANED, CLEANED, CLEANED],
    ])(
      "should merge %p (before cleaning %p) into %p: the new address %p, the old one %p",
      (old, before, target, target_to, old_to) => {
        expect(decideEmailChange(found(old, before), { status: target })).toEqual({ kind: "merge", target_to, old_to })
      }
    )

    it("should never subscribe an address that was not subscribed (no consent is invented)", () => {
      for (const old of [found(SUBSCRIBED), found(UNSUBSCRIBED), found(CLEANED, SUBSCRIBED), found(CLEANED)]) {
        for (const target of [UNSUBSCRIBED, CLEANED]) {
          const plan = decideEmailChange(old, { status: target })
          expect(plan).toEqual(expect.objectContaining({ kind: "merge", target_to: target }))
        }
      }
    })
  })
})
