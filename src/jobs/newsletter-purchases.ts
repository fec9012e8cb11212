import type { MedusaContainer } from "@medusajs/framework/types"
import { NEWSLETTER_MODULE } from "../modules/newsletter"
import type NewsletterModuleService from "../modules/newsletter/service"

/**
 * Every minute, the purchase summary follows the orders changed since the last sync (the first run
 * fills it from every order): what an order event's subscriber missed is caught here. Several
 * workers may run it at once: the sync takes an advisory lock (this job skips a run while another
 * sync holds it) and writes only differences.
 */
export default async function newsletterPurchasesJob(container: MedusaContainer) {
  // A sync still running (the first one, filling the summary, may take minutes) is left to finish.
  await container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).syncNewsletterPurchases({ skip_if_busy: true })
}

export const config = {
  name: "newsletter-purchases",
  schedule: "* * * * *",
}
