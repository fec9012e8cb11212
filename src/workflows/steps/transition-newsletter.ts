import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { NEWSLETTER_MODULE, NewsletterStatus } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"

export type TransitionNewsletterStepInput = {
  id: string
  to: NewsletterStatus
  /** A timestamp column set to the clock's time together with the status (e.g. cancelled_at). */
  stamp?: "cancelled_at" | "started_at" | "finished_at"
}

export const transitionNewsletterStepId = "transition-newsletter"

/**
 * This step moves an article to another status if the transition table allows it, in one
 * conditional update (409 naming the current status when it doesn't). Its compensation puts back
 * the status and the stamp it wrote, only while the article still has the status it set.
 */
export const transitionNewsletterStep = createStep(
  transitionNewsletterStepId,
  async (input: TransitionNewsletterStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const data = input.stamp ? { [input.stamp]: resolveClock(container).now() } : {}
    const before = await service.transitionNewsletter({ id: input.id, to: input.to, data })
    const restore = input.stamp ? { [input.stamp]: before[input.stamp] ?? null } : {}
    return new StepResponse(
      { id: input.id, from: before.status, to: input.to },
      { id: input.id, from: input.to, restore: { status: before.status, ...restore } }
    )
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    await service.revertNewsletterTransition(previous)
  }
)
