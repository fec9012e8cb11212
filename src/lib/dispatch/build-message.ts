import type { ResolvedNewsletterOptions } from "../../modules/newsletter/options"
import { NewsletterCouponMode } from "../../modules/newsletter/types"
import type { CompiledArticle } from "../render/compile"
import type { OutgoingMessage } from "../transport"
import { couponUrl, unsubscribeUrl } from "./links"

/** What the dispatcher knows of an article when it builds mails. */
export type ArticleForSending = {
  id: string
  coupon_mode: NewsletterCouponMode
  promotion_code: string | null
}

export type RecipientForSending = {
  id: string
  email: string
  first_name: string | null
  last_name: string | null
}

/** The From header: the Resend sender, or one built from the sender's name for the outbox. */
export function fromAddress(options: ResolvedNewsletterOptions): string {
  return options.resend?.from ?? `${options.sender.name} <newsletter@localhost>`
}

/**
 * Builds one recipient's mail. Pure and deterministic: a retry of a batch re-derives exactly the
 * same payload, which is what lets the Idempotency-Key protect against a second send.
 */
export function buildMessage(
  compiled: CompiledArticle,
  article: ArticleForSending,
  recipient: RecipientForSending,
  options: ResolvedNewsletterOptions,
  secret: string
): OutgoingMessage {
  const unsubscribe = unsubscribeUrl(options, secret, recipient.id)
  const hasCoupon = article.coupon_mode !== NewsletterCouponMode.NONE && !!article.promotion_code
  const rendered = compiled.render({
    email: recipient.email,
    first_name: recipient.first_name,
    last_name: recipient.last_name,
    unsubscribe_url: unsubscribe,
    coupon_url:
      article.coupon_mode === NewsletterCouponMode.CLAIM_LINK
        ? couponUrl(options, secret, recipient.id)
        : undefined,
    coupon_code: hasCoupon ? article.promotion_code! : undefined,
  })
  return {
    from: fromAddress(options),
    to: recipient.email,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: {
      "List-Unsubscribe": `<${unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    tags: [
      { name: "newsletter_id", value: article.id },
      { name: "recipient_id", value: recipient.id },
    ],
  }
}

/**
 * Builds a batch's mails, giving the event loop a turn every `chunk` mails: rendering a whole
 * batch at once would hold up other lanes' slot timers (arriving late at the provider's sliding
 * window costs a 429) and, in a shared process, Medusa's HTTP requests.
 */
export async function buildMessages(
  compiled: CompiledArticle,
  article: ArticleForSending,
  recipients: RecipientForSending[],
  options: ResolvedNewsletterOptions,
  secret: string,
  chunk = 10
): Promise<OutgoingMessage[]> {
  const messages: OutgoingMessage[] = []
  for (const [i, recipient] of recipients.entries()) {
    if (i > 0 && i % chunk === 0) {
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    messages.push(buildMessage(compiled, article, recipient, options, secret))
  }
  return messages
}
