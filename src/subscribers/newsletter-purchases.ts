import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { OrderEditWorkflowEvents, OrderWorkflowEvents } from "@medusajs/framework/utils"
import { NEWSLETTER_MODULE } from "../modules/newsletter"
import type NewsletterModuleService from "../modules/newsletter/service"
import { orderIdOfEvent } from "../modules/newsletter/utils/purchase-sync-rules"

/**
 * An order was placed, canceled, updated, edited, claimed, exchanged, returned or transferred: the
 * purchase summary the audience reads follows it (with every other order changed since the last
 * sync). The every-minute job and the sync before each count catch anything this misses.
 */
export default async function newsletterPurchasesHandler({ event, container }: SubscriberArgs<unknown>) {
  const orderId = orderIdOfEvent(event.data)
  await container
    .resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    .syncNewsletterPurchases({ order_ids: orderId ? [orderId] : [] })
}

export const config: SubscriberConfig = {
  event: [
    OrderWorkflowEvents.PLACED,
    OrderWorkflowEvents.CANCELED,
    OrderWorkflowEvents.UPDATED,
    OrderWorkflowEvents.COMPLETED,
    OrderWorkflowEvents.ARCHIVED,
    OrderWorkflowEvents.CLAIM_CREATED,
    OrderWorkflowEvents.EXCHANGE_CREATED,
    OrderWorkflowEvents.RETURN_REQUESTED,
    OrderWorkflowEvents.RETURN_RECEIVED,
    OrderWorkflowEvents.TRANSFER_REQUESTED,
    OrderEditWorkflowEvents.CONFIRMED,
  ],
  context: { subscriberId: "newsletter-purchases" },
}
