import { MedusaError } from "@medusajs/framework/utils"
import {
  ArticleSource,
  CompileContext,
  compileArticle,
  formatCustomerName,
  RecipientVars,
  sampleRecipient,
} from "../render"

jest.setTimeout(60 * 1000)

const context: CompileContext = {
  shopName: "山田商店",
  sender: {
    name: "株式会社ヤマダ",
    postalAddress: "〒100-0001 東京都千代田区千代田1-1",
    contact: "info@example.com",
  },
}

const recipient: RecipientVars = {
  email: "taro@example.com",
  last_name: "山田",
  first_name: "太郎",
  unsubscribe_url: "https://shop.example.com/unsubscribe?token=abc.def",
  coupon_url: "https://shop.example.com/coupon?token=ghi.jkl",
  coupon_code: "SPRING10",
}

const TEXT_IDENTITY =
  "\n\n----------------------------------------\n" +
  "発行者: 株式会社ヤマダ\n" +
  "住所: 〒100-0001 東京都千代田区千代田1-1\n" +
  "お問い合わせ: info@example.com\n"

const TEXT_FOOTER =
  TEXT_IDENTITY + "配信停止: https://shop.example.com/unsubscribe?token=abc.def\n"

const HTML_IDENTITY =
  '<div style="margin:24px 0 0;padding:12px 0 0;border-top:1px solid #dddddd;' +
  'font-size:12px;line-height:1.6;color:#666666;"><p style="margin:0;">' +
  "発行者: 株式会社ヤマダ<br>住所: 〒100-0001 東京都千代田区千代田1-1<br>" +
  "お問い合わせ: info@example.com</p>"

const HTML_FOOTER =
  HTML_IDENTITY +
  '<p style="margin:8px 0 0;">' +
  '<a href="https://shop.example.com/unsubscribe?token=abc.def">配信停止はこちら</a></p></div>'

const TEXT_ALTERNATIVE_FOOTER =
  "発行者: 株式会社ヤマダ\n" +
  "住所: 〒100-0001 東京都千代田区千代田1-1\n" +
  "お問い合わせ: info@example.com\n\n" +
  "配信停止はこちら [https://shop.example.com/unsubscribe?token=abc.def]"

const MJML_BUTTON = `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text><#顧客名>様、こんにちは。</mj-text>
        <mj-button href="<#クーポンURL>">クーポンを使う</mj-button>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`

function compile(article: Partial<ArticleSource>, ctx: CompileContext = context) {
  return compileArticle({ subject: "件名", body: "", format: "text", ...article }, ctx)
}

async function errorOf(promise: Promise<unknown>): Promise<MedusaError> {
  try {
    await promise
  } catch (e) {
    return e as MedusaError
  }
  throw new Error("expected an error")
}

