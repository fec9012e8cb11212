import { createHash } from "crypto"
import { MedusaError } from "@medusajs/framework/utils"
import { compile as compileHtmlToText } from "html-to-text"
import mjml2html from "mjml"
import { FOOTER_VARIABLES, htmlFooter, mjmlFooter, textFooter } from "./footer"
import { assertKnownTags, replaceTags } from "./tags"
import {
  COMPILE_OPTIONS,
  handlebars,
  parseTemplate,
  printsUnconditionally,
  TemplateField,
} from "./template"
import { TEMPLATE_VARIABLES, TemplateVariable } from "./variables"
import { fieldError, NewsletterError } from "../../modules/newsletter/errors"

/** How an article's body is written. */
export type ArticleFormat = "text" | "html" | "mjml"

/** Every {@link ArticleFormat}. */
export const ARTICLE_FORMATS: readonly ArticleFormat[] = Object.freeze(["text", "html", "mjml"])

/** The part of an article that is rendered: what the store owner wrote. */
export interface ArticleSource {
  /** The subject line; may hold custom tags and Handlebars, never HTML. */
  subject: string
  /** The body in `format`; may hold custom tags (`<#顧客名>`) and Handlebars (`{{#if coupon_url}}`). */
  body: string
  format: ArticleFormat
}

/** The sender shown in every mail's footer (特定電子メール法). */
export interface SenderIdentity {
  /** The person or company sending the newsletter (発行者). */
  name: string
  /** Their postal address (住所); line breaks become `<br>` in HTML. */
  postalAddress: string
  /** Where recipients can ask questions (お問い合わせ): an email address, phone number or URL. */
  contact: string
}

/** What is the same for every recipient of an article. */
export interface CompileContext {
  /** Rendered by `<#ショップ名>`. */
  shopName: string
  sender: SenderIdentity
}

/** What differs per recipient. Missing names and coupon fields render as empty text. */
export interface RecipientVars {
  email: string
  first_name?: string | null
  last_name?: string | null
  /** The recipient's signed unsubscribe link; required, since every mail must offer one. */
  unsubscribe_url: string
  coupon_url?: string | null
  coupon_code?: string | null
}

/** One recipient's mail. */
export interface RenderedMail {
  /** Without line breaks, so it is safe as a header value. */
  subject: string
  /** The HTML part, or null for a text article. */
  html: string | null
  /** The text part: the body of a text article, or the plain-text alternative of an HTML one. */
  text: string
}

/** An article compiled once, ready to render for each recipient. */
export interface CompiledArticle {
  readonly format: ArticleFormat
  /**
   * Renders one recipient's mail. Synchronous, cheap and deterministic: the same recipient
   * always gets byte-identical output, which idempotent retries rely on.
   *
   * @throws MedusaError INVALID_DATA when `unsubscribe_url` is empty.
   */
  render(recipient: RecipientVars): RenderedMail
}

/** What `<#顧客名>` renders when the recipient has neither a family nor a given name. */
export const CUSTOMER_NAME_FALLBACK = "お客様"

/**
 * A recipient for previews and test sends. Every field is a string (none optional), so it can be
 * spread into stricter recipient types as well.
 */
export const sampleRecipient = Object.freeze({
  email: "sample@example.com",
  last_name: "山田",
  first_name: "太郎",
  unsubscribe_url: "https://example.com/newsletter/unsubscribe?token=sample",
  coupon_url: "https://example.com/newsletter/coupon?token=sample",
  coupon_code: "SAMPLE-COUPON",
}) satisfies Readonly<Required<RecipientVars>>

/**
 * The name `<#顧客名>` renders, in Japanese order: "山田 太郎", or only the name that is known,
 * or {@link CUSTOMER_NAME_FALLBACK} when neither is.
 */
export function formatCustomerName(lastName?: string | null, firstName?: string | null): string {
  const name = [lastName?.trim(), firstName?.trim()].filter(Boolean).join(" ")
  return name || CUSTOMER_NAME_FALLBACK
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
}

/**
 * Escapes text for HTML content and quoted attribute values. Unlike Handlebars it leaves `=`
 * alone, so URLs stay readable (`?token=…`); tags inside attributes must be quoted.
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])
}

const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/g

/** Replaces each line break with a space, so a value cannot start a new mail header. */
export function stripLineBreaks(value: string): string {
  return value.replace(LINE_BREAK, " ")
}

