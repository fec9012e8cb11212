import { NewsletterSubscriptionStatus as S } from "../types"
import { importRefusal } from "../utils/subscription-rules"

const UNSUBSCRIBED = {
  code: "import_row_address_unsubscribed",
  reason:
    "the address is unsubscribed in this shop; an import does not subscribe it again (the customer can subscribe in the store)",
}
const CLEANED = {
  code: "import_row_address_cleaned",
  reason:
    "the address is cleaned in this shop (mail to it bounced permanently); an import does not subscribe it again — clear it on the customer's page first",
}

describe("importRefusal", () => {
  it.each([
    [null, S.SUBSCRIBED, null],
    [null, S.UNSUBSCRIBED, null],
    [null, S.CLEANED, null],
    [S.SUBSCRIBED, S.SUBSCRIBED, null],
    [S.SUBSCRIBED, S.UNSUBSCRIBED, null],
    [S.SUBSCRIBED, S.CLEANED, null],
    [S.UNSUBSCRIBED, S.SUBSCRIBED, UNSUBSCRIBED],
    [S.UNSUBSCRIBED, S.UNSUBSCRIBED, null],
    [S.UNSUBSCRIBED, S.CLEANED, null],
    [S.CLEANED, S.SUBSCRIBED, CLEANED],
    [S.CLEANED, S.UNSUBSCRIBED, null],
    [S.CLEANED, S.CLEANED, null],
  ])("from %s to %s: %p", (from, to, refusal) => {
    expect(importRefusal(from, to)).toEqual(refusal)
  })
})
