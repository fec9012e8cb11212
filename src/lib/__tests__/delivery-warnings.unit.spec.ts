import { deliveryWarnings, deliveryWarningWindow } from "../settings/delivery-warnings"

const NOW = new Date("2026-12-02T03:00:00.000Z")
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000)
const resend = { transport: "resend" as const, outboxDir: "/srv/outbox", webhookSecretConfigured: true, now: NOW }

describe("deliveryWarningWindow", () => {
  it("should cover the sends between 24 hours and 10 minutes ago", () => {
    expect(deliveryWarningWindow(NOW)).toEqual({
      since: new Date("2026-12-01T03:00:00.000Z"),
      until: new Date("2026-12-02T02:50:00.000Z"),
    })
  })
})

describe("deliveryWarnings", () => {
  it("should say only that mail goes to the outbox when there is no Resend", () => {
    expect(
      deliveryWarnings({ ...resend, transport: "outbox", webhookSecretConfigured: false, sentArticles: 3, lastWebhookAt: null })
    ).toEqual([{ code: "outbox_transport", params: { directory: "/srv/outbox" } }])
  })

  it("should say the secret is missing, not also that reports are", () => {
    expect(deliveryWarnings({ ...resend, webhookSecretConfigured: false, sentArticles: 2, lastWebhookAt: null })).toEqual([
      { code: "webhook_secret_missing", params: {} },
    ])
  })

  it("should warn when articles were sent but no report came in 24 hours", () => {
    expect(deliveryWarnings({ ...resend, sentArticles: 2, lastWebhookAt: null })).toEqual([
      { code: "webhooks_missing", params: { articles: 2, hours: 24, last_received_at: null } },
    ])
    expect(deliveryWarnings({ ...resend, sentArticles: 1, lastWebhookAt: new Date(hoursAgo(24).getTime() - 1) })).toEqual([
      { code: "webhooks_missing", params: { articles: 1, hours: 24, last_received_at: "2026-12-01T02:59:59.999Z" } },
    ])
  })

  it("should say nothing when a report came within 24 hours, or nothing was sent", () => {
    expect(deliveryWarnings({ ...resend, sentArticles: 2, lastWebhookAt: hoursAgo(24) })).toEqual([])
    expect(deliveryWarnings({ ...resend, sentArticles: 0, lastWebhookAt: null })).toEqual([])
  })
})
