import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resolveClock } from "../../../../../lib/clock"
import { resolveLinkKeys } from "../../../../../lib/dispatch/links"
import { verifyLinkToken } from "../../../../../lib/tokens"
import { NEWSLETTER_MODULE } from "../../../../../modules/newsletter"
import { isNewsletterError } from "../../../../../modules/newsletter/errors"
import type NewsletterModuleService from "../../../../../modules/newsletter/service"
import { CONFIRMATION_REFUSAL_CODES } from "../../../../../modules/newsletter/utils/signup-rules"
import { confirmNewsletterSignupWorkflow } from "../../../../../workflows/confirm-newsletter-signup"
import { requestEvidence } from "../../../../utils/request-evidence"
import { answeringErrors } from "../../../../utils/respond-error"
import { confirmPage } from "./page"

// The person's browser opens this link from the confirmation mail: no login, no publishable key.
export const AUTHENTICATE = false

const STATUS = { invalid: 400, expired: 410, used: 409 } as const

/**
 * Shows a page with one button while the link's signature and expiry hold; a GET never confirms
 * (link scanners prefetch).
 */
export const GET = answeringErrors(async (req: MedusaRequest, res: MedusaResponse) => {
  const service = req.scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
  const payload = verifyLinkToken(req.params.token, resolveLinkKeys(req.scope, await service.getOptions()), "confirm")
  const state =
    !payload || typeof payload.exp !== "number"
      ? "invalid"
      : payload.exp * 1000 <= resolveClock(req.scope).now().getTime()
      ? "expired"
      : "confirm"
  res.status(state === "confirm" ? 200 : STATUS[state]).type("html").send(confirmPage({ state }))
})

/** Confirms the signup (as POST /store/newsletter-subscriptions/confirm) and says so in a page. */
export const POST = answeringErrors(async (req: MedusaRequest, res: MedusaResponse) => {
  try {
    const { result } = await confirmNewsletterSignupWorkflow(req.scope).run({
      input: { token: req.params.token, ...requestEvidence(req) },
    })
    res.status(200).type("html").send(confirmPage({ state: "done", email: result.email }))
  } catch (error) {
    const refusal = isNewsletterError(error) ? CONFIRMATION_REFUSAL_CODES[error.code!] : undefined
    if (!refusal) {
      throw error
    }
    res.status(STATUS[refusal]).type("html").send(confirmPage({ state: refusal }))
  }
})
