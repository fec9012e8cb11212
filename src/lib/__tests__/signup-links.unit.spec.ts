import { resolveNewsletterOptions } from "../../modules/newsletter/options"
import { confirmationUrl } from "../dispatch/links"
import { confirmationMail } from "../signup/confirmation-mail"
import { createLinkKeyring, verifyLinkToken } from "../tokens"

const sender = { name: "テスト<ショップ>", postalAddress: "東京都千代田区1-1-1", contact: "support@example.jp" }
const keys = createLinkKeyring("link-secret-0123456789abcdef-0123456789")
const expiresAt = new Date("2026-12-05T01:30:00Z")
const urls = { backendUrl: "https://api.example.jp/", storefrontUrl: "https://shop.example.jp" }

const tokenOf = (url: string) => url.split("/").at(-1)!

describe("confirmationUrl", () => {
  it("should point at the plugin's page by default, with a signed, expiring token for the request", () => {
    const url = confirmationUrl({ ...urls, confirmPath: undefined }, keys, "nlsreq_1", expiresAt)
    expect(url).toMatch(/^https:\/\/api\.example\.jp\/hooks\/newsletter\/confirm\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    expect(verifyLinkToken(tokenOf(url), keys, "confirm")).toEqual({
      purpose: "confirm",
      q: "nlsreq_1",
      exp: expiresAt.getTime() / 1000,
    })
    // Not an unsubscribe or coupon token.
    expect(verifyLinkToken(tokenOf(url), keys, "unsubscribe")).toBeNull()
  })

  it("should point at the storefront's page under confirmPath, the token last", () => {
    const url = confirmationUrl({ ...urls, confirmPath: "/ja/newsletter/confirm/" }, keys, "nlsreq_1", expiresAt)
    expect(url.startsWith("https://shop.example.jp/ja/newsletter/confirm/")).toBe(true)
    expect(verifyLinkToken(tokenOf(url), keys, "confirm")?.q).toEqual("nlsreq_1")
  })
})

describe("confirmationMail", () => {
  it("should write the Japanese mail in text and HTML with the link, its expiry and the sender, escaped in HTML", () => {
    const options = resolveNewsletterOptions({ sender })
    const mail = confirmationMail(options, "hanako@example.jp", "https://api.example.jp/c/t?a=1&b=2", expiresAt)
    expect([mail.to, mail.subject, mail.from]).toEqual([
      "hanako@example.jp",
      "【テスト<ショップ>】メールマガジン登録の確認",
      "テスト<ショップ> <newsletter@localhost>",
    ])
    expect(mail.text).toContain("https://api.example.jp/c/t?a=1&b=2")
    expect(mail.text).toContain("このリンクの有効期限は 2026年12月5日 10:30 です。")
    expect(mail.text).toContain("発行者: テスト<ショップ>")
    expect(mail.html).toContain('<a href="https://api.example.jp/c/t?a&#x3D;1&amp;b&#x3D;2"')
    expect(mail.html).toContain("発行者: テスト&lt;ショップ&gt;")
    expect(mail.html).not.toContain("<ショップ>")
  })
})
