import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  acquireLockStep,
  emitEventStep,
  linkCustomersToCustomerGroupWorkflow,
  releaseLockStep,
} from "@medusajs/medusa/core-flows"
import type { CouponSummary } from "../lib/coupons"
import { NewsletterEvents } from "../modules/newsletter"
import { createNewsletterCouponClaimStep } from "./steps/create-newsletter-coupon-claim"
import { resolveNewsletterCouponClaimStep } from "./steps/resolve-newsletter-coupon-claim"
import { verifyNewsletterCouponTokenStep } from "./steps/verify-newsletter-coupon-token"

export type ClaimNewsletterCouponWorkflowInput = {
  /** The token of the recipient's coupon URL (`<#クーポンURL>`). */
  token: string
  /** The logged-in customer. */
  customer_id: string
}

/** What a claim answers: the code to enter at checkout and what it gives. */
export type ClaimNewsletterCouponWorkflowOutput = {
  newsletter_id: string
  code: string
  /** When the recipient first claimed; the same on every later claim. */
  claimed_at: string
  promotion: CouponSummary
}

export const claimNewsletterCouponWorkflowId = "claim-newsletter-coupon"

/**
 * This workflow makes the coupon of a `claim_link` article usable for the logged-in customer who
 * opened their coupon URL (「クーポンURLにアクセス後利用可能」, S9): it checks the token, that the
 * customer is the recipient it was sent to and that the promotion can still be used, adds the
 * customer to the article's customer group with Medusa's `linkCustomersToCustomerGroupWorkflow`
 * (the promotion's `customer.groups.id` rule then lets the code apply to their cart), and records
 * the claim. A second claim changes nothing and answers the first one's result. It emits
 * `newsletter.coupon_claimed` at the first claim.
 *
 * @example
 * const { result } = await claimNewsletterCouponWorkflow(container).run({
 *   input: { token: "eyJwdXJwb3NlIjoiY291cG9uIiwiciI6Im5scmNwXzEyMyJ9.sig", customer_id: "cus_123" },
 * })
 * // result.code === "NEWS10"
 */
export const claimNewsletterCouponWorkflow = createWorkflow(
  claimNewsletterCouponWorkflowId,
  (input: WorkflowData<ClaimNewsletterCouponWorkflowInput>) => {
    const verified = verifyNewsletterCouponTokenStep({ token: input.token })
    // One claim at a time per recipient: a double click must not add and record twice.
    const lockKey = transform(
      { verified },
      ({ verified }) => `newsletter:coupon-claim:${verified.recipient_id}`
    )
    acquireLockStep({ key: lockKey, timeout: 5, ttl: 30 })

    const claim = resolveNewsletterCouponClaimStep({
      recipient_id: verified.recipient_id,
      customer_id: input.customer_id,
    })
    when("add-customer-to-coupon-group", { claim }, ({ claim }) => !claim.existing && !claim.in_group).then(
      () => {
        linkCustomersToCustomerGroupWorkflow.runAsStep({
          input: transform({ claim }, ({ claim }) => ({
            id: claim.customer_group_id,
            add: [claim.customer_id],
          })),
        })
      }
    )
    const created = when("record-newsletter-coupon-claim", { claim }, ({ claim }) => !claim.existing).then(
      () => {
        const recorded = createNewsletterCouponClaimStep(
          transform({ claim }, ({ claim }) => ({
            newsletter_id: claim.newsletter_id,
            recipient_id: claim.recipient_id,
            customer_id: claim.customer_id,
            promotion_id: claim.promotion_id,
            customer_group_id: claim.customer_group_id,
          }))
        )
        emitEventStep({
          eventName: NewsletterEvents.COUPON_CLAIMED,
          data: transform({ recorded }, ({ recorded }) => ({ id: recorded.id })),
        })
        return recorded
      }
    )
    releaseLockStep({ key: lockKey })

    const result = transform(
      { claim, created },
      ({ claim, created }): ClaimNewsletterCouponWorkflowOutput => ({
        newsletter_id: claim.newsletter_id,
        code: claim.code,
        claimed_at: (claim.existing ?? created)!.claimed_at,
        promotion: claim.promotion,
      })
    )
    return new WorkflowResponse(result)
  }
)
