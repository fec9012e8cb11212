import type { LoaderOptions } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { appJwtSecret, linkKeysFor } from "../../../lib/dispatch/links"
import { resolveNewsletterOptions } from "../options"

/**
 * This loader derives the link keys once at boot, so a missing or too short link secret stops
 * the app with a message saying what to set, rather than failing the first unsubscribe or send.
 * Without an app config (the module test tier) there is no jwtSecret to judge: it checks nothing.
 */
export default async function linkKeysLoader({ container, options }: LoaderOptions): Promise<void> {
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE, {
    allowUnregistered: true,
  })
  if (!config?.projectConfig) {
    return
  }
  linkKeysFor(resolveNewsletterOptions(options), appJwtSecret(config))
}
