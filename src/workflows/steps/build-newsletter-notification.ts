import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  buildNewsletterFeedNotification,
  type NewsletterFeedEvent,
  type NewsletterFeedNotification,
} from "../../lib/notifications/newsletter-feed"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"

export type BuildNewsletterNotificationStepInput = {
  event: NewsletterFeedEvent
  /** The event's payload (its `id` is the article's). */
  payload: Record<string, unknown> & { id: string }
}

export const buildNewsletterNotificationStepId = "build-newsletter-notification"

/**
 * This step writes the bell's notification of a plugin event: it reads the article (its subject,
 * counts and stored reason) and says what happened in the plugin's `adminLanguage`, keeping both
 * languages in the data. Null when the article is gone (deleted since). Reads only.
 */
export const buildNewsletterNotificationStep = createStep(
  buildNewsletterNotificationStepId,
  async (input: BuildNewsletterNotificationStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const [article] = await service.listNewsletters(
      { id: input.payload.id },
      {
        select: [
          "id",
          "subject",
          "succeeded_count",
          "failed_count",
          "skipped_count",
          "unsent_count",
          "status_reason_code",
        ],
      }
    )
    if (!article) {
      return new StepResponse<NewsletterFeedNotification | null>(null)
    }
    const options = await service.getOptions()
    const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE) as { admin?: { path?: string } }
    return new StepResponse<NewsletterFeedNotification | null>(
      buildNewsletterFeedNotification({
        event: input.event,
        payload: input.payload,
        article: { ...article, status_reason_code: article.status_reason_code ?? null },
        language: options.adminLanguage,
        adminPath: config.admin?.path ?? "/app",
      })
    )
  }
)