/**
 * Compiles an article once, before it is rendered for each recipient: checks its tags and
 * Handlebars, turns MJML into HTML, adds the legal footer and compiles the templates.
 *
 * Custom tags become Handlebars variables before MJML runs, so `<a href="<#クーポンURL>">`
 * survives it. The footer carries the sender's identity and, unless the body already prints
 * `<#配信停止URL>` for every recipient, the unsubscribe link.
 *
 * @throws MedusaError INVALID_DATA for an unknown tag, invalid Handlebars, invalid MJML (listing
 * the errors with their line numbers), an unknown format or an incomplete sender identity.
 *
 * @example
 * const compiled = await compileArticle(
 *   { subject: "<#顧客名>様へ", body: "<#顧客名>様、こんにちは", format: "text" },
 *   { shopName: "山田商店", sender: { name: "山田商店", postalAddress: "東京都…", contact: "info@example.com" } }
 * )
 * compiled.render(sampleRecipient).subject // "山田 太郎様へ"
 */
export async function compileArticle(
  article: ArticleSource,
  context: CompileContext
): Promise<CompiledArticle> {
  if (!ARTICLE_FORMATS.includes(article.format)) {
    throw fieldError(
      MedusaError.Types.INVALID_DATA,
      "unknown_format",
      `Unknown article format "${article.format}". Valid formats: ${ARTICLE_FORMATS.join(", ")}`,
      "format",
      { format: String(article.format), valid: [...ARTICLE_FORMATS] }
    )
  }
  assertKnownTags(article)
  assertSenderIdentity(context.sender)

  const body = replaceTags(article.body)
  const withUnsubscribe = !printsUnconditionally(parseTemplate(body, "body"), "unsubscribe_url")
  const subjectTemplate = compileTemplate(replaceTags(article.subject), "subject")
  const renderSubject = (values: TemplateValues) => stripLineBreaks(subjectTemplate(values))
  const { sender, shopName } = context

  let compiled: CompiledArticle
  if (article.format === "text") {
    const template = compileTemplate(body.trimEnd() + textFooter(withUnsubscribe), "body")
    const footer = {
      [FOOTER_VARIABLES.senderName]: sender.name,
      [FOOTER_VARIABLES.postalAddress]: sender.postalAddress,
      [FOOTER_VARIABLES.contact]: sender.contact,
    }
    compiled = {
      format: article.format,
      render(recipient) {
        const values = recipientValues(recipient, shopName)
        return {
          subject: renderSubject(values),
          html: null,
          text: template({ ...values, ...footer }),
        }
      },
    }
  } else {
    const source =
      article.format === "html"
        ? insertBeforeBodyClose(body, htmlFooter(withUnsubscribe))
        : await compileMjml(body, withUnsubscribe)
    const template = compileTemplate(source, "body")
    const footer = {
      [FOOTER_VARIABLES.senderName]: escapeHtml(sender.name),
      [FOOTER_VARIABLES.postalAddress]: escapeHtml(sender.postalAddress).replace(LINE_BREAK, "<br>"),
      [FOOTER_VARIABLES.contact]: escapeHtml(sender.contact),
    }
    const renderHtml = (values: TemplateValues) => template({ ...escapeValues(values), ...footer })
    const plainText = new PlainTextAlternative(renderHtml, [source, ...Object.values(footer)])
    compiled = {
      format: article.format,
      render(recipient) {
        const values = recipientValues(recipient, shopName)
        const html = renderHtml(values)
        return { subject: renderSubject(values), html, text: plainText.render(values, html) }
      },
    }
  }

  // Handlebars compiles a template on its first call. Rendering the sample now turns a late
  // compile error (say, in HTML that MJML produced) into INVALID_DATA here, not at send time.
  try {
    compiled.render(sampleRecipient)
  } catch (e) {
    if (e instanceof MedusaError) throw e
    throw fieldError(
      MedusaError.Types.INVALID_DATA,
      "invalid_template_syntax",
      `Invalid template in body: ${e instanceof Error ? e.message : String(e)}`,
      "body",
      { field: "body" }
    )
  }
  return compiled
}

type TemplateValues = Record<TemplateVariable, string>

function compileTemplate(source: string, field: TemplateField): HandlebarsTemplateDelegate {
  return handlebars.compile(parseTemplate(source, field), COMPILE_OPTIONS)
}

