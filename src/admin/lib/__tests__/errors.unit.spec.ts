import i18next from "i18next"
import en from "../../i18n/json/en.json"
import ja from "../../i18n/json/ja.json"
import { setI18n } from "react-i18next"
import { apiErrorText, errorMessage, fieldLabel, renderApiError, type Translator } from "../errors"
import { translator } from "./translator"

/** A failed request as the admin's fetch throws it: the status and the answer's body. */
const failure = (status: number, body: unknown) => Object.assign(new Error("English message"), { status, body })

const badArticle = failure(400, {
  type: "invalid_data",
  code: "invalid_request",
  message: "Invalid request: subject is required; format must be one of: text, html, mjml; unknown field: sent_at",
  params: {},
  errors: [
    { path: "subject", code: "required", params: {} },
    { path: "format", code: "invalid_value", params: { values: ["text", "html", "mjml"] } },
    { path: "audience.created_at", code: "reversed_range", params: {} },
    { path: "", code: "unknown_fields", params: { keys: ["sent_at"] } },
  ],
})

describe("renderApiError", () => {
  let tja: Translator
  let ten: Translator
  beforeAll(async () => {
    tja = await translator("ja")
    ten = await translator("en")
  })

  it("should put each problem at its field by its top-level name, in Japanese, and the rest in general", () => {
    expect(renderApiError(badArticle, tja, { fields: ["subject", "format", "audience"] })).toEqual({
      fields: {
        subject: "件名を入力してください。",
        format: "メール形式は次のいずれかを指定してください: text、html、mjml",
        audience: "配信対象（登録日）の下限が上限より後（大きい値）になっています。",
      },
      general: ["指定できない項目が含まれています: sent_at"],
    })
  })

  it("should say the same in English", () => {
    expect(renderApiError(badArticle, ten, { fields: ["subject"] })).toEqual({
      fields: { subject: "Subject is required." },
      general: [
        "Mail format must be one of: text, html, mjml",
        "Audience (Registration date): the lower bound is after the upper bound.",
        "Unknown fields: sent_at",
      ],
    })
  })

  it("should use the variant of a code for the kind of value (text length, list size, date format)", () => {
    const error = failure(400, {
      type: "invalid_data",
      code: "invalid_request",
      message: "x",
      params: {},
      errors: [
        { path: "subject", code: "too_big", params: { maximum: 255, origin: "string" } },
        { path: "audience.address.country_code", code: "too_small", params: { minimum: 1, origin: "array" } },
        { path: "scheduled_at", code: "invalid_format", params: { format: "datetime" } },
        { path: "count", code: "invalid_type", params: { expected: "int" } },
        { path: "q", code: "something_new", params: {} },
      ],
    })
    expect(renderApiError(error, tja).general).toEqual([
      "件名は255文字以内で入力してください。",
      "配信対象（住所（国コード））を1件以上指定してください。",
      "配信予約時間は日時（タイムゾーン付き、例: 2026-12-01T10:00:00+09:00）で指定してください。",
      "countは整数で指定してください。",
      "検索語の値が正しくありません。",
    ])
  })

  it("should say an error with a code and params from the dictionaries, translating statuses and actions", () => {
    const error = failure(409, {
      type: "conflict",
      code: "newsletter_sending_started",
      message: 'Sending of newsletter "nl_1" has already started (status: sending); it can no longer be cancelled',
      params: { id: "nl_1", status: "sending", action: "cancel" },
    })
    expect(renderApiError(error, tja)).toEqual({
      fields: {},
      general: ["この記事はすでに配信が始まっているため（現在のステータス: 配信中）、キャンセルすることはできません。"],
    })
    expect(apiErrorText(error, ten)).toEqual(
      "Sending of this newsletter has already started (now: Sending), so it can no longer be cancelled."
    )
  })

  it("should show a field problem of a rule (an unknown tag in the body) at the field, naming the field", () => {
    const valid = ["<#顧客名>", "<#姓>"]
    const error = failure(400, {
      type: "invalid_data",
      code: "unknown_tag",
      message: "Unknown tag <#会員ランク> in body. Valid tags: …",
      params: { tag: "<#会員ランク>", field: "body", valid },
      errors: [{ path: "body", code: "unknown_tag", params: { tag: "<#会員ランク>", field: "body", valid } }],
    })
    expect(renderApiError(error, tja, { fields: ["subject", "body"] })).toEqual({
      fields: { body: "本文に使用できない独自タグがあります: <#会員ランク>。使用できる独自タグ: <#顧客名>、<#姓>" },
      general: [],
    })
  })

  it("should format dates with the screen's formatter and lists with the language's separator", () => {
    const params = { min_minutes: 3, earliest_at: "2026-11-27T12:03:00.000Z", time_zone: "Asia/Tokyo" }
    const error = failure(400, {
      type: "invalid_data",
      code: "send_time_too_soon",
      message: "scheduled_at must be at least 3 minutes from now (earliest: 2026-11-27 21:03 (Asia/Tokyo))",
      params,
      errors: [{ path: "scheduled_at", code: "send_time_too_soon", params }],
    })
    expect(
      renderApiError(error, tja, { fields: ["scheduled_at"], formatDate: (iso) => `[${iso.slice(0, 16)}]` }).fields
    ).toEqual({
      scheduled_at: "配信予約時間は現時間の3分先以降を指定してください（指定できる最も早い時間: [2026-11-27T12:03]）。",
    })
  })

  it("should join the problems of one field", () => {
    const error = failure(400, {
      type: "invalid_data",
      code: "invalid_audience",
      message: "x",
      params: {},
      errors: [
        { path: "audience.customer_groups.in_any", code: "unknown_customer_groups", params: { ids: ["cg_1", "cg_2"] } },
        { path: "audience.promotion.used", code: "unknown_promotion", params: { id: "promo_x" } },
      ],
    })
    expect(renderApiError(error, tja, { fields: ["audience"] }).fields).toEqual({
      audience: "顧客グループが見つかりません: cg_1、cg_2 指定されたクーポン（promo_x）が見つかりません。",
    })
  })

  it("should fall back to the type's text for a code the dictionaries don't know, never the message", () => {
    const error = failure(404, { type: "not_found", code: "something_new", message: "Thing with id x was not found", params: {} })
    expect(apiErrorText(error, tja)).toEqual("対象が見つかりません。削除された可能性があります。")
  })

  it("should fall back to the HTTP status for Medusa's own answers, and say when the server was not reached", () => {
    expect(apiErrorText(failure(401, { message: "Unauthorized" }), tja)).toEqual(
      "ログインの有効期限が切れました。再度ログインしてください。"
    )
    expect(apiErrorText(failure(500, { code: "unknown_error", type: "unknown_error", message: "An unknown error occurred." }), ten)).toEqual(
      "Something went wrong on the server. Please try again later."
    )
    expect(apiErrorText(failure(502, {}), tja)).toEqual("サーバーで問題が発生しました。時間をおいて再度お試しください。")
    expect(apiErrorText(new TypeError("Failed to fetch"), tja)).toEqual(
      "サーバーに接続できませんでした。通信環境を確認してください。"
    )
    expect(apiErrorText(new Error("boom"), ten)).toEqual("Something went wrong. Please try again later.")
  })

  it("should have a ja and an en text for every code of both dictionaries, with the same placeholders", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()
    const flat = (o: Record<string, unknown>, prefix = ""): Record<string, string> =>
      Object.fromEntries(
        Object.entries(o).flatMap(([k, v]) =>
          typeof v === "string" ? [[prefix + k, v]] : Object.entries(flat(v as Record<string, unknown>, `${prefix}${k}.`))
        )
      )
    const jaErrors = flat(ja.errors)
    const enErrors = flat(en.errors)
    expect(Object.keys(jaErrors).sort()).toEqual(Object.keys(enErrors).sort())
    for (const key of Object.keys(jaErrors)) {
      expect([key, placeholders(jaErrors[key])]).toEqual([key, placeholders(enErrors[key])])
    }
  })
})

