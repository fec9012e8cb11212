import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { resolveClock } from "../lib/clock"
import { NEWSLETTER_MODULE } from "../modules/newsletter"
import type NewsletterModuleService from "../modules/newsletter/service"
import { sendNewsletterSignupConfirmationWorkflow } from "../workflows/send-newsletter-signup-confirmation"

/** A request this old whose mail is still owed was left by a process that stopped before sending it. */
export const OWED_SIGNUP_MAIL_AFTER_MS = 60_000
const OWED_SIGNUP_MAILS_PER_RUN = 100

/**
 * Sends the storefront signups' confirmation mails still owed a minute after the signup (the
 * subscriber of `newsletter.signup_requested` sends them right after the answer; this catches a
 * process that stopped in between). Each is its own workflow run, so one failure stops no other.
 */
export default async function newsletterSignupMailsJob(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
  const now = resolveClock(container).now()
  const ids = await service.listOwedNewsletterSignupMails({
    before: new Date(now.getTime() - OWED_SIGNUP_MAIL_AFTER_MS),
    now,
    limit: OWED_SIGNUP_MAILS_PER_RUN,
  })
  let sent = 0
  for (const request_id of ids) {
    try {
      const { result } = await sendNewsletterSignupConfirmationWorkflow(container).run({ input: { request_id } })
      sent += result.outcome === "sent" ? 1 : 0
    } catch (error) {
      logger.warn(`Newsletter signup: the owed confirmation mail of ${request_id} failed: ${(error as Error).message}`)
    }
  }
  if (ids.length) {
    logger.info(`Newsletter signup: ${sent} of ${ids.length} owed confirmation mails sent`)
  }
}

export const config = {
  name: "newsletter-signup-mails",
  schedule: "* * * * *",
}
