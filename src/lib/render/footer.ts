/**
 * The legal footer (特定電子メール法: every advertising mail names its sender, their postal
 * address and a contact, and offers a way to unsubscribe).
 *
 * The footers are Handlebars source over these variables, which the renderer fills in itself
 * (owners cannot use them: they are not template variables), so the sender's values are
 * escaped like recipient values and a `{{` in a company name cannot break the template. They
 * hold no line break, so inserting one never shifts the line numbers of MJML errors.
 */
export const FOOTER_VARIABLES = {
  senderName: "footer_sender_name",
  postalAddress: "footer_postal_address",
  contact: "footer_contact",
} as const

const V = FOOTER_VARIABLES

// `unsubscribe_url` is the recipient's link; the identity lines come first so the link ends the
// mail, where readers look for it.
const IDENTITY_LINES = [
  `発行者: {{${V.senderName}}}`,
  `住所: {{${V.postalAddress}}}`,
  `お問い合わせ: {{${V.contact}}}`,
]

/**
 * The plain-text footer, appended to a text body after a blank line and a rule.
 *
 * @param withUnsubscribe false when the body already prints `<#配信停止URL>` for everyone.
 */
export function textFooter(withUnsubscribe: boolean): string {
  const lines = [...IDENTITY_LINES]
  if (withUnsubscribe) {
    lines.push("配信停止: {{unsubscribe_url}}")
  }
  return `\n\n${"-".repeat(40)}\n${lines.join("\n")}\n`
}

const FOOTER_STYLE = "font-size:12px;line-height:1.6;color:#666666;"

/** The HTML footer, inserted before `</body>` of an HTML mail. */
export function htmlFooter(withUnsubscribe: boolean): string {
  const unsubscribe = withUnsubscribe
    ? `<p style="margin:8px 0 0;"><a href="{{unsubscribe_url}}">配信停止はこちら</a></p>`
    : ""
  return (
    `<div style="margin:24px 0 0;padding:12px 0 0;border-top:1px solid #dddddd;${FOOTER_STYLE}">` +
    `<p style="margin:0;">${IDENTITY_LINES.join("<br>")}</p>${unsubscribe}</div>`
  )
}

/** The MJML footer, a section inserted before `</mj-body>` so it follows the body's layout. */
export function mjmlFooter(withUnsubscribe: boolean): string {
  const unsubscribe = withUnsubscribe
    ? `<br /><br /><a href="{{unsubscribe_url}}">配信停止はこちら</a>`
    : ""
  return (
    `<mj-section><mj-column>` +
    `<mj-divider border-width="1px" border-color="#dddddd" />` +
    `<mj-text font-size="12px" line-height="1.6" color="#666666">` +
    `${IDENTITY_LINES.join("<br />")}${unsubscribe}</mj-text>` +
    `</mj-column></mj-section>`
  )
}
