import { isDeepStrictEqual } from "node:util"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { NewsletterEvents, NewsletterStatus } from "../modules/newsletter"
import { releaseNewsletterCouponWorkflow } from "./release-newsletter-coupon"
import { CreateNewsletterData } from "./steps/create-newsletters"
import { editNewsletterStep } from "./steps/edit-newsletter"
import { getNewsletterStep } from "./steps/get-newsletter"
import { validateNewsletterActionStep } from "./steps/validate-newsletter-action"
import { validateNewsletterCouponEditStep } from "./steps/validate-newsletter-coupon-edit"
import { validateNewsletterFieldsStep } from "./steps/validate-newsletter-fields"

export type UpdateNewsletterWorkflowInput = { id: string } & Partial<CreateNewsletterData>

export const updateNewsletterWorkflowId = "update-newsletter"

/**
 * This workflow edits a draft or scheduled article. A scheduled article keeps its recipient
 * snapshot when only its content changes; a change of audience sends it back to draft, because
 * the snapshot no longer matches the audience, and releases the coupon restriction of a
 * `claim_link` article (S9); otherwise a scheduled article's promotion and coupon mode stay fixed
 * and its body keeps `<#クーポンURL>`. A changed send time must again be far enough ahead (S4). It
 * emits `newsletter.updated`.
 *
 * The checks run on one read of the article; the write is one statement conditional on the
 * article still being as read (its status, and for a reserved article whose audience is edited,
 * its audience). An edit that loses a race, e.g. against the dispatcher claiming the article,
 * fails with a CONFLICT (409) naming the current status and changes nothing: no edit ever lands
 * on an article that is being sent.
 *
 * @example
 * await updateNewsletterWorkflow(container).run({ input: { id: "nl_123", subject: "新しい件名" } })
 */
export const updateNewsletterWorkflow = createWorkflow(
  updateNewsletterWorkflowId,
  (input: WorkflowData<UpdateNewsletterWorkflowInput>) => {
    const newsletter = getNewsletterStep({ id: input.id })
    validateNewsletterActionStep({ newsletter, action: "edit" })

    const checks = transform({ input, newsletter }, ({ input, newsletter }) => ({
      scheduled_at:
        input.scheduled_at &&
        new Date(input.scheduled_at).getTime() !== new Date(newsletter.scheduled_at).getTime()
          ? input.scheduled_at
          : undefined,
      category_id: input.category_id,
      audience: input.audience,
      promotion_id: input.promotion_id !== undefined ? input.promotion_id : newsletter.promotion_id,
      coupon_mode: input.coupon_mode ?? newsletter.coupon_mode,
      content: {
        subject: input.subject ?? newsletter.subject,
        body: input.body ?? newsletter.body,
        format: input.format ?? newsletter.format,
      },
    }))
    validateNewsletterFieldsStep(checks)

    const audienceChanged = transform({ input, newsletter }, ({ input, newsletter }) =>
      newsletter.status === NewsletterStatus.SCHEDULED &&
      input.audience !== undefined &&
      !isDeepStrictEqual(input.audience, newsletter.audience)
    )
    validateNewsletterCouponEditStep({ newsletter, input, audience_changed: audienceChanged })

    const updated = editNewsletterStep(
      transform({ input, newsletter, audienceChanged }, ({ input, newsletter, audienceChanged }) => {
        const { id, ...data } = input
        return {
          id,
          data,
          expected: {
            status: newsletter.status,
            // The snapshot decision was made against this audience: it must still be the one.
            audience:
              newsletter.status === NewsletterStatus.SCHEDULED && input.audience !== undefined
                ? newsletter.audience
                : undefined,
          },
          drop_snapshot: audienceChanged,
        }
      })
    )
    when({ audienceChanged }, ({ audienceChanged }) => audienceChanged).then(() => {
      // Back to draft: the promotion loses the restriction the reservation added (S9).
      releaseNewsletterCouponWorkflow.runAsStep({ input: { id: input.id } })
    })
    emitEventStep({
      eventName: NewsletterEvents.UPDATED,
      data: { id: input.id },
    })
    return new WorkflowResponse(updated)
  }
)
