import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError, type NewsletterFieldProblem } from "../../modules/newsletter/errors"
import { parseTemplate, validateTemplate } from "./template"
import type { TemplateVariable } from "./variables"

export { TEMPLATE_VARIABLES } from "./variables"
export type { TemplateVariable } from "./variables"

/** A custom tag (独自タグ) that store owners write in a subject or body. */
export interface NewsletterTag {
  /** The tag as written, e.g. `<#顧客名>`. */
  tag: string
  /** The Handlebars variable the tag stands for, e.g. `customer_name`. */
  variable: TemplateVariable
  /** What the tag is replaced with, in Japanese, for the admin's tag palette. */
  description: string
}

/**
 * The tag table, in the order the admin palette shows it.
 * `<#顧客名>` renders family name first ("山田 太郎"), or the one name that is known,
 * or "お客様" when the customer has no name.
 */
export const NEWSLETTER_TAGS: readonly NewsletterTag[] = Object.freeze([
  {
    tag: "<#顧客名>",
    variable: "customer_name",
    description: "お客様の姓名（例: 山田 太郎）。姓名がない場合は「お客様」",
  },
  { tag: "<#姓>", variable: "last_name", description: "お客様の姓" },
  { tag: "<#名>", variable: "first_name", description: "お客様の名" },
  { tag: "<#メールアドレス>", variable: "email", description: "お客様のメールアドレス" },
  { tag: "<#ショップ名>", variable: "shop_name", description: "ショップ名" },
  { tag: "<#配信停止URL>", variable: "unsubscribe_url", description: "メルマガ配信停止ページのURL" },
  { tag: "<#クーポンURL>", variable: "coupon_url", description: "クーポンを利用可能にするURL" },
  { tag: "<#クーポンコード>", variable: "coupon_code", description: "クーポンコード" },
] as NewsletterTag[])

/** Every valid tag, e.g. `["<#顧客名>", "<#姓>", …]`, for the admin palette and error messages. */
export const VALID_TAGS: readonly string[] = Object.freeze(NEWSLETTER_TAGS.map((t) => t.tag))

/** The valid tags as a new array, e.g. for the admin settings response. Same as {@link VALID_TAGS}. */
export function listTagNames(): string[] {
  return [...VALID_TAGS]
}

const VARIABLE_BY_TAG_NAME = new Map<string, TemplateVariable>(
  NEWSLETTER_TAGS.map((t) => [t.tag.slice(2, -1), t.variable])
)

// `<#name>` as typed, or `&lt;#name&gt;` as a rich-text editor saves it inside HTML text.
// A name never spans lines or contains angle brackets, so `<a href="<#クーポンURL>">` matches
// the tag only.
const TAG_PATTERN = /<#([^<>\r\n]*)>|&lt;#([^<>&\r\n]*)&gt;/g

/**
 * Lists the `<#…>` tags in `text` that are not in the tag table, once each, in order of
 * first appearance, written `<#name>` (also when the text holds the HTML-encoded form).
 *
 * @example
 * findUnknownTags("<#顧客名>様 <#会員ランク>") // ["<#会員ランク>"]
 */
export function findUnknownTags(text: string): string[] {
  const unknown = new Set<string>()
  for (const match of text.matchAll(TAG_PATTERN)) {
    const name = match[1] ?? match[2]
    if (!VARIABLE_BY_TAG_NAME.has(name)) {
      unknown.add(`<#${name}>`)
    }
  }
  return [...unknown]
}

/**
 * Replaces every known tag with its Handlebars variable (`<#名>` → `{{first_name}}`) and leaves
 * unknown tags as they are: call {@link assertKnownTags} first.
 */
export function replaceTags(text: string): string {
  return text.replace(TAG_PATTERN, (whole, raw: string | undefined, encoded: string | undefined) => {
    const variable = VARIABLE_BY_TAG_NAME.get(raw ?? encoded ?? "")
    return variable ? `{{${variable}}}` : whole
  })
}

/**
 * Checks an article's subject and body before it is saved or sent: every `<#…>` tag must be in
 * the tag table, and the Handlebars in both must parse and use only {@link TEMPLATE_VARIABLES}
 * with `{{variable}}`, `{{#if variable}}` and `{{#unless variable}}` (plus `{{else}}`).
 *
 * @throws NewsletterError INVALID_DATA, e.g.
 * `Unknown tag <#会員ランク> in body. Valid tags: <#顧客名>, <#姓>, …`, code `unknown_tag`
 * {tag, field, valid} (of the first field), with each field's unknown tags in `errors`.
 */
export function assertKnownTags(article: { subject: string; body: string }): void {
  const sentences: string[] = []
  const problems: NewsletterFieldProblem[] = []
  for (const field of ["subject", "body"] as const) {
    const unknown = findUnknownTags(article[field])
    if (unknown.length) {
      const noun = unknown.length === 1 ? "Unknown tag" : "Unknown tags"
      sentences.push(`${noun} ${unknown.join(", ")} in ${field}.`)
      problems.push({
        path: field,
        code: "unknown_tag",
        params: { tag: unknown.join(", "), field, valid: [...VALID_TAGS] },
      })
    }
  }
  if (problems.length) {
    throw new NewsletterError(
      MedusaError.Types.INVALID_DATA,
      "unknown_tag",
      `${sentences.join(" ")} Valid tags: ${VALID_TAGS.join(", ")}`,
      problems[0].params,
      problems
    )
  }
  for (const field of ["subject", "body"] as const) {
    validateTemplate(parseTemplate(replaceTags(article[field]), field), field)
  }
}