describe("fieldLabel", () => {
  it("should name nested paths by their labels, skipping list indexes, and keep unknown names", async () => {
    const tja = await translator("ja")
    expect(fieldLabel("subject", tja)).toBe("件名")
    expect(fieldLabel("audience.address.country_code.0", tja)).toBe("配信対象（住所（国コード））")
    expect(fieldLabel("sent_at", tja)).toBe("sent_at")
    expect(fieldLabel("", tja)).toBe("")
  })

  it("should say the purchase, metadata and any_of problems of an audience in both languages", async () => {
    const audienceProblems = failure(400, {
      type: "invalid_data",
      code: "invalid_audience",
      message: "English message",
      params: {},
      errors: [
        { path: "audience.purchased.category_ids", code: "unknown_product_categories", params: { ids: ["pcat_x", "pcat_y"] } },
        { path: "audience.any_of.0.metadata_month.months.1", code: "invalid_month", params: { minimum: 1, maximum: 12 } },
        { path: "audience.any_of.0.any_of", code: "nested_any_of", params: {} },
      ],
    })
    expect(renderApiError(audienceProblems, await translator("ja")).general).toEqual([
      "商品カテゴリが見つかりません: pcat_x、pcat_y",
      "配信対象（いずれかの条件（メタデータの月（誕生月など）（月）））は1〜12の月で指定してください。",
      "配信対象（いずれかの条件（いずれかの条件））の中に「いずれかの条件」を入れることはできません（1段階のみ）。",
    ])
    expect(renderApiError(audienceProblems, await translator("en")).general).toEqual([
      "Product categories not found: pcat_x, pcat_y",
      "Audience (Any of (Month in metadata (Months))) must be months from 1 to 12.",
      "Audience (Any of (Any of)) can't be used inside another any_of (one level of OR only).",
    ])
  })
})

describe("errorMessage", () => {
  it("should say the error with the dashboard's i18next in its language, the plugin's namespace", async () => {
    const i18n = i18next.createInstance()
    await i18n.init({
      lng: "ja",
      resources: { ja: { newsletter: ja, translation: {} } },
      interpolation: { escapeValue: false },
    })
    setI18n(i18n as Parameters<typeof setI18n>[0])
    expect(
      errorMessage(
        failure(404, { type: "not_found", code: "newsletter_not_found", message: "x", params: { id: "nl_1" } })
      )
    ).toEqual("記事が見つかりません。削除された可能性があります。")
  })
})
