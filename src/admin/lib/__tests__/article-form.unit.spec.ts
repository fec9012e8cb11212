import { AdminCreateNewsletter } from "../../../api/admin/newsletters/validators"
import { EDITABLE_NEWSLETTER_COLUMNS } from "../../../modules/newsletter/repositories/article"
import { EDITABLE_NEWSLETTER_FIELDS } from "../../../lib/newsletter-article"
import { zodIssueProblems } from "../../../lib/zod-issues"
import { type ArticleFormValues, articlePayload, checkArticle } from "../article-form"
import { renderApiError } from "../errors"
import { translator } from "./translator"

const TZ = "Asia/Tokyo"
// 2026-12-01 10:00 in Tokyo.
const NOW = Date.parse("2026-12-01T01:00:00Z")

const values = (over: Partial<ArticleFormValues> = {}): ArticleFormValues => ({
  scheduled_at: "2026-12-01T11:30",
  subject: "夏のセールのお知らせ",
  format: "text",
  body: "こんにちは",
  category_id: null,
  promotion_id: null,
  coupon_mode: "none",
  audience: [],
  ...over,
})

const check = (v: ArticleFormValues, create = true, lead = 3) => checkArticle(v, { timeZone: TZ, create, lead, now: NOW })

describe("articlePayload", () => {
  it("sends the send time with the store's offset, the conditions as the audience, no coupon without a promotion", () => {
    expect(articlePayload(values({ coupon_mode: "code" }), { timeZone: TZ, create: true })).toEqual({
      subject: "夏のセールのお知らせ",
      body: "こんにちは",
      format: "text",
      scheduled_at: "2026-12-01T11:30:00+09:00",
      category_id: null,
      audience: {},
      promotion_id: null,
      coupon_mode: "none",
    })
  })

  it("leaves out an empty subject, body and send time on create, and sends them empty on edit", () => {
    const empty = values({ subject: "  ", body: "", scheduled_at: "" })
    const created = articlePayload(empty, { timeZone: TZ, create: true })
    expect(Object.keys(created).sort()).toEqual(["audience", "category_id", "coupon_mode", "format", "promotion_id"])
    const edited = articlePayload(empty, { timeZone: TZ, create: false })
    expect(edited.subject).toBe("  ")
    expect(edited.body).toBe("")
    expect("scheduled_at" in edited).toBe(false)
  })
})

describe("checkArticle", () => {
  it("passes a complete article", () => {
    const result = check(values())
    expect(result.problems).toEqual([])
    expect(result.schedule).toBeUndefined()
  })

  it("names the missing fields as the API's 400 does, with the same shared schema", () => {
    const v = values({ subject: "", body: "" })
    const result = check(v)
    expect(result.problems).toEqual([
      { path: "subject", code: "required", params: {} },
      { path: "body", code: "required", params: {} },
    ])
    // The server's validator (the same fields plus the audience) says the same of the same body.
    const server = AdminCreateNewsletter.safeParse(result.payload)
    expect(server.success).toBe(false)
    expect(zodIssueProblems(server.error!.issues, result.payload)).toEqual(result.problems)
  })

  it("requires nothing on edit but refuses an emptied subject", () => {
    expect(check(values({ scheduled_at: "" }), false).problems).toEqual([])
    expect(check(values({ subject: " " }), false).problems).toEqual([{ path: "subject", code: "required", params: {} }])
  })

  it("refuses a subject longer than the API allows", () => {
    expect(check(values({ subject: "あ".repeat(256) })).problems).toEqual([
      { path: "subject", code: "too_big", params: { maximum: 255, origin: "string" } },
    ])
  })

  it("refuses a send time less than the lead ahead, and one the input can't hold", () => {
    expect(check(values({ scheduled_at: "2026-12-01T10:02" })).schedule).toEqual({ kind: "leadTime", minutes: 3 })
    expect(check(values({ scheduled_at: "2026-12-01T10:03" })).schedule).toBeUndefined()
    const broken = check(values({ scheduled_at: "12/01 10:00" }))
    expect(broken.schedule).toEqual({ kind: "invalidDate" })
    // The schema's "required" for the time is left to the screen's own text.
    expect(broken.problems).toEqual([])
  })

  it("says the client's problems in the admin's language as it says the API's", async () => {
    const result = check(values({ subject: "", body: "" }))
    const body = { errors: result.problems }
    const fields = EDITABLE_NEWSLETTER_FIELDS
    expect(renderApiError({ status: 400, body }, await translator("ja"), { fields }).fields).toEqual({
      subject: "件名を入力してください。",
      body: "本文を入力してください。",
    })
    expect(renderApiError({ status: 400, body }, await translator("en"), { fields }).fields).toEqual({
      subject: "Subject is required.",
      body: "Body is required.",
    })
  })
})

describe("EDITABLE_NEWSLETTER_FIELDS", () => {
  it("is the list the module's edit statement writes", () => {
    expect(EDITABLE_NEWSLETTER_COLUMNS).toBe(EDITABLE_NEWSLETTER_FIELDS)
  })
})
