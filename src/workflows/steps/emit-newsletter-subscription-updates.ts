import { Modules } from "@medusajs/framework/utils"
import { createStep } from "@medusajs/framework/workflows-sdk"
import { NewsletterEvents } from "../../modules/newsletter"

/** Events handed to the event bus per call. */
export const SUBSCRIPTION_UPDATES_PER_EMIT = 1000

export type EmitNewsletterSubscriptionUpdatesStepInput = {
  /** Subscriptions created or changed. */
  ids: string[]
}

export const emitNewsletterSubscriptionUpdatesStepId = "emit-newsletter-subscription-updates"

/**
 * This step emits `newsletter.subscription_updated` (`{ id }`) for each subscription an import
 * created or changed, a thousand at a time, letting the event bus hand each batch on before the
 * next. Medusa's emitEventStep holds every event of a workflow until it ends and then copies them
 * all at once: about 250 MB for the 100,000 of the largest import. Run it last, after the writes
 * committed: the events then say what happened, as the grouped ones would.
 */
export const emitNewsletterSubscriptionUpdatesStep = createStep(
  emitNewsletterSubscriptionUpdatesStepId,
  async (input: EmitNewsletterSubscriptionUpdatesStepInput, { container }) => {
    const eventBus = container.resolve(Modules.EVENT_BUS)
    for (let start = 0; start < input.ids.length; start += SUBSCRIPTION_UPDATES_PER_EMIT) {
      await eventBus.emit(
        input.ids
          .slice(start, start + SUBSCRIPTION_UPDATES_PER_EMIT)
          .map((id) => ({ name: NewsletterEvents.SUBSCRIPTION_UPDATED, data: { id } }))
      )
      // The bus dispatches a batch on later turns of the event loop; let it, so that what it
      // holds stays one batch.
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
)
