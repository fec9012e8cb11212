import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resolveLinkKeys } from "../../../../../lib/dispatch/links"
import { verifyLinkToken } from "../../../../../lib/tokens"
import { NEWSLETTER_MODULE } from "../../../../../modules/newsletter"
import type NewsletterModuleService from "../../../../../modules/newsletter/service"
import {
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
} from "../../../../../modules/newsletter/types"
import { updateNewsletterSubscriptionWorkflow } from "../../../../../workflows/update-newsletter-subscription"
import { unsubscribePage } from "./page"
import { answeringErrors } from "../../../../utils/respond-error"

// Mail clients and the recipient's browser call this link: no admin login, no publishable key.
export const AUTHENTICATE = false

async function findRecipient(req: MedusaRequest) {
  const service = req.scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
  const payload = verifyLinkToken(
    req.params.token,
    resolveLinkKeys(req.scope, await service.getOptions()),
    "unsubscribe"
  )
  if (!payload) {
    return { service, recipient: null }
  }
  const [recipient] = await service.listNewsletterRecipients({ id: String(payload.r) })
  return { service, recipient: recipient ?? null }
}

/** Shows a confirmation page with one button; a GET never unsubscribes (link scanners prefetch). */
export const GET = answeringErrors(async (req: MedusaRequest, res: MedusaResponse) => {
  const { recipient } = await findRecipient(req)
  res
    .status(recipient ? 200 : 400)
    .type("html")
    .send(unsubscribePage(recipient ? { state: "confirm", email: recipient.email } : { state: "invalid" }))
})

/**
 * RFC 8058 one-click unsubscribe: acts at once, with no login and no confirmation, and records the
 * change (source `unsubscribe_link`, with the article) in the subscription history.
 */
export const POST = answeringErrors(async (req: MedusaRequest, res: MedusaResponse) => {
  const { recipient } = await findRecipient(req)
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
      reason: "unsubscribe link in the newsletter",
    },
  })
  res.status(200).type("html").send(unsubscribePage({ state: "done", email: recipient.email }))
})
