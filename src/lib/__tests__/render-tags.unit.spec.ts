import { MedusaError } from "@medusajs/framework/utils"
import {
  assertKnownTags,
  findUnknownTags,
  listTagNames,
  NEWSLETTER_TAGS,
  replaceTags,
  TEMPLATE_VARIABLES,
  VALID_TAGS,
} from "../render"

const VALID_TAG_LIST =
  "<#顧客名>, <#姓>, <#名>, <#メールアドレス>, <#ショップ名>, <#配信停止URL>, <#クーポンURL>, <#クーポンコード>"

const VALID_VARIABLES =
  "customer_name, last_name, first_name, email, shop_name, unsubscribe_url, coupon_url, coupon_code"

function errorOf(fn: () => unknown): MedusaError {
  try {
    fn()
  } catch (e) {
    return e as MedusaError
  }
  throw new Error("expected an error")
}

describe("newsletter tags", () => {
  it("should list the valid tags in palette order", () => {
    expect(VALID_TAGS).toEqual([
      "<#顧客名>",
      "<#姓>",
      "<#名>",
      "<#メールアドレス>",
      "<#ショップ名>",
      "<#配信停止URL>",
      "<#クーポンURL>",
      "<#クーポンコード>",
    ])
  })

  it("should give the tag names as a new array", () => {
    expect(listTagNames()).toEqual([...VALID_TAGS])
    expect(listTagNames()).not.toBe(listTagNames())
  })

  it("should map each tag to its Handlebars variable", () => {
    expect(Object.fromEntries(NEWSLETTER_TAGS.map((t) => [t.tag, t.variable]))).toEqual({
      "<#顧客名>": "customer_name",
      "<#姓>": "last_name",
      "<#名>": "first_name",
      "<#メールアドレス>": "email",
      "<#ショップ名>": "shop_name",
      "<#配信停止URL>": "unsubscribe_url",
      "<#クーポンURL>": "coupon_url",
      "<#クーポンコード>": "coupon_code",
    })
    expect([...TEMPLATE_VARIABLES].sort()).toEqual(NEWSLETTER_TAGS.map((t) => t.variable).sort())
  })

  describe("replaceTags", () => {
    it("should replace every known tag with its variable", () => {
      expect(replaceTags(VALID_TAGS.join("|"))).toBe(
        "{{customer_name}}|{{last_name}}|{{first_name}}|{{email}}|{{shop_name}}|" +
          "{{unsubscribe_url}}|{{coupon_url}}|{{coupon_code}}"
      )
    })

    it("should replace a tag inside an HTML attribute", () => {
      expect(replaceTags('<a href="<#クーポンURL>">クーポン</a>')).toBe(
        '<a href="{{coupon_url}}">クーポン</a>'
      )
    })

    it("should replace a tag that a rich-text editor HTML-encoded", () => {
      expect(replaceTags("<p>&lt;#顧客名&gt;様</p>")).toBe("<p>{{customer_name}}様</p>")
    })

    it("should leave unknown tags as they are", () => {
      expect(replaceTags("<#会員ランク> <#名>")).toBe("<#会員ランク> {{first_name}}")
    })
  })

  describe("findUnknownTags", () => {
    it("should find nothing in a text with known tags only", () => {
      expect(findUnknownTags('<#顧客名>様 <a href="<#クーポンURL>">x</a>')).toEqual([])
    })

    it("should list unknown tags once each, in order of appearance", () => {
      expect(findUnknownTags("<#会員ランク> <#名> <#ポイント> <#会員ランク>")).toEqual([
        "<#会員ランク>",
        "<#ポイント>",
      ])
    })

    it("should find an HTML-encoded unknown tag and report it as written", () => {
      expect(findUnknownTags("&lt;#会員ランク&gt;")).toEqual(["<#会員ランク>"])
    })

    it("should not take HTML elements or Handlebars for tags", () => {
      expect(findUnknownTags("<p>{{#if coupon_url}}<b>x</b>{{/if}}</p>")).toEqual([])
    })
  })

  describe("assertKnownTags", () => {
    it("should accept known tags and Handlebars over the recipient", () => {
      expect(() =>
        assertKnownTags({
          subject: "<#顧客名>様 {{first_name}}",
          body:
            "{{#if coupon_url}}<a href=\"<#クーポンURL>\">{{coupon_code}}</a>{{else}}なし{{/if}}" +
            "{{#unless last_name}}x{{/unless}}{{{email}}}{{! comment }}",
        })
      ).not.toThrow()
    })

    it("should name the unknown tag and list the valid ones", () => {
      const error = errorOf(() => assertKnownTags({ subject: "件名", body: "<#会員ランク>様" }))
      expect(error).toBeInstanceOf(MedusaError)
      expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error.message).toBe(`Unknown tag <#会員ランク> in body. Valid tags: ${VALID_TAG_LIST}`)
    })

    it("should name unknown tags in the subject and the body together", () => {
      const error = errorOf(() =>
        assertKnownTags({ subject: "<#ランク>", body: "<#会員ランク> <#ポイント>" })
      )
      expect(error.message).toBe(
        "Unknown tag <#ランク> in subject. Unknown tags <#会員ランク>, <#ポイント> in body. " +
          `Valid tags: ${VALID_TAG_LIST}`
      )
      // Each field's tags as its problem, for the form; the first field's as the error's params.
      const valid = VALID_TAG_LIST.split(", ")
      expect([error.code, (error as any).params, (error as any).errors]).toEqual([
        "unknown_tag",
        { tag: "<#ランク>", field: "subject", valid },
        [
          { path: "subject", code: "unknown_tag", params: { tag: "<#ランク>", field: "subject", valid } },
          { path: "body", code: "unknown_tag", params: { tag: "<#会員ランク>, <#ポイント>", field: "body", valid } },
        ],
      ])
    })

    it("should reject Handlebars that does not parse", () => {
      const error = errorOf(() => assertKnownTags({ subject: "s", body: "a\n{{first_name" }))
      expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error.message).toBe(
        "Invalid Handlebars in body (line 2): Expecting 'ID', 'STRING', 'NUMBER', 'BOOLEAN', " +
          "'UNDEFINED', 'NULL', 'DATA', got 'INVALID'"
      )
    })

    it("should reject a block that is never closed", () => {
      const error = errorOf(() => assertKnownTags({ subject: "s", body: "{{#if coupon_url}}x" }))
      expect(error.message).toBe(
        "Invalid Handlebars in body (line 1): the template ends inside a block " +
          "(is a {{/if}} or {{/unless}} missing?)"
      )
    })

    it("should reject a block closed by another name", () => {
      const error = errorOf(() =>
        assertKnownTags({ subject: "{{#if coupon_url}}x{{/unless}}", body: "b" })
      )
      expect(error.message).toBe("Invalid Handlebars in subject (line 1): if doesn't match unless")
    })

    it("should reject an unknown variable", () => {
      const error = errorOf(() => assertKnownTags({ subject: "s", body: "a\n\n{{#if rank}}x{{/if}}" }))
      expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error.message).toBe(
        `Unknown variable "rank" in body (line 3). Valid variables: ${VALID_VARIABLES}`
      )
    })

    it.each([
      ["{{> footer}}", "{{> footer}}"],
      ["{{#each items}}x{{/each}}", "{{#each items}}"],
      ["{{lookup first_name 0}}", "{{lookup first_name 0}}"],
      ["{{first_name.length}}", "{{first_name.length}}"],
      ["{{@root.first_name}}", "{{@root.first_name}}"],
      ['{{#if (eq coupon_code "A")}}x{{/if}}', "{{#if (eq …)}}"],
    ])("should reject %s, which a recipient cannot render", (body, shown) => {
      const error = errorOf(() => assertKnownTags({ subject: "s", body }))
      expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error.message).toBe(
        `Unsupported Handlebars ${shown} in body (line 1). ` +
          "Only {{variable}}, {{#if variable}} and {{#unless variable}} are allowed"
      )
    })
  })
})
