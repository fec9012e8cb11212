import i18next from "i18next"
import en from "../../i18n/json/en.json"
import ja from "../../i18n/json/ja.json"
import { articleReason, reasonParams, recipientError } from "../reasons"

/** The admin's dictionaries in an i18next of their own, as the dashboard loads them. */
async function translator(language: "ja" | "en") {
  const i18n = i18next.createInstance()
  await i18n.init({
    lng: language,
    resources: { en: { newsletter: en }, ja: { newsletter: ja } },
    defaultNS: "newsletter",
    interpolation: { escapeValue: false },
  })
  return i18n.getFixedT(language, "newsletter")
}

const waiting = {
  status_reason: "Waiting outside the category's sending window (08:00–21:00 Asia/Tokyo); …",
  status_reason_code: "waiting_for_window",
  status_reason_params: {
    window_start: "08:00",
    window_end: "21:00",
    timezone: "Asia/Tokyo",
    opens_at: "2026-11-27T23:00:00.000Z",
  },
}

describe("reasonParams", () => {
  it("should show times in the store's zone, join lists in the language's way and keep the rest", () => {
    expect(reasonParams({ opens_at: "2026-11-27T23:00:00.000Z", batches: [1, 2], recipients: 4 }, "Asia/Tokyo", "ja")).toEqual({
      opens_at: "2026/11/28 08:00",
      batches: "1、2",
      recipients: 4,
    })
    expect(reasonParams({ batches: [1, 2] }, "Asia/Tokyo", "en")).toEqual({ batches: "1, 2" })
    expect(reasonParams(null, "Asia/Tokyo", "en")).toEqual({})
  })
})

describe("articleReason", () => {
  it("should say a window wait in Japanese from the code, never the English sentence", async () => {
    expect(articleReason(await translator("ja"), waiting, "Asia/Tokyo", "ja")).toBe(
      "配信カテゴリの配信可能時間帯（08:00〜21:00、Asia/Tokyo）外のため、送信を待っています。2026/11/28 08:00 に送信を開始（再開）します。"
    )
    expect(articleReason(await translator("en"), waiting, "Asia/Tokyo", "en")).toBe(
      "Waiting for the category's sending window (08:00–21:00, Asia/Tokyo). Sending starts or goes on at 11/28/2026, 08:00."
    )
  })

  it("should say every stored reason in Japanese with its values", async () => {
    const t = await translator("ja")
    const say = (code: string, params: Record<string, unknown>) =>
      articleReason(t, { status_reason_code: code, status_reason_params: params }, "Asia/Tokyo", "ja")
    expect([
      say("stopped_error_rate", { failed: 30, attempted: 100, error_rate_percent: 30, threshold_percent: 10 }),
      say("needs_attention", { recipients: 4, batches: [1, 2] }),
      say("nobody_left", { skipped: 2 }),
      say("paused_quota", { provider_message: "daily_quota_exceeded: q" }),
    ]).toEqual([
      "配信停止: 送信を試みた100件のうち30件がエラーになりました（30%、上限10%）。リストをクリーニングしてから配信してください。",
      "要確認: 4件（バッチ 1、2）は送信を確認できないまま、初回送信から23時間以上経過しています。自動では再送しません。Resendのメールログ（タグ newsletter_id）を確認してから対応してください。",
      "配信対象者がいませんでした: 2件すべてが予約後に配信停止またはクリーニング済になりました。",
      "Resendの送信上限に達したため、送信を一時停止しています（daily_quota_exceeded: q）。次回の送信が成功した時点で再開します。",
    ])
  })

  it("should have nothing without a code, and name a code this admin doesn't know", async () => {
    const t = await translator("ja")
    expect(articleReason(t, { status_reason_code: null }, "Asia/Tokyo", "ja")).toBeNull()
    expect(articleReason(t, { status_reason_code: "from_the_future", status_reason_params: {} }, "Asia/Tokyo", "ja")).toBe(
      "理由コード: from_the_future"
    )
  })

  it("should have a Japanese and an English text for every reason code", () => {
    const codes = ["waiting_for_window", "paused_quota", "paused_provider_error", "stopped_error_rate", "needs_attention", "nobody_left", "owner_skipped_all"]
    for (const dictionary of [ja, en]) {
      expect(Object.keys(dictionary.reasons).sort()).toEqual([...codes, "unknown"].sort())
    }
  })
})

describe("recipientError", () => {
  it("should say the plugin's reasons from their code, and the provider's text after the kind of error", async () => {
    const t = await translator("ja")
    expect(
      recipientError(t, { error_code: "unsubscribed_after_reservation", error_type: null, error_reason: "unsubscribed after the reservation" })
    ).toBe("予約後に配信停止されたため送信していません")
    expect(recipientError(t, { error_code: null, error_type: "permanent", error_reason: "550 mailbox does not exist" })).toBe(
      "恒久的なエラー: 550 mailbox does not exist"
    )
    expect(recipientError(t, { error_code: null, error_type: null, error_reason: null })).toBeNull()
  })
})
