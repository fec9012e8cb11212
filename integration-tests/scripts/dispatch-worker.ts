/**
 * A Medusa worker process for the multi-process tests: boots the app from the repo's test
 * medusa-config.ts (`npx medusa exec`), then runs the plugin's dispatch workflow the way the
 * every-minute job does, again and again, until no article is being sent or the time is up.
 *
 * Env: DATABASE_URL, RESEND_STANDIN_URL, NEWSLETTER_CLOCK_OFFSET_MS (how far this worker's clock
 * is ahead of real time), WORKER_RUN_SECONDS (default 60).
 */
import { asValue } from "@medusajs/framework/awilix"
import type { ExecArgs } from "@medusajs/framework/types"
import { NEWSLETTER_CLOCK } from "../../src/lib/clock"
import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import type NewsletterModuleService from "../../src/modules/newsletter/service"
import { dispatchNewslettersWorkflow } from "../../src/workflows/dispatch-newsletters"

export default async function dispatchWorker({ container }: ExecArgs) {
  const offset = Number(process.env.NEWSLETTER_CLOCK_OFFSET_MS || 0)
  container.register(NEWSLETTER_CLOCK, asValue({ now: () => new Date(Date.now() + offset) }))
  const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
  const deadline = Date.now() + Number(process.env.WORKER_RUN_SECONDS || 60) * 1000

  console.log("WORKER_READY")
  while (Date.now() < deadline) {
    const { result } = await dispatchNewslettersWorkflow(container).run()
    console.log(`WORKER_RUN ${JSON.stringify({ sent: result.sent, batches: result.batches })}`)
    const [, sending] = await service.listAndCountNewsletters({ status: "sending" }, { take: 1 })
    if (sending === 0) {
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  console.log("WORKER_DONE")
}
