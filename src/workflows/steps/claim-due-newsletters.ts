import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"

export const claimDueNewslettersStepId = "claim-due-newsletters"

/**
 * This step moves every reserved article whose send time has come to `sending` (配信中) and cuts
 * it into batches. It is one conditional update, so concurrent runs never claim an article twice.
 * No compensation: a claimed article is simply sent by this or a later run.
 */
export const claimDueNewslettersStep = createStep(
  claimDueNewslettersStepId,
  async (_input: void, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const options = await service.getOptions()
    const claimed = await service.claimDueNewsletters({
      now: resolveClock(container).now(),
      batchSize: options.dispatch.batchSize,
    })
    return new StepResponse(claimed)
  }
)
