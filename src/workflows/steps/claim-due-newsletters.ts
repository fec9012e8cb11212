import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { loadPromotionCodes } from "../../lib/dispatch/article"
import { liveSendContext } from "../../lib/dispatch/build-message"
import { resolveLinkKeys } from "../../lib/dispatch/links"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { windowWaitReason } from "../../modules/newsletter/utils/status-reasons"

export const claimDueNewslettersStepId = "claim-due-newsletters"

/**
 * This step moves every reserved article whose send time has come to `sending` (配信中), whatever
 * its category's sending window (the manual's ※1: 配信中 begins at the reserved time, and from then
 * on it can't be cancelled, ※3), freezes what its mails depend on beyond the recipient (the
 * promotion's code, from, sender, URLs, link key id: its send context) and cuts it into batches.
 * An article whose window is closed is claimed with the reason it waits (`waiting_for_window`,
 * with the window and when it opens); its mails leave once the window opens (S12, see
 * sendNewsletters). The claim is one conditional update, so concurrent runs never claim an
 * article twice, and every later attempt renders from the frozen context. No compensation: a
 * claimed article is simply sent by this or a later run.
 */
export const claimDueNewslettersStep = createStep(
  claimDueNewslettersStepId,
  async (_input: void, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const options = await service.getOptions()
    const now = resolveClock(container).now()
    const due = await service.listDueNewsletters({ now })
    if (!due.length) {
      return new StepResponse([] as string[])
    }
    const ids = due.map((n) => n.id)
    // Read just before the claim; the claim statement writes them with the status change.
    const codes = await loadPromotionCodes(container.resolve(ContainerRegistrationKeys.QUERY), ids)
    const linkKeys = resolveLinkKeys(container, options)
    const waiting = due.flatMap((n) => {
      const reason = windowWaitReason(now, n, options.timezone)
      return reason ? [[n.id, reason] as const] : []
    })
    const claimed = await service.claimDueNewsletters({
      now,
      batchSize: options.dispatch.batchSize,
      contexts: Object.fromEntries(ids.map((id) => [id, liveSendContext(options, codes[id] ?? null, linkKeys)])),
      waiting: Object.fromEntries(waiting),
    })
    return new StepResponse(claimed)
  }
)
