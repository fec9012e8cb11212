import Handlebars from "handlebars"
import type { ResolvedNewsletterOptions } from "../../modules/newsletter/options"
import { fromAddress } from "../dispatch/build-message"
import { FOOTER_VARIABLES, htmlFooter, textFooter } from "../render/footer"
import type { OutgoingMessage } from "../transport"

/** Subject of the signup's confirmation mail (確認メール). */
export const CONFIRMATION_SUBJECT = "【{{shop}}】メールマガジン登録の確認"

const TEXT = `{{shop}} のメールマガジンへの登録のお申し込みを受け付けました。

下のリンクを開いて登録を完了してください。
{{url}}

このリンクの有効期限は {{expires}} です。
お心当たりのない場合は、このメールを破棄してください。登録は行われません。`

const HTML = `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"></head>
<body style="font-family:sans-serif;line-height:1.7;color:#222222;">
<p>{{shop}} のメールマガジンへの登録のお申し込みを受け付けました。</p>
<p>下のボタンを押して登録を完了してください。</p>
<p><a href="{{url}}" style="display:inline-block;padding:10px 20px;background:#222222;color:#ffffff;text-decoration:none;border-radius:4px;">登録を完了する</a></p>
<p style="font-size:12px;color:#666666;">ボタンが開けない場合はこちら: <a href="{{url}}">{{url}}</a></p>
<p>このリンクの有効期限は {{expires}} です。お心当たりのない場合は、このメールを破棄してください。登録は行われません。</p>
${htmlFooter(false)}
</body></html>`

const compiled = {
  subject: Handlebars.compile(CONFIRMATION_SUBJECT, { noEscape: true, strict: true }),
  text: Handlebars.compile(TEXT + textFooter(false), { noEscape: true, strict: true }),
  // HTML-escaped: the shop's name and address are the owner's text.
  html: Handlebars.compile(HTML, { strict: true }),
}

/**
 * The signup's confirmation mail (確認メール, Japanese, text and HTML) with its link, the link's
 * expiry in the shop's time zone, and the sender identity of every mail (特定電子メール法).
 */
export function confirmationMail(
  options: Pick<ResolvedNewsletterOptions, "sender" | "resend" | "timezone">,
  to: string,
  url: string,
  expiresAt: Date
): OutgoingMessage {
  const values = {
    shop: options.sender.shopName ?? options.sender.name,
    url,
    expires: new Intl.DateTimeFormat("ja-JP", {
      timeZone: options.timezone,
      dateStyle: "long",
      timeStyle: "short",
    }).format(expiresAt),
    [FOOTER_VARIABLES.senderName]: options.sender.name,
    [FOOTER_VARIABLES.postalAddress]: options.sender.postalAddress,
    [FOOTER_VARIABLES.contact]: options.sender.contact,
  }
  return {
    from: fromAddress(options as ResolvedNewsletterOptions),
    to,
    subject: compiled.subject(values),
    text: compiled.text(values),
    html: compiled.html(values),
    headers: {},
    tags: [{ name: "newsletter_mail", value: "signup_confirmation" }],
  }
}
