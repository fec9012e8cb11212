import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"

export type UpdateNewsletterData = { id: string } & Record<string, unknown>

export const updateNewslettersStepId = "update-newsletters"

/**
 * This step updates articles. Its compensation restores the fields it changed to their
 * values before the update.
 */
export const updateNewslettersStep = createStep(
  updateNewslettersStepId,
  async (data: UpdateNewsletterData[], { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const before = await service.listNewsletters({ id: data.map((d) => d.id) })
    const preImage = data.map((d) => {
      const previous = before.find((b) => b.id === d.id) as Record<string, unknown>
      return Object.fromEntries(Object.keys(d).map((key) => [key, previous[key]])) as UpdateNewsletterData
    })
    const updated = await service.updateNewsletters(data as any)
    return new StepResponse(updated, preImage)
  },
  async (preImage, { container }) => {
    if (!preImage?.length) {
      return
    }
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    await service.updateNewsletters(preImage as any)
  }
)
