/**
 * A second Medusa process for the signup's abuse limits: boots the app from the repo's test
 * medusa-config.ts (`npx medusa exec`) on the suite's database and runs the storefront signup's
 * workflow — the one POST /store/newsletter-subscriptions runs — for each address, as from the
 * given IP address, printing each outcome. The limits it meets are the ones the suite's server
 * process counts: they live in the shared database, not in either process.
 *
 * Env: DATABASE_URL, RESEND_STANDIN_URL, SIGNUP_EMAILS (comma-separated), SIGNUP_IP.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { requestNewsletterSignupWorkflow } from "../../src/workflows/request-newsletter-signup"

export default async function signupWorker({ container }: ExecArgs) {
  const outcomes: string[] = []
  for (const email of (process.env.SIGNUP_EMAILS ?? "").split(",").filter(Boolean)) {
    try {
      await requestNewsletterSignupWorkflow(container).run({
        input: { email, ip: process.env.SIGNUP_IP || null, user_agent: "signup-worker", source_url: null },
      })
      outcomes.push("accepted")
    } catch (e) {
      outcomes.push((e as { code?: string }).code ?? String(e))
    }
  }
  console.log(`SIGNUP_OUTCOMES ${JSON.stringify(outcomes)}`)
}
