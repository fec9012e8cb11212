import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { parseSubscriptionCsv } from "../../lib/csv/import"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"

export type ParseNewsletterSubscriptionCsvStepInput = { csv: string }

export const parseNewsletterSubscriptionCsvStepId = "parse-newsletter-subscription-csv"

/**
 * This step reads a subscriber list (CSV) and checks it row by row: it returns the rows that
 * passed and the rejected ones with their reasons. A file that isn't CSV or lacks a column fails
 * the step (400), so nothing is imported. It writes nothing.
 */
export const parseNewsletterSubscriptionCsvStep = createStep(
  parseNewsletterSubscriptionCsvStepId,
  async (input: ParseNewsletterSubscriptionCsvStepInput, { container }) => {
    const { timezone } = await container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).getOptions()
    return new StepResponse(
      parseSubscriptionCsv(input.csv, { timezone, now: resolveClock(container).now() })
    )
  }
)