describe("compileArticle", () => {
  describe("tags", () => {
    it.each([
      ["<#顧客名>", "山田 太郎"],
      ["<#姓>", "山田"],
      ["<#名>", "太郎"],
      ["<#メールアドレス>", "taro@example.com"],
      ["<#ショップ名>", "山田商店"],
      ["<#配信停止URL>", "https://shop.example.com/unsubscribe?token=abc.def"],
      ["<#クーポンURL>", "https://shop.example.com/coupon?token=ghi.jkl"],
      ["<#クーポンコード>", "SPRING10"],
    ])("should render %s in the subject and a text body", async (tag, value) => {
      const compiled = await compile({ subject: `[${tag}]`, body: `値: ${tag}` })
      const mail = compiled.render(recipient)
      expect(mail.subject).toBe(`[${value}]`)
      const footer = tag === "<#配信停止URL>" ? TEXT_IDENTITY : TEXT_FOOTER
      expect(mail.text).toBe(`値: ${value}${footer}`)
      expect(mail.html).toBeNull()
    })

    it("should render Handlebars conditions over the recipient", async () => {
      const compiled = await compile({
        body: "{{#if coupon_url}}クーポン: <#クーポンコード>{{else}}クーポンなし{{/if}}",
      })
      expect(compiled.render(recipient).text).toBe(`クーポン: SPRING10${TEXT_FOOTER}`)
      expect(compiled.render({ ...recipient, coupon_url: null, coupon_code: null }).text).toBe(
        `クーポンなし${TEXT_FOOTER}`
      )
    })

    it("should refuse an unknown tag", async () => {
      const error = await errorOf(compile({ body: "<#会員ランク>様" }))
      expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error.message).toMatch(/^Unknown tag <#会員ランク> in body\. Valid tags: <#顧客名>, /)
    })
  })

  describe("customer name", () => {
    it.each([
      ["山田", "太郎", "山田 太郎"],
      ["山田", null, "山田"],
      [undefined, "太郎", "太郎"],
      [null, null, "お客様"],
      ["  ", "", "お客様"],
      [" 山田 ", " 太郎 ", "山田 太郎"],
    ])("should render last %p and first %p as %p", async (last, first, expected) => {
      expect(formatCustomerName(last, first)).toBe(expected)
      const compiled = await compile({ subject: "<#顧客名>様", body: "<#顧客名>様\n<#姓>|<#名>|" })
      const mail = compiled.render({ ...recipient, last_name: last, first_name: first })
      expect(mail.subject).toBe(`${expected}様`)
      expect(mail.text).toBe(
        `${expected}様\n${last?.trim() ?? ""}|${first?.trim() ?? ""}|${TEXT_FOOTER}`
      )
    })
  })

  describe("escaping", () => {
    const hostile = { ...recipient, last_name: "<script>", first_name: '"太郎"' }

    it("should not HTML-escape values in a text body", async () => {
      const compiled = await compile({ body: "<#顧客名>様" })
      expect(compiled.render(hostile).text).toBe(`<script> "太郎"様${TEXT_FOOTER}`)
    })

    it("should HTML-escape values in HTML content and attributes", async () => {
      const compiled = await compile({
        format: "html",
        body: '<html><body><p title="<#名>"><#顧客名>様</p>{{{last_name}}}</body></html>',
      })
      expect(compiled.render(hostile).html).toBe(
        '<html><body><p title="&quot;太郎&quot;">&lt;script&gt; &quot;太郎&quot;様</p>' +
          `&lt;script&gt;${HTML_FOOTER}</body></html>`
      )
    })

    it("should escape the sender's identity in the HTML footer and keep address lines", async () => {
      const compiled = await compile(
        { format: "html", body: "<p>本文</p>" },
        {
          shopName: "<Shop>",
          sender: { name: "A&B {{x}}", postalAddress: "〒100-0001\n東京都", contact: "<c>" },
        }
      )
      expect(compiled.render(recipient).html).toBe(
        "<p>本文</p>" +
          '<div style="margin:24px 0 0;padding:12px 0 0;border-top:1px solid #dddddd;' +
          'font-size:12px;line-height:1.6;color:#666666;"><p style="margin:0;">' +
          "発行者: A&amp;B {{x}}<br>住所: 〒100-0001<br>東京都<br>お問い合わせ: &lt;c&gt;</p>" +
          '<p style="margin:8px 0 0;">' +
          '<a href="https://shop.example.com/unsubscribe?token=abc.def">配信停止はこちら</a></p></div>'
      )
    })

    it("should not HTML-escape the subject and should replace its line breaks with spaces", async () => {
      const compiled = await compile({ subject: "<#顧客名>様へ\nお知らせ", body: "b" })
      const mail = compiled.render({
        ...recipient,
        last_name: "<b>山田\r\nBcc: evil@example.com",
        first_name: "太\r郎\n",
      })
      expect(mail.subject).toBe("<b>山田 Bcc: evil@example.com 太 郎様へ お知らせ")
    })
  })

  describe("footer", () => {
    it("should end a text mail with the identity and the unsubscribe link", async () => {
      const compiled = await compile({ body: "本文\n\n" })
      expect(compiled.render(recipient).text).toBe(`本文${TEXT_FOOTER}`)
    })

    it("should leave the unsubscribe link out when the body prints <#配信停止URL>", async () => {
      const compiled = await compile({ body: "配信停止: <#配信停止URL>" })
      expect(compiled.render(recipient).text).toBe(
        `配信停止: https://shop.example.com/unsubscribe?token=abc.def${TEXT_IDENTITY}`
      )
    })

    it("should keep the unsubscribe link when the body prints it only conditionally", async () => {
      const compiled = await compile({ body: "{{#if coupon_url}}<#配信停止URL>{{/if}}" })
      expect(compiled.render({ ...recipient, coupon_url: null }).text).toBe(TEXT_FOOTER)
    })

    it("should insert the HTML footer before </body>", async () => {
      const compiled = await compile({
        format: "html",
        body: "<html><body><p>本文</p></BODY>\n</html>",
      })
      expect(compiled.render(recipient).html).toBe(
        `<html><body><p>本文</p>${HTML_FOOTER}</BODY>\n</html>`
      )
    })

    it("should append the HTML footer to a fragment without </body>", async () => {
      const compiled = await compile({ format: "html", body: "<p>本文</p>" })
      expect(compiled.render(recipient).html).toBe(`<p>本文</p>${HTML_FOOTER}`)
    })

    it("should give the identity only when an HTML body has its own unsubscribe link", async () => {
      const compiled = await compile({
        format: "html",
        body: '<p><a href="<#配信停止URL>">配信停止</a></p>',
      })
      expect(compiled.render(recipient).html).toBe(
        '<p><a href="https://shop.example.com/unsubscribe?token=abc.def">配信停止</a></p>' +
          `${HTML_IDENTITY}</div>`
      )
    })

    it("should refuse to compile without the sender's full identity", async () => {
      const error = await errorOf(
        compile({ body: "b" }, { shopName: "s", sender: { name: "n", postalAddress: " ", contact: "" } })
      )
      expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error.message).toBe(
        "The newsletter sender's postal address, contact must be set: 特定電子メール法 requires " +
          "the sender's name, postal address and contact in every newsletter"
      )
    })

    it("should refuse to render for a recipient without an unsubscribe link", async () => {
      const compiled = await compile({ body: "b" })
      const error = await errorOf(
        Promise.resolve().then(() => compiled.render({ ...recipient, unsubscribe_url: "" }))
      )
      expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error.message).toBe(
        "A newsletter recipient needs an unsubscribe_url: every newsletter must offer one"
      )
    })
  })

  describe("plain-text alternative", () => {
    it("should derive the text part of an HTML mail from the recipient's HTML", async () => {
      const compiled = await compile({
        format: "html",
        body:
          "<html><head><title><#ショップ名></title></head><body>" +
          "<h1>Hello <#名></h1><p><#顧客名>様</p>" +
          '{{#if coupon_url}}<p><a href="<#クーポンURL>">クーポンを使う</a></p>{{/if}}' +
          '<img src="https://shop.example.com/logo.png" alt="logo"></body></html>',
      })
      const mail = compiled.render({ ...recipient, first_name: "Taro", last_name: "<Yamada>" })
      expect(mail.text).toBe(
        "Hello Taro\n\n<Yamada> Taro様\n\n" +
          "クーポンを使う [https://shop.example.com/coupon?token=ghi.jkl]\n\n" +
          TEXT_ALTERNATIVE_FOOTER
      )
      expect(compiled.render({ ...recipient, coupon_url: undefined }).text).toBe(
        `Hello 太郎\n\n山田 太郎様\n\n${TEXT_ALTERNATIVE_FOOTER}`
      )
    })

    it("should convert each recipient's HTML when the template holds a marker character", async () => {
      const compiled = await compile({ format: "html", body: "<p>\uFDD0<#顧客名>様</p>" })
      expect(compiled.render(recipient).text).toBe(
        `\uFDD0山田 太郎様\n\n${TEXT_ALTERNATIVE_FOOTER}`
      )
    })
  })

  describe("MJML", () => {
    it("should keep a tag inside an href through MJML", async () => {
      const compiled = await compile({ format: "mjml", subject: "<#顧客名>様", body: MJML_BUTTON })
      const mail = compiled.render(recipient)
      expect(mail.subject).toBe("山田 太郎様")
      expect(mail.html).toContain('href="https://shop.example.com/coupon?token=ghi.jkl"')
      expect(mail.html).toContain(">山田 太郎様、こんにちは。</div>")
      expect(mail.html).toContain(
        ">発行者: 株式会社ヤマダ<br />住所: 〒100-0001 東京都千代田区千代田1-1<br />" +
          "お問い合わせ: info@example.com<br /><br />" +
          '<a href="https://shop.example.com/unsubscribe?token=abc.def">配信停止はこちら</a></div>'
      )
      expect(mail.html).toMatch(/<\/html>\s*$/)
      expect(mail.text).toBe(
        "山田 太郎様、こんにちは。\n\n" +
          "クーポンを使う [https://shop.example.com/coupon?token=ghi.jkl]\n\n" +
          TEXT_ALTERNATIVE_FOOTER
      )
    })

    it("should HTML-escape recipient values in MJML output", async () => {
      const compiled = await compile({ format: "mjml", body: MJML_BUTTON })
      const html = compiled.render({
        ...recipient,
        last_name: "<script>",
        coupon_url: 'https://x.example/"onmouseover="alert(1)',
      }).html
      expect(html).toContain(">&lt;script&gt; 太郎様、こんにちは。</div>")
      expect(html).toContain('href="https://x.example/&quot;onmouseover=&quot;alert(1)"')
      expect(html).not.toContain("<script>")
    })

    it("should list MJML errors with their line numbers", async () => {
      const error = await errorOf(
        compile({
          format: "mjml",
          body:
            "<mjml>\n<mj-body>\n<mj-section>\n<mj-column>\n" +
            '<mj-text colour="red">x</mj-text>\n<mj-bogus />\n' +
            "</mj-column>\n</mj-section>\n</mj-body>\n</mjml>",
        })
      )
      expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error.message).toBe(
        "Invalid MJML in body: line 5 <mj-text>: Attribute colour is illegal; " +
          "line 6 <mj-bogus>: Element mj-bogus doesn't exist or is not registered"
      )
    })

    it("should refuse a body that is not MJML", async () => {
      const error = await errorOf(compile({ format: "mjml", body: "こんにちは" }))
      expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error.message).toBe("Invalid MJML in body: Parsing failed. Check your mjml.")
    })

    it("should refuse Handlebars that MJML would drop", async () => {
      const error = await errorOf(
        compile({
          format: "mjml",
          body:
            "<mjml><mj-body><mj-section><mj-column>\n{{#if coupon_url}}\n" +
            '<mj-button href="<#クーポンURL>">クーポン</mj-button>\n{{/if}}\n' +
            "</mj-column></mj-section></mj-body></mjml>",
        })
      )
      expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error.message).toBe(
        "Invalid MJML in body: MJML removed {{#if coupon_url}} (line 2). Text directly inside " +
          "<mj-body>, <mj-section> or <mj-column> is dropped: put it in <mj-text>, or wrap " +
          "Handlebars around whole components in <mj-raw>"
      )
    })

    it("should keep Handlebars around components wrapped in <mj-raw>", async () => {
      const compiled = await compile({
        format: "mjml",
        body:
          "<mjml><mj-body><mj-section><mj-column>" +
          "<mj-raw>{{#if coupon_url}}</mj-raw>" +
          '<mj-button href="<#クーポンURL>">クーポン</mj-button>' +
          "<mj-raw>{{/if}}</mj-raw>" +
          "</mj-column></mj-section></mj-body></mjml>",
      })
      expect(compiled.render(recipient).html).toContain("coupon?token=ghi.jkl")
      expect(compiled.render({ ...recipient, coupon_url: "" }).html).not.toContain("クーポン</a>")
    })

    it("should give the same bytes when the same MJML is compiled again", async () => {
      const body =
        "<mjml><mj-body><mj-section><mj-column>" +
        '<mj-navbar><mj-navbar-link href="https://shop.example.com/a">A</mj-navbar-link></mj-navbar>' +
        '<mj-carousel><mj-carousel-image src="https://shop.example.com/a.jpg" />' +
        '<mj-carousel-image src="https://shop.example.com/b.jpg" /></mj-carousel>' +
        "<mj-text><#顧客名>様</mj-text></mj-column></mj-section></mj-body></mjml>"
      const first = await compile({ format: "mjml", body })
      const second = await compile({ format: "mjml", body })
      expect(first.render(recipient)).toEqual(second.render(recipient))
    })
  })

  describe("determinism", () => {
    it.each(["text", "html", "mjml"] as const)(
      "should render byte-identical %s mails for the same recipient",
      async (format) => {
        const body = format === "mjml" ? MJML_BUTTON : "<p><#顧客名>様 <#クーポンURL></p>"
        const compiled = await compile({ format, subject: "<#顧客名>様", body })
        const first = compiled.render(recipient)
        compiled.render({ ...recipient, first_name: "花子", coupon_url: null })
        const second = compiled.render({ ...recipient })
        expect(second).toEqual(first)
        expect(Buffer.from(JSON.stringify(second))).toEqual(Buffer.from(JSON.stringify(first)))
      }
    )
  })

  it("should render the sample recipient for previews", async () => {
    const compiled = await compile({ subject: "<#顧客名>様", body: "<#メールアドレス>" })
    expect(compiled.render(sampleRecipient).subject).toBe("山田 太郎様")
    expect(compiled.render(sampleRecipient).text.startsWith("sample@example.com\n")).toBe(true)
  })

  it("should refuse an unknown format", async () => {
    const error = await errorOf(compile({ format: "markdown" as ArticleSource["format"] }))
    expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
    expect(error.message).toBe('Unknown article format "markdown". Valid formats: text, html, mjml')
  })
})
