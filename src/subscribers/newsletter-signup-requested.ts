import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { NewsletterEvents } from "../modules/newsletter/types"
import { sendNewsletterSignupConfirmationWorkflow } from "../workflows/send-newsletter-signup-confirmation"

/**
 * A storefront signup recorded a pending request (`newsletter.signup_requested`, payload `{ id }`):
 * its confirmation mail leaves now, after the signup was answered. If this process stops first,
 * the every-minute job sends it.
 */
export default async function newsletterSignupRequestedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await sendNewsletterSignupConfirmationWorkflow(container).run({ input: { request_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: NewsletterEvents.SIGNUP_REQUESTED,
  context: { subscriberId: "newsletter-signup-requested" },
}
