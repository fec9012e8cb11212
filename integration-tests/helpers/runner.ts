import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { cloneInto } from "./migrated-base"

type RunnerOptions = Parameters<typeof medusaIntegrationTestRunner>[0]

/**
 * Medusa's `medusaIntegrationTestRunner`, starting from a copy of the tier's migrated base database
 * (integration-tests/helpers/migrated-base.js) instead of migrating an empty one. Everything else,
 * the app, the per-test restore and the clean-up, is the runner's own.
 */
export function newsletterIntegrationTestRunner(options: RunnerOptions) {
  return medusaIntegrationTestRunner({
    ...options,
    hooks: {
      ...options.hooks,
      beforeServerStart: async (container) => {
        const { databaseUrl } = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE).projectConfig
        await cloneInto(decodeURIComponent(new URL(databaseUrl!).pathname.slice(1)))
        await options.hooks?.beforeServerStart?.(container)
      },
    },
  })
}
