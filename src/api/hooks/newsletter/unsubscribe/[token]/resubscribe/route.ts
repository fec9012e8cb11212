import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resolveClock } from "../../../../../../lib/clock"
import { resubscribeNewsletterSubscriptionWorkflow } from "../../../../../../workflows/resubscribe-newsletter-subscription"
import { validated } from "../../../../../utils/validate-body"
import { answeringErrors } from "../../../../../utils/respond-error"
import { unsubscribePage } from "../page"
import { answerFollowUp } from "../recipient"
import { HookResubscribe } from "../validators"

export const AUTHENTICATE = false

/**
 * 再登録: the recipient subscribes again from the unsubscribe page with no login (the signed link
 * is the proof), only within 7 days of the unsubscribe.
 */
export const POST = answeringErrors(async (req: MedusaRequest, res: MedusaResponse) => {
  await answerFollowUp(req, res, async (recipient) => {
    await validated(HookResubscribe, req.body)
    await resubscribeNewsletterSubscriptionWorkflow(req.scope).run({
      input: {
        email: recipient.email,
        customer_id: recipient.customer_id,
        newsletter_id: recipient.newsletter_id,
        now: resolveClock(req.scope).now(),
      },
    })
    return unsubscribePage({ state: "resubscribed", email: recipient.email })
  })
})
