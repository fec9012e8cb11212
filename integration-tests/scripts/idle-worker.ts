/**
 * A Medusa worker process for the reliability suite: boots the app from the repo's test
 * medusa-config.ts in worker mode (MEDUSA_TEST_WORKER_MODE=worker), so Medusa's own job scheduler
 * runs the plugin's every-minute dispatch job, and stays up for WORKER_RUN_SECONDS.
 */
import type { ExecArgs } from "@medusajs/framework/types"

export default async function idleWorker(_args: ExecArgs) {
  console.log("WORKER_READY")
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.WORKER_RUN_SECONDS || 150) * 1000))
  console.log("WORKER_DONE")
}
