import { NewsletterSubscriptionAction, NewsletterSubscriptionStatus } from "../types"
import { decideSubscriptionAction } from "../utils/subscription-rules"

const { SUBSCRIBED, UNSUBSCRIBED, CLEANED } = NewsletterSubscriptionStatus
const { CLEAN, UNCLEAN, UNSUBSCRIBE } = NewsletterSubscriptionAction

const found = (status: NewsletterSubscriptionStatus, before: NewsletterSubscriptionStatus | null = null) => ({
  status,
  status_before_cleaning: before,
})

describe("decideSubscriptionAction", () => {
  describe("clean (クリーニング済にする)", () => {
    it.each([[SUBSCRIBED], [UNSUBSCRIBED]])("should clean a %s address", (status) => {
      expect(decideSubscriptionAction(CLEAN, found(status))).toEqual({ to: CLEANED })
    })

    it("should leave a cleaned address as it is, saying so", () => {
      expect(decideSubscriptionAction(CLEAN, found(CLEANED, SUBSCRIBED))).toEqual({
        code: "subscription_unchanged",
        params: { status: CLEANED },
      })
    })
  })

  describe("unclean (クリーニング解除)", () => {
    it("should give back subscribed to an address cleaned while subscribed", () => {
      expect(decideSubscriptionAction(UNCLEAN, found(CLEANED, SUBSCRIBED))).toEqual({ to: SUBSCRIBED })
    })

    it("should give back unsubscribed to an address cleaned while unsubscribed", () => {
      expect(decideSubscriptionAction(UNCLEAN, found(CLEANED, UNSUBSCRIBED))).toEqual({ to: UNSUBSCRIBED })
    })

    it("should make an address recorded cleaned from the start unsubscribed (it never opted in)", () => {
      expect(decideSubscriptionAction(UNCLEAN, found(CLEANED, null))).toEqual({ to: UNSUBSCRIBED })
    })

    it.each([[SUBSCRIBED], [UNSUBSCRIBED]])("should refuse a %s address: it is not cleaned", (status) => {
      expect(decideSubscriptionAction(UNCLEAN, found(status, SUBSCRIBED))).toEqual({
        code: "subscription_not_cleaned",
        params: { status },
      })
    })
  })

  describe("unsubscribe (配信停止)", () => {
    it("should unsubscribe a subscribed address", () => {
      expect(decideSubscriptionAction(UNSUBSCRIBE, found(SUBSCRIBED))).toEqual({ to: UNSUBSCRIBED })
    })

    it("should leave an unsubscribed address as it is, saying so", () => {
      expect(decideSubscriptionAction(UNSUBSCRIBE, found(UNSUBSCRIBED))).toEqual({
        code: "subscription_unchanged",
        params: { status: UNSUBSCRIBED },
      })
    })

    it("should keep a cleaned address cleaned (its cleaning flag is not dropped by an unsubscribe)", () => {
      expect(decideSubscriptionAction(UNSUBSCRIBE, found(CLEANED, SUBSCRIBED))).toEqual({
        code: "subscription_is_cleaned",
        params: { status: CLEANED },
      })
    })
  })
})
