import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { dispatchNewslettersWorkflow } from "../workflows/dispatch-newsletters"

/** Sends reserved newsletters whose time has come, and continues those being sent. */
export default async function dispatchNewslettersJob(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { result } = await dispatchNewslettersWorkflow(container).run()
  if (result.claimed.length || result.batches) {
    logger.info(
      `Newsletter dispatch: ${result.claimed.length} started, ${result.batches} batches, ` +
        `${result.sent} sent, ${result.failed} failed, ${result.finished.length} finished`
    )
  }
}

export const config = {
  name: "dispatch-newsletters",
  // Every minute; one run sends for at most `dispatch.runSeconds` (default 50 s).
  schedule: "* * * * *",
}
