import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"

export const deleteNewslettersStepId = "delete-newsletters"

/**
 * This step soft-deletes articles (and their recipients). Its compensation restores them.
 */
export const deleteNewslettersStep = createStep(
  deleteNewslettersStepId,
  async (ids: string[], { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    await service.softDeleteNewsletters(ids)
    return new StepResponse(void 0, ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    await service.restoreNewsletters(ids)
  }
)
