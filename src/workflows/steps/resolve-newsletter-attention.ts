import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { NEWSLETTER_MODULE, NewsletterAttentionAction, NewsletterStatus } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import type { ResolvedAttention } from "../../modules/newsletter/service"

export type ResolveNewsletterAttentionStepInput = { id: string; action: NewsletterAttentionAction }

export type ResolveNewsletterAttentionStepOutput = ResolvedAttention & {
  /** The article's status when the decision let it finish at once (after `skip`), else null. */
  finished: NewsletterStatus | null
}

export const resolveNewsletterAttentionStepId = "resolve-newsletter-attention"

/**
 * This step applies the store owner's decision on the batches of an article that need attention,
 * through the module in one conditional statement (404 for an unknown article, 409 when nothing
 * needs attention any more), then finishes the article if nothing is left to send (after `skip`
 * when every other batch is done), so the owner sees the outcome at once.
 *
 * No compensation: the decision is complete on its own and nothing after it can fail. If the
 * finish itself fails, the every-minute job finishes the article at its next run.
 */
export const resolveNewsletterAttentionStep = createStep(
  resolveNewsletterAttentionStepId,
  async (input: ResolveNewsletterAttentionStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const resolved = await service.resolveNewsletterAttention({ newsletterId: input.id, action: input.action })
    const finished =
      input.action === NewsletterAttentionAction.SKIP
        ? await service.finishNewsletterIfComplete({ newsletterId: input.id, now: resolveClock(container).now() })
        : null
    return new StepResponse<ResolveNewsletterAttentionStepOutput>({ ...resolved, finished })
  }
)
