import { buildNewsletterFeedNotification, hasFeedChannel, newsletterFeedTexts } from "../notifications/newsletter-feed"

const article = {
  id: "nl_1",
  subject: "冬のセール",
  succeeded_count: 1234,
  failed_count: 5,
  skipped_count: 2,
  unsent_count: 40,
  status_reason_code: null,
}

describe("buildNewsletterFeedNotification", () => {
  it("should write the feed notification in the chosen language, keeping both, with the article's id and page", () => {
    const notification = buildNewsletterFeedNotification({
      event: "newsletter.sent",
      payload: { id: "nl_1" },
      article,
      language: "en",
      adminPath: "/dashboard/",
    })
    const texts = {
      ja: {
        title: "メルマガの配信が完了しました",
        description: "「冬のセール」を1,234件送信しました（エラー5件、送信対象外2件）。",
      },
      en: { title: "Newsletter sent", description: "“冬のセール” went out to 1,234 recipients (5 errors, 2 skipped)." },
    }
    expect(notification).toEqual({
      to: "",
      channel: "feed",
      template: "admin-ui",
      trigger_type: "newsletter.sent",
      resource_id: "nl_1",
      resource_type: "newsletter",
      idempotency_key: "newsletter.sent/nl_1",
      data: {
        ...texts.en,
        newsletter_id: "nl_1",
        event: "newsletter.sent",
        url: "/dashboard/newsletters/nl_1",
        language: "en",
        texts,
      },
    })
  })

  it("should key a pause and a need for attention by when they began, the final events by the article only", () => {
    const key = (event: Parameters<typeof buildNewsletterFeedNotification>[0]["event"]) =>
      buildNewsletterFeedNotification({
        event,
        payload: { id: "nl_1", occurred_at: "2026-12-02T01:00:00.000Z", cause: "quota" },
        article,
        language: "ja",
        adminPath: "/app",
      }).idempotency_key
    expect(
      ["newsletter.stopped", "newsletter.failed", "newsletter.sent", "newsletter.paused", "newsletter.needs_attention"].map(
        (e) => key(e as any)
      )
    ).toEqual([
      "newsletter.stopped/nl_1",
      "newsletter.failed/nl_1",
      "newsletter.sent/nl_1",
      "newsletter.paused/nl_1/2026-12-02T01:00:00.000Z",
      "newsletter.needs_attention/nl_1/2026-12-02T01:00:00.000Z",
    ])
  })
})

describe("newsletterFeedTexts", () => {
  it("should say why an article failed from its stored reason code", () => {
    expect(newsletterFeedTexts("newsletter.failed", { id: "nl_1" }, { ...article, status_reason_code: "owner_skipped_all" }).ja)
      .toEqual({
        title: "メルマガの配信に失敗しました",
        description: "「冬のセール」は、確認待ちのバッチを再送しないことにしたため、送信が確認されたメールがありません（配信失敗）。",
      })
  })

  it("should tell a provider refusal from a quota pause", () => {
    expect(newsletterFeedTexts("newsletter.paused", { id: "nl_1", cause: "provider_error" }, article).ja.description).toBe(
      "「冬のセール」は、Resendが送信を受け付けなかったため一時停止しています。APIキーと送信元アドレスの設定を確認してください。" +
        "未送信は40件です。次の送信が成功すると自動で再開します。"
    )
  })
})

describe("hasFeedChannel", () => {
  const local = (channels: unknown) => ({
    resolve: "@medusajs/medusa/notification",
    options: { providers: [{ resolve: "@medusajs/medusa/notification-local", id: "local", options: { channels } }] },
  })

  it("should find a provider on the feed channel", () => {
    expect(hasFeedChannel(local(["feed"]))).toBe(true)
    expect(hasFeedChannel(local(["email", "feed"]))).toBe(true)
  })

  it("should find none without the module, with it disabled, or with providers on other channels only", () => {
    expect(hasFeedChannel(undefined)).toBe(false)
    expect(hasFeedChannel(false)).toBe(false)
    expect(hasFeedChannel({ ...local(["feed"]), disable: true })).toBe(false)
    expect(hasFeedChannel(local(["email"]))).toBe(false)
    expect(hasFeedChannel(local(undefined))).toBe(false)
    expect(hasFeedChannel({ resolve: "@medusajs/medusa/notification" })).toBe(false)
  })
})
