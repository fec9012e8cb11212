import { RuleType } from "@medusajs/framework/utils"
import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  acquireLockStep,
  batchPromotionRulesWorkflow,
  deleteCustomerGroupsWorkflow,
  releaseLockStep,
} from "@medusajs/medusa/core-flows"
import { isEmptyBatch, planCouponRuleDetach } from "../lib/coupons"
import { NEWSLETTER_COUPON_RULES_LOCK } from "./attach-newsletter-coupon"
import { planNewsletterCouponStep } from "./steps/plan-newsletter-coupon"
import { setNewsletterCouponGroupStep } from "./steps/set-newsletter-coupon-group"

export type ReleaseNewsletterCouponWorkflowInput = { id: string }

export const releaseNewsletterCouponWorkflowId = "release-newsletter-coupon"

/**
 * This workflow undoes what `attachNewsletterCouponWorkflow` did at the reservation, when a
 * reserved article will not be sent as reserved: it is cancelled, or its audience changed and it
 * went back to draft. No mail has gone out then, so nobody has claimed. It takes the article's
 * group out of the promotion's rule (deleting the rule when no other article's group is left, so
 * the promotion has exactly the rules it had before), soft-deletes the group with
 * `deleteCustomerGroupsWorkflow`, and clears the article's `customer_group_id`; the next
 * reservation creates a new group. For an article without a group it does nothing.
 *
 * @example
 * await releaseNewsletterCouponWorkflow(container).run({ input: { id: "nl_123" } })
 */
export const releaseNewsletterCouponWorkflow = createWorkflow(
  releaseNewsletterCouponWorkflowId,
  (input: WorkflowData<ReleaseNewsletterCouponWorkflowInput>) => {
    acquireLockStep({
      key: NEWSLETTER_COUPON_RULES_LOCK,
      timeout: 10,
      ttl: 60,
      executeOnSubWorkflow: true,
    })
    const plan = planNewsletterCouponStep({ id: input.id, action: "release" })
    const batch = transform({ plan }, ({ plan }) =>
      plan.active && plan.promotion_exists
        ? planCouponRuleDetach(plan.rules, plan.article_group_id!, plan.known_group_ids)
        : null
    )

    when("unrestrict-newsletter-promotion", { batch }, ({ batch }) => !!batch && !isEmptyBatch(batch)).then(
      () => {
        batchPromotionRulesWorkflow.runAsStep({
          input: transform({ plan, batch }, ({ plan, batch }) => ({
            id: plan.promotion_id!,
            rule_type: RuleType.RULES,
            ...batch!,
          })),
        })
      }
    )
    when("delete-newsletter-coupon-group", { plan }, ({ plan }) => !!plan.group_id).then(() => {
      deleteCustomerGroupsWorkflow.runAsStep({
        input: transform({ plan }, ({ plan }) => ({ ids: [plan.group_id!] })),
      })
    })
    when("clear-newsletter-coupon-group", { plan }, ({ plan }) => plan.active).then(() => {
      setNewsletterCouponGroupStep({ id: input.id, customer_group_id: null })
    })

    releaseLockStep({ key: NEWSLETTER_COUPON_RULES_LOCK, executeOnSubWorkflow: true })
    return new WorkflowResponse(void 0)
  }
)
