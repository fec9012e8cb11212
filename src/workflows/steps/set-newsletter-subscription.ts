import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import type { ChangeSubscriptionInput, SubscriptionChangeResult } from "../../modules/newsletter/service"

/** The change: address, status, source, and what the history entry records. */
export type SetNewsletterSubscriptionStepInput = ChangeSubscriptionInput

export type SetNewsletterSubscriptionStepOutput = {
  /** The subscription; null when the address has no record and none was made. */
  id: string | null
  /** False when the status was already the one asked for, or the rules ask for no change. */
  changed: boolean
}

export const setNewsletterSubscriptionStepId = "set-newsletter-subscription"

/**
 * This step sets the subscription of one address and records the change in its history (the
 * consent record), in one transaction decided on the status found under the row's lock (the
 * module's changeNewsletterSubscription): racing requests can't both act on a stale status, and a
 * cleaned address is never re-subscribed from the storefront. Setting the status it already has
 * records nothing. Its compensation undoes the change while it is still the address's latest.
 */
export const setNewsletterSubscriptionStep = createStep(
  setNewsletterSubscriptionStepId,
  async (input: SetNewsletterSubscriptionStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    return subscriptionChangeResponse(await service.changeNewsletterSubscription(input))
  },
  undoSubscriptionChange
)

/** A step's answer of a subscription change: `{ id, changed }`, and the change for its compensation. */
export function subscriptionChangeResponse(change: SubscriptionChangeResult) {
  return new StepResponse<SetNewsletterSubscriptionStepOutput, SubscriptionChangeResult | null>(
    { id: change.id, changed: change.changed },
    change.changed ? change : null
  )
}

/** The compensation of a subscription change: undone while it is still the address's latest. */
export async function undoSubscriptionChange(
  change: SubscriptionChangeResult | null | undefined,
  { container }: { container: Pick<MedusaContainer, "resolve"> }
): Promise<void> {
  if (!change) {
    return
  }
  const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
  await service.revertNewsletterSubscriptionChange(change)
}
