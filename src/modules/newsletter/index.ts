import { Module } from "@medusajs/framework/utils"
import linkKeysLoader from "./loaders/link-keys"
import NewsletterModuleService from "./service"

export const NEWSLETTER_MODULE = "newsletter"

export default Module(NEWSLETTER_MODULE, {
  service: NewsletterModuleService,
  loaders: [linkKeysLoader],
})

export { NewsletterModuleService }
export * from "./types"
export type { NewsletterModuleOptions, ResolvedNewsletterOptions } from "./options"
