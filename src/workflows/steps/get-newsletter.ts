import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { notFound } from "../../modules/newsletter/utils/not-found"

export type GetNewsletterStepInput = { id: string }

export const getNewsletterStepId = "get-newsletter"

/**
 * This step reads one article, failing with NOT_FOUND (404) when there is none.
 */
export const getNewsletterStep = createStep(
  getNewsletterStepId,
  async (input: GetNewsletterStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const [newsletter] = await service.listNewsletters({ id: input.id })
    if (!newsletter) {
      throw notFound("Newsletter", input.id)
    }
    return new StepResponse(newsletter)
  }
)
