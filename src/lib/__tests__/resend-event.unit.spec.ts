import {
  eventTag,
  isDeliveryReportType,
  isNoteworthyIgnoredType,
  ResendWebhookEventSchema,
  toDeliveryEvent,
} from "../webhooks/resend-event"

const NOW = new Date("2026-11-27T12:00:00.000Z")
const URLS = { couponPath: "newsletter-coupons" }
const event = (type: string, data: Record<string, unknown> = {}) =>
  ResendWebhookEventSchema.parse({
    type,
    created_at: "2026-11-27T11:00:00.000Z",
    data: { email_id: "em_1", created_at: "2026-11-27T11:00:00.000Z", tags: { recipient_id: "nlrcp_1" }, ...data },
  })

describe("toDeliveryEvent", () => {
  it("should map each report to what it means for the recipient", () => {
    const kinds = [
      "email.delivered",
      "email.delivery_delayed",
      "email.opened",
      "email.clicked",
      "email.complained",
      "email.sent",
      "email.scheduled",
      "contact.created",
    ].map((type) => toDeliveryEvent(event(type), "msg_1", NOW, URLS)?.kind ?? null)
    expect(kinds).toEqual(["delivered", "delivery_delayed", "opened", "clicked", "complained", null, null, null])
  })

  it("should tell the error types apart and keep the reason", () => {
    const errors = [
      event("email.bounced", { bounce: { type: "Permanent", subType: "NoEmail", message: "No such user" } }),
      event("email.bounced", { bounce: { type: "Transient", subType: "MailboxFull", message: "Full" } }),
      event("email.bounced", { bounce: { type: "Undetermined" } }),
      event("email.bounced", {}),
      event("email.failed", { failed: { reason: "timed out" } }),
      event("email.suppressed", { suppressed: { type: "OnAccountSuppressionList", message: "Suppressed" } }),
    ].map((e) => {
      const d = toDeliveryEvent(e, "msg_1", NOW, URLS)!
      return [d.kind, d.errorType, d.reason]
    })
    expect(errors).toEqual([
      ["error", "permanent", "Permanent: NoEmail: No such user"],
      ["error", "transient", "Transient: MailboxFull: Full"],
      ["error", "undetermined", "Undetermined"],
      ["error", "permanent", "bounced"],
      ["error", "failed", "timed out"],
      ["error", "suppressed", "OnAccountSuppressionList: Suppressed"],
    ])
  })

  it("should carry the ids, the event time and both tag shapes", () => {
    const mapped = toDeliveryEvent(event("email.delivered"), "msg_9", NOW, URLS)!
    expect(mapped).toEqual({
      eventId: "msg_9",
      type: "email.delivered",
      kind: "delivered",
      emailId: "em_1",
      recipientId: "nlrcp_1",
      occurredAt: new Date("2026-11-27T11:00:00.000Z"),
      now: NOW,
    })
    expect(eventTag(event("email.opened", { tags: [{ name: "recipient_id", value: "nlrcp_2" }] }), "recipient_id")).toBe(
      "nlrcp_2"
    )
  })
})

describe("toDeliveryEvent of a click", () => {
  it("should carry the clicked link, the plugin's own links without their token", () => {
    const links = [
      { link: "https://shop.example.jp/products/tea" },
      { link: "https://shop.example.jp/newsletter-coupons/a1b2.eyJyIjoxfQ.c2ln" },
      {},
    ].map((click) => toDeliveryEvent(event("email.clicked", { click }), "msg_1", NOW, URLS)!.link)
    expect(links).toEqual([
      { url: "https://shop.example.jp/products/tea", kind: "link" },
      { url: "https://shop.example.jp/newsletter-coupons", kind: "coupon" },
      null,
    ])
  })
})

describe("event types", () => {
  const types = ["email.delivered", "email.bounced", "email.suppressed", "email.sent", "email.scheduled", "contact.created", "domain.updated", "email.brand_new", "toString"]

  it("should read the nine delivery reports only", () => {
    expect(types.map(isDeliveryReportType)).toEqual([true, true, true, false, false, false, false, false, false])
  })

  it("should log every unread type except the quiet sent and scheduled", () => {
    expect(types.map(isNoteworthyIgnoredType)).toEqual([false, false, false, false, false, true, true, true, true])
  })
})
