import type { ResolvedNewsletterOptions } from "../../modules/newsletter/options"
import { NewsletterCouponMode, NewsletterSendContext } from "../../modules/newsletter/types"
import type { CompiledArticle, RecipientVars } from "../render/compile"
import type { LinkKeyring } from "../tokens"
import { renderedMessage, type DeferredMessage, type OutgoingMessage } from "../transport"
import { couponUrl, unsubscribeUrl } from "./links"

/** What the dispatcher knows of an article when it builds mails (the rest is in the send context). */
export type ArticleForSending = {
  id: string
  coupon_mode: NewsletterCouponMode
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
 * The send context from live values: the options as they are now, the promotion's current code
 * and the current link key. The claim freezes it into the article when sending starts; the
 * preview and the test send render from it directly, so they show what a send would start with.
 */
export function liveSendContext(
  options: ResolvedNewsletterOptions,
  promotionCode: string | null,
  linkKeys: LinkKeyring
): NewsletterSendContext {
  return {
    promotionCode,
    from: fromAddress(options),
    sender: { ...options.sender },
    backendUrl: options.backendUrl,
    storefrontUrl: options.storefrontUrl,
    couponPath: options.couponPath,
    linkKeyId: linkKeys.currentKid,
  }
}

/**
 * Builds one recipient's mail from the send context. Pure and deterministic: with the frozen
 * context, every attempt of a batch re-derives exactly the same payload, which is what lets the
 * Idempotency-Key protect against a second send whatever changed in the options meanwhile.
 *
 * @throws MedusaError INVALID_ARGUMENT when the context's link key is no longer in `linkKeys`
 * (its secret was dropped from `previousLinkSecrets`): such a mail can't be rebuilt identically.
 */
export function buildMessage(
  compiled: CompiledArticle,
  article: ArticleForSending,
  recipient: RecipientForSending,
  context: NewsletterSendContext,
  linkKeys: LinkKeyring
): OutgoingMessage {
  return renderedMessage(deferMessage(compiled, article, recipient, context, linkKeys))
}

/**
 * The same mail as {@link buildMessage}, with its envelope (links, headers, tags) built now and
 * its subject and parts rendered only when the transport writes the request (see
 * `DeferredMessage`). The recipient's values are checked now, so rendering later can't fail on
 * them.
 *
 * @throws MedusaError INVALID_ARGUMENT when the context's link key is no longer in `linkKeys`.
 */
export function deferMessage(
  compiled: CompiledArticle,
  article: ArticleForSending,
  recipient: RecipientForSending,
  context: NewsletterSendContext,
  linkKeys: LinkKeyring
): DeferredMessage {
  const unsubscribe = unsubscribeUrl(context, linkKeys, recipient.id, context.linkKeyId)
  const hasCoupon = article.coupon_mode !== NewsletterCouponMode.NONE && !!context.promotionCode
  const values: RecipientVars = {
    email: recipient.email,
    first_name: recipient.first_name,
    last_name: recipient.last_name,
    unsubscribe_url: unsubscribe,
    coupon_url:
      article.coupon_mode === NewsletterCouponMode.CLAIM_LINK
        ? couponUrl(context, linkKeys, recipient.id, context.linkKeyId)
        : undefined,
    coupon_code: hasCoupon ? context.promotionCode! : undefined,
  }
  return {
    from: context.from,
    to: recipient.email,
    headers: {
      "List-Unsubscribe": `<${unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    tags: [
      { name: "newsletter_id", value: article.id },
      { name: "recipient_id", value: recipient.id },
    ],
    hasHtml: compiled.format !== "text",
    render: () => {
      const { subject, html, text } = compiled.render(values)
      return { subject, html, text }
    },
  }
}

/**
 * A batch's mails, deferred (see {@link deferMessage}): cheap to build (each recipient's signed
 * links), rendered one by one while the transport serializes the request.
 */
export function deferMessages(
  compiled: CompiledArticle,
  article: ArticleForSending,
  recipients: RecipientForSending[],
  context: NewsletterSendContext,
  linkKeys: LinkKeyring
): DeferredMessage[] {
  return recipients.map((recipient) => deferMessage(compiled, article, recipient, context, linkKeys))
}