function assertSenderIdentity(sender: SenderIdentity | undefined): void {
  const missing = (
    [
      ["name", sender?.name],
      ["postal address", sender?.postalAddress],
      ["contact", sender?.contact],
    ] as const
  )
    .filter(([, value]) => typeof value !== "string" || !value.trim())
    .map(([label]) => label)
  if (missing.length) {
    throw new NewsletterError(
      MedusaError.Types.INVALID_DATA,
      "sender_incomplete",
      `The newsletter sender's ${missing.join(", ")} must be set: 特定電子メール法 requires ` +
        "the sender's name, postal address and contact in every newsletter",
      { fields: missing.map((label) => label.replace(" ", "_")) }
    )
  }
}

const asText = (value: unknown): string => (value === undefined || value === null ? "" : String(value))

function recipientValues(recipient: RecipientVars, shopName: string): TemplateValues {
  const unsubscribeUrl = asText(recipient.unsubscribe_url)
  if (!unsubscribeUrl) {
    throw new NewsletterError(
      MedusaError.Types.INVALID_DATA,
      "unsubscribe_url_missing",
      "A newsletter recipient needs an unsubscribe_url: every newsletter must offer one"
    )
  }
  const lastName = asText(recipient.last_name).trim()
  const firstName = asText(recipient.first_name).trim()
  return {
    customer_name: formatCustomerName(lastName, firstName),
    last_name: lastName,
    first_name: firstName,
    email: asText(recipient.email),
    shop_name: asText(shopName),
    unsubscribe_url: unsubscribeUrl,
    coupon_url: asText(recipient.coupon_url),
    coupon_code: asText(recipient.coupon_code),
  }
}

function escapeValues(values: TemplateValues): TemplateValues {
  const escaped = {} as TemplateValues
  for (const name of TEMPLATE_VARIABLES) {
    escaped[name] = escapeHtml(values[name])
  }
  return escaped
}

// Index of the last match of a global, case-insensitive pattern, or -1.
function lastIndexOf(text: string, pattern: RegExp): number {
  let index = -1
  for (const match of text.matchAll(pattern)) {
    index = match.index!
  }
  return index
}

function insertBeforeBodyClose(html: string, footer: string): string {
  const index = lastIndexOf(html, /<\/body\s*>/gi)
  return index < 0 ? html + footer : html.slice(0, index) + footer + html.slice(index)
}

async function compileMjml(body: string, withUnsubscribe: boolean): Promise<string> {
  const close = lastIndexOf(body, /<\/mj-body\s*>/gi)
  const source =
    close < 0 ? body : body.slice(0, close) + mjmlFooter(withUnsubscribe) + body.slice(close)

  let result: Awaited<ReturnType<typeof mjml2html>>
  try {
    // mj-include would read files on the server: never follow it.
    result = await mjml2html(source, { validationLevel: "soft", ignoreIncludes: true })
  } catch (e) {
    throw fieldError(
      MedusaError.Types.INVALID_DATA,
      "invalid_mjml_syntax",
      `Invalid MJML in body: ${e instanceof Error ? e.message : String(e)}`,
      "body",
      { field: "body" }
    )
  }
  if (result.errors.length) {
    const errors = result.errors.map((e) => `line ${e.line} <${e.tagName}>: ${e.message}`)
    throw fieldError(
      MedusaError.Types.INVALID_DATA,
      "invalid_mjml",
      `Invalid MJML in body: ${errors.join("; ")}`,
      "body",
      { field: "body", line: result.errors[0].line, tag: result.errors[0].tagName, count: result.errors.length }
    )
  }
  assertMustachesKept(source, result.html)
  const html = stabiliseGeneratedIds(result.html, source)
  return close < 0 ? insertBeforeBodyClose(html, htmlFooter(withUnsubscribe)) : html
}

// Handlebars expressions other than comments. Tags are already `{{variable}}` here.
const MUSTACHE = /\{\{(?!!)[^{}]*\}\}/g

function countMustaches(text: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const [mustache] of text.matchAll(MUSTACHE)) {
    counts.set(mustache, (counts.get(mustache) ?? 0) + 1)
  }
  return counts
}

