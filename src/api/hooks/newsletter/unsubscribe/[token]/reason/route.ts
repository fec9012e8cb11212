import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resolveClock } from "../../../../../../lib/clock"
import { recordNewsletterUnsubscribeReasonWorkflow } from "../../../../../../workflows/record-newsletter-unsubscribe-reason"
import { validated } from "../../../../../utils/validate-body"
import { answeringErrors } from "../../../../../utils/respond-error"
import { unsubscribePage } from "../page"
import { answerFollowUp, followUpOffer, pagePath } from "../recipient"
import { HookUnsubscribeReason } from "../validators"

export const AUTHENTICATE = false

/**
 * The unsubscribe page's optional question (多すぎる / 興味がない / 登録した覚えがない / その他 and a
 * free text), recorded in the history entry of the unsubscribe within 7 days of it.
 */
export const POST = answeringErrors(async (req: MedusaRequest, res: MedusaResponse) => {
  await answerFollowUp(req, res, async (recipient, service) => {
    const body = await validated(HookUnsubscribeReason, req.body)
    await recordNewsletterUnsubscribeReasonWorkflow(req.scope).run({
      input: { email: recipient.email, reason: body.reason, text: body.text ?? null, now: resolveClock(req.scope).now() },
    })
    const { offer } = await followUpOffer(req, service, recipient.email)
    return unsubscribePage({ state: "reason_saved", email: recipient.email, base: pagePath(req), followUp: offer })
  })
})
