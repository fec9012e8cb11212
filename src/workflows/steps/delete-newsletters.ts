import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"

export const deleteNewslettersStepId = "delete-newsletters"

/**
 * This step soft-deletes draft or cancelled articles and their recipients, in one statement
 * conditional on the status: if one of them changed meanwhile, nothing is deleted (409 naming its
 * status). Its compensation restores exactly what it deleted.
 */
export const deleteNewslettersStep = createStep(
  deleteNewslettersStepId,
  async (ids: string[], { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const deleted = await service.deleteNewslettersGuarded(ids)
    return new StepResponse(void 0, deleted)
  },
  async (deleted, { container }) => {
    if (!deleted?.ids.length) {
      return
    }
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    await service.restoreDeletedNewsletters(deleted)
  }
)
