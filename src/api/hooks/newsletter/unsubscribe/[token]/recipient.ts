import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resolveLinkKeys } from "../../../../../lib/dispatch/links"
import { resolveClock } from "../../../../../lib/clock"
import { verifyLinkToken } from "../../../../../lib/tokens"
import { NEWSLETTER_MODULE } from "../../../../../modules/newsletter"
import type NewsletterModuleService from "../../../../../modules/newsletter/service"
import { errorResponse } from "../../../../utils/respond-error"
import { type UnsubscribeFollowUpOffer, unsubscribePage } from "./page"

/** The recipient an unsubscribe link was signed for, or null for a forged, altered or unknown token. */
export async function findRecipient(req: MedusaRequest) {
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

/** The page's own path, which its follow-up forms post under (`…/reason`, `…/resubscribe`). */
export const pagePath = (req: MedusaRequest) =>
  `/hooks/newsletter/unsubscribe/${encodeURIComponent(req.params.token)}`

/** What the page still offers the address at the plugin's clock (reason, subscribe again). */
export async function followUpOffer(
  req: MedusaRequest,
  service: NewsletterModuleService,
  email: string
): Promise<{ subscribed: boolean; offer: UnsubscribeFollowUpOffer }> {
  const followUp = await service.getUnsubscribeFollowUp({ email, now: resolveClock(req.scope).now() })
  switch (followUp.state) {
    case "open":
      return { subscribed: false, offer: { state: "open", until: followUp.until, reason: followUp.reason } }
    case "subscribed":
      return { subscribed: true, offer: { state: "closed" } }
    default:
      return { subscribed: false, offer: { state: followUp.state } }
  }
}

/**
 * Runs a follow-up action of the page and answers it as a page: the recipient's browser posted a
 * form, so a refusal (a bad answer, the 7 days passed) is a page with the error's status and its
 * code, not JSON. Errors no client causes are rethrown (answeringErrors logs them as 500).
 */
export async function answerFollowUp(
  req: MedusaRequest,
  res: MedusaResponse,
  action: (
    recipient: { email: string; customer_id: string | null; newsletter_id: string },
    service: NewsletterModuleService
  ) => Promise<string>
): Promise<void> {
  const { service, recipient } = await findRecipient(req)
  if (!recipient) {
    res.status(400).type("html").send(unsubscribePage({ state: "invalid" }))
    return
  }
  try {
    res.status(200).type("html").send(await action(recipient, service))
  } catch (error) {
    const answer = errorResponse(error)
    if (!answer) {
      throw error
    }
    res.status(answer.status).type("html").send(unsubscribePage({ state: "refused", code: answer.body.code }))
  }
}
