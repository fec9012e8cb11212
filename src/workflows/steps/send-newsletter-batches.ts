import { hostname } from "node:os"
import { randomUUID } from "node:crypto"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { resolveLinkKeys } from "../../lib/dispatch/links"
import { loadArticle } from "../../lib/dispatch/article"
import { sendNewsletters } from "../../lib/dispatch/send-newsletters"
import { getTransport } from "../../lib/transport"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"

/** Identifies this process in batch leases. */
const WORKER_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`

export const sendNewsletterBatchesStepId = "send-newsletter-batches"

/**
 * This step sends the batches of the articles being sent, within the run's time budget.
 * Sending mail can't be compensated; instead every batch is idempotent (see sendNewsletters).
 */
export const sendNewsletterBatchesStep = createStep(
  { name: sendNewsletterBatchesStepId, noCompensation: true },
  async (_input: void, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const options = await service.getOptions()
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)

    const summary = await sendNewsletters({
      service,
      options,
      transport: getTransport(options),
      clock: resolveClock(container),
      linkKeys: resolveLinkKeys(container, options),
      workerId: WORKER_ID,
      logger,
      loadArticle: (id) => loadArticle(query, id),
      emit: async (name, data) => {
        await container.resolve(Modules.EVENT_BUS).emit({ name, data })
      },
    })
    return new StepResponse(summary)
  }
)
