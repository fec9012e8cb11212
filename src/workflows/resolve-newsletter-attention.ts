import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { NewsletterEvents, NewsletterStatus, type NewsletterAttentionAction } from "../modules/newsletter"
import { resolveNewsletterAttentionStep } from "./steps/resolve-newsletter-attention"

export type ResolveNewsletterAttentionWorkflowInput = { id: string; action: NewsletterAttentionAction }

export const resolveNewsletterAttentionWorkflowId = "resolve-newsletter-attention"

/**
 * This workflow applies the store owner's decision on an article whose batches need attention:
 * their first attempt is more than 23 hours old, beyond Resend's 24-hour idempotency window, so
 * the dispatcher never re-sends them by itself and the article stays `sending` (配信中).
 * - `send_again`: the batches go back to the queue under a new Idempotency-Key; recipients whose
 *   first attempt did go out get the mail twice (the owner accepts that, e.g. after checking
 *   Resend's email log). The next job run sends them.
 * - `skip`: their unsent recipients are recorded as skipped; the article finishes at once when
 *   nothing else is left (`sent`, or `failed` when no mail was confirmed at all), and then emits
 *   `newsletter.sent` or `newsletter.failed`.
 * 404 for an unknown article; 409 when nothing needs attention (e.g. another admin resolved it)
 * or the article is no longer being sent.
 *
 * @example
 * const { result } = await resolveNewsletterAttentionWorkflow(container).run({
 *   input: { id: "nl_123", action: NewsletterAttentionAction.SKIP },
 * })
 * // result.batches, result.skipped, result.finished
 */
export const resolveNewsletterAttentionWorkflow = createWorkflow(
  resolveNewsletterAttentionWorkflowId,
  (input: WorkflowData<ResolveNewsletterAttentionWorkflowInput>) => {
    const resolved = resolveNewsletterAttentionStep({ id: input.id, action: input.action })
    when({ resolved }, ({ resolved }) => resolved.finished !== null).then(() => {
      emitEventStep({
        eventName: transform({ resolved }, ({ resolved }) =>
          resolved.finished === NewsletterStatus.SENT ? NewsletterEvents.SENT : NewsletterEvents.FAILED
        ),
        data: transform({ input }, ({ input }) => ({ id: input.id })),
      })
    })
    return new WorkflowResponse(resolved)
  }
)
