import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { isWithinSendingWindow } from "../../modules/newsletter/utils/sending-window"

export const claimDueNewslettersStepId = "claim-due-newsletters"

/**
 * This step moves every reserved article whose send time has come, and whose category's sending
 * window is open (S12), to `sending` (配信中) and cuts it into batches. The claim is one
 * conditional update, so concurrent runs never claim an article twice. An article outside its
 * window stays `scheduled` and is claimed by the first run after the window opens. No
 * compensation: a claimed article is simply sent by this or a later run.
 */
export const claimDueNewslettersStep = createStep(
  claimDueNewslettersStepId,
  async (_input: void, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const options = await service.getOptions()
    const now = resolveClock(container).now()
    const due = await service.listDueNewsletters({ now })
    const open = due.filter((n) => isWithinSendingWindow(now, n, options.timezone)).map((n) => n.id)
    const claimed = await service.claimDueNewsletters({
      now,
      batchSize: options.dispatch.batchSize,
      ids: open,
    })
    return new StepResponse(claimed)
  }
)
