import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { confirmationUrl, resolveLinkKeys } from "../../lib/dispatch/links"
import { scheduledSendDeps, sendWithRetries } from "../../lib/dispatch/send-with-retries"
import { confirmationMail } from "../../lib/signup/confirmation-mail"
import { getTransport } from "../../lib/transport"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"

export type SendNewsletterSignupConfirmationStepInput = { request_id: string }

/** sent: handed over now; refused: not handed over, the request deleted; not_owed: nothing to send. */
export type SendNewsletterSignupConfirmationStepOutput = { outcome: "sent" | "refused" | "not_owed" }

export const sendNewsletterSignupConfirmationStepId = "send-newsletter-signup-confirmation"

/**
 * This step sends a pending signup request's confirmation mail (確認メール) with its signed link,
 * if it is still owed (not sent, confirmed or expired), through the plugin's transport, taking
 * its turn in the shared request schedule (`resend.requestsPerSecond` across all processes, like
 * a test send) but in no article's batches, and then records it sent. Its Idempotency-Key is the
 * request, so two senders (the event's subscriber and the job) or a retry never mail twice. When
 * the mail can't be handed over, the pending request is deleted (no record claims a mail went
 * out; the person may sign up again at once) and the failure is logged. Mail can't be unsent, so
 * there is no compensation.
 */
export const sendNewsletterSignupConfirmationStep = createStep(
  { name: sendNewsletterSignupConfirmationStepId, noCompensation: true },
  async (input: SendNewsletterSignupConfirmationStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const clock = resolveClock(container)
    const owed = await service.owedNewsletterSignupMail({ request_id: input.request_id, now: clock.now() })
    if (!owed) {
      return new StepResponse<SendNewsletterSignupConfirmationStepOutput>({ outcome: "not_owed" })
    }
    const options = await service.getOptions()
    const url = confirmationUrl(options, resolveLinkKeys(container, options), owed.request_id, owed.expires_at)
    const message = confirmationMail(options, owed.email, url, owed.expires_at)

    const outcome = await sendWithRetries([message], `newsletter-signup/${owed.request_id}`, {
      ...scheduledSendDeps(service, getTransport(options), options.resend?.requestsPerSecond),
      budgetMs: 10_000,
      maxRetries: 2,
    })
    const result = outcome.kind === "accepted" ? outcome.results[0] : { error: outcome.reason }
    if ("error" in result) {
      await service.discardNewsletterSignupRequest(owed.request_id)
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .error(`Newsletter signup: the confirmation mail of request ${owed.request_id} was not sent: ${result.error}`)
      return new StepResponse<SendNewsletterSignupConfirmationStepOutput>({ outcome: "refused" })
    }
    await service.markNewsletterSignupMailSent({ request_id: owed.request_id, now: clock.now() })
    return new StepResponse<SendNewsletterSignupConfirmationStepOutput>({ outcome: "sent" })
  }
)
