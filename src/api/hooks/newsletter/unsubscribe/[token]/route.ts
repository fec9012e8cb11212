import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
} from "../../../../../modules/newsletter/types"
import { updateNewsletterSubscriptionWorkflow } from "../../../../../workflows/update-newsletter-subscription"
import { unsubscribePage } from "./page"
import { findRecipient, followUpOffer, pagePath } from "./recipient"
import { answeringErrors } from "../../../../utils/respond-error"

// Mail clients and the recipient's browser call this link: no admin login, no publishable key.
export const AUTHENTICATE = false

/**
 * Shows a confirmation page with one button; a GET never unsubscribes (link scanners prefetch).
 * An address already unsubscribed sees so, with the reason question and the "subscribe again"
 * button while its unsubscribe is at most 7 days old.
 */
export const GET = answeringErrors(async (req: MedusaRequest, res: MedusaResponse) => {
  const { service, recipient } = await findRecipient(req)
  if (!recipient) {
    res.status(400).type("html").send(unsubscribePage({ state: "invalid" }))
    return
  }
  const { subscribed, offer } = await followUpOffer(req, service, recipient.email)
  res
    .status(200)
    .type("html")
    .send(
      unsubscribePage(
        subscribed
          ? { state: "confirm", email: recipient.email }
          : { state: "already", email: recipient.email, base: pagePath(req), followUp: offer }
      )
    )
})

/**
 * RFC 8058 one-click unsubscribe: acts at once, with no login and no confirmation, and records the
 * change (source `unsubscribe_link`, with the article) in the subscription history. The page it
 * answers (seen when the recipient pressed the button) asks the optional reason and offers to
 * subscribe again.
 */
export const POST = answeringErrors(async (req: MedusaRequest, res: MedusaResponse) => {
  const { service, recipient } = await findRecipient(req)
  if (!recipient) {
    res.status(400).type("html").send(unsubscribePage({ state: "invalid" }))
    return
  }
  // The subscription rules decide on the status found under the row's lock: only a subscribed
  // address changes (a cleaned one stays cleaned; a second click records nothing).
  await updateNewsletterSubscriptionWorkflow(req.scope).run({
    input: {
      email: recipient.email,
      customer_id: recipient.customer_id,
      status: NewsletterSubscriptionStatus.UNSUBSCRIBED,
      source: NewsletterSubscriptionSource.UNSUBSCRIBE_LINK,
      newsletter_id: recipient.newsletter_id,
      reason_code: "unsubscribe_link",
    },
  })
  const { offer } = await followUpOffer(req, service, recipient.email)
  res
    .status(200)
    .type("html")
    .send(unsubscribePage({ state: "done", email: recipient.email, base: pagePath(req), followUp: offer }))
})
