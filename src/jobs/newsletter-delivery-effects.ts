import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { processNewsletterDeliveryEffectsWorkflow } from "../workflows/process-newsletter-delivery-effects"

/**
 * Applies the delivery effects (unsubscribe, clean) that reports stored but nothing applied yet,
 * and purges old processed webhook events.
 */
export default async function newsletterDeliveryEffectsJob(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { result } = await processNewsletterDeliveryEffectsWorkflow(container).run()
  if (result.applied || result.failed.length) {
    logger.info(
      `Newsletter delivery effects: ${result.applied} applied, ${result.changed_subscription_ids.length} ` +
        `subscriptions changed, ${result.failed.length} failed (retried next run)`
    )
  }
  result.failed.forEach((f) => logger.warn(`Newsletter delivery effect ${f.id} failed: ${f.error}`))
  if (result.purged.events || result.purged.effects) {
    logger.info(
      `Newsletter webhook events purged: ${result.purged.events} events, ${result.purged.effects} applied effects`
    )
  }
}

export const config = {
  name: "newsletter-delivery-effects",
  // Every minute, like the dispatch: an effect left owed waits at most about a minute.
  schedule: "* * * * *",
}
