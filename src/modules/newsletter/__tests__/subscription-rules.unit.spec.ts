import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterSubscriptionSource, NewsletterSubscriptionStatus } from "../types"
import { assertSubscriptionChangeAllowed, decideSubscriptionChange } from "../utils/subscription-rules"

const { SUBSCRIBED, UNSUBSCRIBED, CLEANED } = NewsletterSubscriptionStatus
const FROM = [null, SUBSCRIBED, UNSUBSCRIBED, CLEANED]
const TO = [SUBSCRIBED, UNSUBSCRIBED, CLEANED]

const ONLY_SUBSCRIBE_OR_UNSUBSCRIBE = "A customer can only subscribe or unsubscribe"
const CLEANED_ADDRESS =
  "Mail to this address could not be delivered, so it was removed from the newsletter. Please use another email address or contact the shop"

function thrownBy(fn: () => unknown): MedusaError {
  try {
    fn()
  } catch (e) {
    return e as MedusaError
  }
  throw new Error("expected the call to throw")
}

describe("assertSubscriptionChangeAllowed", () => {
  describe("from the storefront", () => {
    const storefront = NewsletterSubscriptionSource.STOREFRONT

    it.each([
      [null, SUBSCRIBED],
      [null, UNSUBSCRIBED],
      [SUBSCRIBED, UNSUBSCRIBED],
      [UNSUBSCRIBED, SUBSCRIBED],
      [SUBSCRIBED, SUBSCRIBED],
      [UNSUBSCRIBED, UNSUBSCRIBED],
      [CLEANED, UNSUBSCRIBED],
    ])("should let a customer go from %p to %p", (from, to) => {
      expect(assertSubscriptionChangeAllowed(from, to, storefront)).toBeUndefined()
    })

    it.each(FROM.map((from) => [from]))("should refuse to set cleaned from %p", (from) => {
      const error = thrownBy(() => assertSubscriptionChangeAllowed(from, CLEANED, storefront))
      expect(error).toBeInstanceOf(MedusaError)
      expect(error.type).toBe("not_allowed")
      expect(error.message).toBe(ONLY_SUBSCRIBE_OR_UNSUBSCRIBE)
      expect([error.code, (error as any).params]).toEqual(["subscription_change_not_allowed", { status: CLEANED }])
    })

    it("should refuse to re-subscribe a cleaned address, telling the customer why", () => {
      const error = thrownBy(() =>
        assertSubscriptionChangeAllowed(CLEANED, SUBSCRIBED, storefront)
      )
      expect(error).toBeInstanceOf(MedusaError)
      expect(error.type).toBe("not_allowed")
      expect(error.message).toBe(CLEANED_ADDRESS)
      expect([error.code, (error as any).params]).toEqual(["subscription_address_cleaned", {}])
    })
  })

  describe.each([
    [NewsletterSubscriptionSource.ADMIN],
    [NewsletterSubscriptionSource.IMPORT],
    [NewsletterSubscriptionSource.BOUNCE],
  ])("from %s", (source) => {
    const pairs = FROM.flatMap((from) => TO.map((to) => [from, to]))

    it("should allow every one of the 12 changes", () => {
      expect(pairs).toHaveLength(12)
      pairs.forEach(([from, to]) => {
        expect(
          assertSubscriptionChangeAllowed(from, to as NewsletterSubscriptionStatus, source)
        ).toBeUndefined()
      })
    })

    it("should allow re-subscribing a cleaned address", () => {
      expect(assertSubscriptionChangeAllowed(CLEANED, SUBSCRIBED, source)).toBeUndefined()
    })
  })
})

describe("decideSubscriptionChange", () => {
  const S = NewsletterSubscriptionSource

  it("should find no change in the status the address already has, from any source allowed to set it", () => {
    // A signup confirmation only ever subscribes, and records itself even then (see below).
    const pairs = Object.values(S).filter((source) => source !== S.SIGNUP_CONFIRMATION).flatMap((source) =>
      TO.filter((status) => source !== S.STOREFRONT || status !== CLEANED).map((status) => [source, status] as const)
    )
    expect(pairs).toHaveLength(20)
    pairs.forEach(([source, status]) => expect(decideSubscriptionChange(status, status, source)).toEqual("unchanged"))
  })

  it("should change every other status for the store owner, an import and a bounce, first records included", () => {
    for (const source of [S.ADMIN, S.IMPORT, S.BOUNCE]) {
      const decisions = FROM.flatMap((from) => TO.filter((to) => to !== from).map((to) => decideSubscriptionChange(from, to, source)))
      expect(decisions).toEqual(Array(9).fill("change"))
    }
  })

  it.each([[S.COMPLAINT], [S.UNSUBSCRIBE_LINK]])("should let %s unsubscribe only a subscribed address", (source) => {
    expect(decideSubscriptionChange(SUBSCRIBED, UNSUBSCRIBED, source)).toEqual("change")
    expect(decideSubscriptionChange(CLEANED, UNSUBSCRIBED, source)).toEqual("unchanged")
    expect(decideSubscriptionChange(null, UNSUBSCRIBED, source)).toEqual("unchanged")
    expect(decideSubscriptionChange(UNSUBSCRIBED, UNSUBSCRIBED, source)).toEqual("unchanged")
  })

  it("should let a customer subscribe, unsubscribe and leave a cleaned address unsubscribed", () => {
    expect(decideSubscriptionChange(null, SUBSCRIBED, S.STOREFRONT)).toEqual("change")
    expect(decideSubscriptionChange(UNSUBSCRIBED, SUBSCRIBED, S.STOREFRONT)).toEqual("change")
    expect(decideSubscriptionChange(SUBSCRIBED, UNSUBSCRIBED, S.STOREFRONT)).toEqual("change")
    expect(decideSubscriptionChange(CLEANED, UNSUBSCRIBED, S.STOREFRONT)).toEqual("change")
  })

  it("should let a signup confirmation subscribe, and record it again on a subscribed address", () => {
    expect(decideSubscriptionChange(null, SUBSCRIBED, S.SIGNUP_CONFIRMATION)).toEqual("change")
    expect(decideSubscriptionChange(UNSUBSCRIBED, SUBSCRIBED, S.SIGNUP_CONFIRMATION)).toEqual("change")
    // The confirmed consent and its evidence are recorded although the status stays.
    expect(decideSubscriptionChange(SUBSCRIBED, SUBSCRIBED, S.SIGNUP_CONFIRMATION)).toEqual("change")
  })

  it("should never let a signup confirmation re-subscribe a cleaned address", () => {
    const error = thrownBy(() => decideSubscriptionChange(CLEANED, SUBSCRIBED, S.SIGNUP_CONFIRMATION))
    expect([error.type, error.message]).toEqual(["not_allowed", CLEANED_ADDRESS])
  })

  it("should refuse the storefront's re-subscription of a cleaned address with the customer's message", () => {
    const error = thrownBy(() => decideSubscriptionChange(CLEANED, SUBSCRIBED, S.STOREFRONT))
    expect([error.type, error.message]).toEqual(["not_allowed", CLEANED_ADDRESS])
  })

  it("should refuse the storefront's cleaning, even of a cleaned address", () => {
    const error = thrownBy(() => decideSubscriptionChange(CLEANED, CLEANED, S.STOREFRONT))
    expect([error.type, error.message]).toEqual(["not_allowed", ONLY_SUBSCRIBE_OR_UNSUBSCRIBE])
  })
})
