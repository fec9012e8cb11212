import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { loadPromotionCodes } from "../../lib/dispatch/article"
import { liveSendContext } from "../../lib/dispatch/build-message"
import { resolveLinkKeys } from "../../lib/dispatch/links"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { isWithinSendingWindow } from "../../modules/newsletter/utils/sending-window"

export const claimDueNewslettersStepId = "claim-due-newsletters"

/**
 * This step moves every reserved article whose send time has come, and whose category's sending
 * window is open (S12), to `sending` (配信中), freezes what its mails depend on beyond the
 * recipient (the promotion's code, from, sender, URLs, link key id: its send context) and cuts it
 * into batches. The claim is one conditional update, so concurrent runs never claim an article
 * twice, and every later attempt renders from the frozen context. An article outside its window
 * stays `scheduled` and is claimed by the first run after the window opens. No compensation: a
 * claimed article is simply sent by this or a later run.
 */
export const claimDueNewslettersStep = createStep(
  claimDueNewslettersStepId,
  async (_input: void, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const options = await service.getOptions()
    const now = resolveClock(container).now()
    const due = await service.listDueNewsletters({ now })
    const open = due.filter((n) => isWithinSendingWindow(now, n, options.timezone)).map((n) => n.id)
    if (!open.length) {
      return new StepResponse([] as string[])
    }
    // Read just before the claim; the claim statement writes them with the status change.
    const codes = await loadPromotionCodes(container.resolve(ContainerRegistrationKeys.QUERY), open)
    const linkKeys = resolveLinkKeys(container, options)
    const claimed = await service.claimDueNewsletters({
      now,
      batchSize: options.dispatch.batchSize,
      contexts: Object.fromEntries(open.map((id) => [id, liveSendContext(options, codes[id] ?? null, linkKeys)])),
    })
    return new StepResponse(claimed)
  }
)
