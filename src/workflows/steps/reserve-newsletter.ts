import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"

export type ReserveNewsletterStepInput = { id: string }

export const reserveNewsletterStepId = "reserve-newsletter"

/**
 * This step reserves a draft article (予約, S8) through the module, in one database transaction:
 * the status rule and the lead time (S4) are checked again, the status changes with one
 * conditional update, the recipients are snapshotted in one statement and the counters written.
 * Either all of it is written or nothing. Its compensation puts the article back to draft without
 * its snapshot, only while it is still reserved.
 */
export const reserveNewsletterStep = createStep(
  reserveNewsletterStepId,
  async (input: ReserveNewsletterStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const reserved = await service.reserveNewsletter({ id: input.id, now: resolveClock(container).now() })
    return new StepResponse(reserved, input.id)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    await container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).unreserveNewsletter(id)
  }
)