// MJML silently drops text it does not expect, e.g. `{{#if coupon_url}}` between two
// <mj-button>s, which would print the coupon button to every recipient. Refuse instead.
function assertMustachesKept(source: string, html: string): void {
  const kept = countMustaches(html)
  for (const [mustache, count] of countMustaches(source)) {
    if ((kept.get(mustache) ?? 0) < count) {
      const line = source.slice(0, source.indexOf(mustache)).split("\n").length
      throw fieldError(
        MedusaError.Types.INVALID_DATA,
        "mjml_removed_expression",
        `Invalid MJML in body: MJML removed ${mustache} (line ${line}). Text directly inside ` +
          "<mj-body>, <mj-section> or <mj-column> is dropped: put it in <mj-text>, or wrap " +
          "Handlebars around whole components in <mj-raw>",
        "body",
        { field: "body", expression: mustache, line }
      )
    }
  }
}

// mj-carousel and mj-navbar name their CSS classes and ids with Math.random(), so compiling the
// same MJML twice (a retry after a restart) would give different bytes. Replace those ids with
// ones derived from the source.
function stabiliseGeneratedIds(html: string, source: string): string {
  const ids = new Set<string>()
  for (const match of html.matchAll(/mj-carousel-([0-9a-f]{16})-/g)) ids.add(match[1])
  for (const match of html.matchAll(/id="([0-9a-f]{16})" class="mj-menu-checkbox"/g)) {
    ids.add(match[1])
  }
  let stable = html
  let n = 0
  for (const id of ids) {
    const replacement = createHash("sha256").update(`${source}\u0000${n++}`).digest("hex")
    stable = stable.split(id).join(replacement.slice(0, 16))
  }
  return stable
}

const htmlToText = compileHtmlToText({
  wordwrap: 80,
  selectors: [
    { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
    { selector: "img", format: "skip" },
    ...["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({
      selector,
      options: { uppercase: false },
    })),
    { selector: "table", options: { uppercaseHeaderCells: false } },
  ],
})

// Noncharacters: never part of interchanged text, unlike the private use area (外字).
const TOKEN_START = "\uFDD0"
const TOKEN_END = "\uFDD1"
const TOKEN = /\uFDD0(\d+)\uFDD1/g

/**
 * The plain-text part of an HTML mail, as html-to-text makes it from the rendered HTML, without
 * running html-to-text for every recipient.
 *
 * Which parts of the HTML render depends only on which values are empty (`{{#if coupon_url}}`),
 * so the HTML is rendered and converted once per such pattern with a marker in place of each
 * value, and each recipient's values are put in place of the markers. The result matches a
 * per-recipient conversion except that line wrapping ignores the values' length. If the
 * template itself holds a marker character, every recipient's HTML is converted instead.
 */
class PlainTextAlternative {
  private readonly byPattern = new Map<number, (string | number)[]>()
  private readonly markersUsable: boolean

  constructor(
    private readonly renderHtml: (values: TemplateValues) => string,
    staticParts: string[]
  ) {
    this.markersUsable = !staticParts.some((p) => p.includes(TOKEN_START) || p.includes(TOKEN_END))
  }

  render(values: TemplateValues, html: string): string {
    if (!this.markersUsable) {
      return htmlToText(html)
    }
    let pattern = 0
    TEMPLATE_VARIABLES.forEach((name, i) => {
      if (values[name] !== "") pattern |= 1 << i
    })
    let parts = this.byPattern.get(pattern)
    if (!parts) {
      parts = this.convert(pattern)
      this.byPattern.set(pattern, parts)
    }
    let text = ""
    for (const part of parts) {
      text += typeof part === "number" ? stripLineBreaks(values[TEMPLATE_VARIABLES[part]]) : part
    }
    return text
  }

  private convert(pattern: number): (string | number)[] {
    const markers = {} as TemplateValues
    TEMPLATE_VARIABLES.forEach((name, i) => {
      markers[name] = pattern & (1 << i) ? `${TOKEN_START}${i}${TOKEN_END}` : ""
    })
    // Markers hold no character that escapeHtml changes, so renderHtml leaves them intact.
    const text = htmlToText(this.renderHtml(markers))
    const parts: (string | number)[] = []
    let last = 0
    for (const match of text.matchAll(TOKEN)) {
      parts.push(text.slice(last, match.index), Number(match[1]))
      last = match.index! + match[0].length
    }
    parts.push(text.slice(last))
    return parts
  }
}
