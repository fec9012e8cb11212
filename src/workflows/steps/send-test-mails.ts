import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { compiledFor, loadArticle } from "../../lib/dispatch/article"
import { buildMessage, liveSendContext } from "../../lib/dispatch/build-message"
import { resolveLinkKeys } from "../../lib/dispatch/links"
import { scheduledSendDeps, sendWithRetries } from "../../lib/dispatch/send-with-retries"
import { sampleRecipient } from "../../lib/render/compile"
import { getTransport } from "../../lib/transport"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"

export type SendTestMailsStepInput = { id: string; to: string[] }

export type TestMailResult =
  | { email: string; status: "sent"; id: string }
  | { email: string; status: "failed"; error: string }

/** Subject prefix that tells a test mail from the real one. */
export const TEST_SUBJECT_PREFIX = "[テスト] "

export const sendTestMailsStepId = "send-test-mails"

/**
 * This step sends an article at once to the given addresses (テスト送信, S5), rendered with sample
 * data, in one request that takes its turn in the shared rate limit. Test mails are exempt from the
 * lead time. Mail can't be unsent, so there is no compensation.
 */
export const sendTestMailsStep = createStep(
  { name: sendTestMailsStepId, noCompensation: true },
  async (input: SendTestMailsStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const options = await service.getOptions()
    const article = await loadArticle(container.resolve(ContainerRegistrationKeys.QUERY), input.id)
    const compiled = await compiledFor(article, options)
    const linkKeys = resolveLinkKeys(container, options)
    // Live values, not a frozen send context: a test send shows what a send would start with now.
    const context = liveSendContext(options, article.promotion_code, linkKeys)
    const messages = input.to.map((email) => {
      const message = buildMessage(compiled, article, { ...sampleRecipient, id: "test", email }, context, linkKeys)
      return { ...message, subject: `${TEST_SUBJECT_PREFIX}${message.subject}`, tags: [] }
    })

    const transport = getTransport(options)
    const outcome = await sendWithRetries(messages, undefined, {
      ...scheduledSendDeps(service, transport, options.resend?.requestsPerSecond),
      budgetMs: 20_000,
      // Only retry a 429: without an idempotency key a retried 5xx might send twice.
      maxRetries: 0,
    })

    const results: TestMailResult[] = input.to.map((email, i) => {
      if (outcome.kind !== "accepted") {
        return { email, status: "failed", error: outcome.reason }
      }
      const result = outcome.results[i]
      return "id" in result
        ? { email, status: "sent", id: result.id }
        : { email, status: "failed", error: result.error }
    })
    return new StepResponse({ transport: transport.name, results })
  }
)
