import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterSubscriptionSource, NewsletterSubscriptionStatus } from "../types"
import { assertSubscriptionChangeAllowed } from "../utils/subscription-rules"

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
    })

    it("should refuse to re-subscribe a cleaned address, telling the customer why", () => {
      const error = thrownBy(() =>
        assertSubscriptionChangeAllowed(CLEANED, SUBSCRIBED, storefront)
      )
      expect(error).toBeInstanceOf(MedusaError)
      expect(error.type).toBe("not_allowed")
      expect(error.message).toBe(CLEANED_ADDRESS)
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
