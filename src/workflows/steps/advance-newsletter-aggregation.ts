import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { advanceAggregation } from "../../lib/dispatch/delivery-brakes"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"

export const advanceNewsletterAggregationStepId = "advance-newsletter-aggregation"

/**
 * This step moves finished articles to 集計中 / 集計済 when their results are in or the
 * aggregation window has passed. Status changes only move forward; no compensation.
 */
export const advanceNewsletterAggregationStep = createStep(
  { name: advanceNewsletterAggregationStepId, noCompensation: true },
  async (_input: void, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const moved = await advanceAggregation(
      service,
      await service.getOptions(),
      resolveClock(container).now()
    )
    return new StepResponse(moved)
  }
)
