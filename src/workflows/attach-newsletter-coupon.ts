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
  createCustomerGroupsWorkflow,
  releaseLockStep,
} from "@medusajs/medusa/core-flows"
import { planCouponRuleAttach } from "../lib/coupons"
import { planNewsletterCouponStep } from "./steps/plan-newsletter-coupon"
import { setNewsletterCouponGroupStep } from "./steps/set-newsletter-coupon-group"

export type AttachNewsletterCouponWorkflowInput = { id: string }

export const attachNewsletterCouponWorkflowId = "attach-newsletter-coupon"

/**
 * Every change of the plugin's promotion rules runs under this lock: the rules are read, then
 * rewritten, and two reservations on one promotion must not both add a rule.
 */
export const NEWSLETTER_COUPON_RULES_LOCK = "newsletter:coupon-rules"

/**
 * This workflow makes the promotion of a `claim_link` article usable only by the customers who
 * open their coupon URL (S9), with Medusa's own mechanisms: it creates a customer group for the
 * article (or reuses the one it has) with `createCustomerGroupsWorkflow`, adds the group to the
 * promotion's `customer.groups.id in [...]` rule with `batchPromotionRulesWorkflow` (one rule per
 * promotion, shared by its claim_link articles; the promotion's other rules stay and are ANDed,
 * so it never gets wider), and stores the group on the article. For any other article it does
 * nothing. `scheduleNewsletterWorkflow` runs it at the reservation; if the reservation fails
 * later, every part is compensated.
 *
 * @example
 * await attachNewsletterCouponWorkflow(container).run({ input: { id: "nl_123" } })
 */
export const attachNewsletterCouponWorkflow = createWorkflow(
  attachNewsletterCouponWorkflowId,
  (input: WorkflowData<AttachNewsletterCouponWorkflowInput>) => {
    acquireLockStep({
      key: NEWSLETTER_COUPON_RULES_LOCK,
      timeout: 10,
      ttl: 60,
      executeOnSubWorkflow: true,
    })
    const plan = planNewsletterCouponStep({ id: input.id, action: "attach" })

    const created = when("create-newsletter-coupon-group", { plan }, ({ plan }) => !!plan.new_group).then(
      () =>
        createCustomerGroupsWorkflow.runAsStep({
          input: transform({ plan }, ({ plan }) => ({ customersData: [plan.new_group!] })),
        })
    )
    const groupId = transform({ plan, created }, ({ plan, created }) =>
      plan.group_id ?? created?.[0]?.id ?? null
    )

    when("restrict-newsletter-promotion", { plan }, ({ plan }) => plan.active).then(() => {
      batchPromotionRulesWorkflow.runAsStep({
        input: transform({ plan, groupId }, ({ plan, groupId }) => ({
          id: plan.promotion_id!,
          rule_type: RuleType.RULES,
          ...planCouponRuleAttach(plan.rules, groupId!, plan.known_group_ids),
        })),
      })
      setNewsletterCouponGroupStep({ id: input.id, customer_group_id: groupId })
    })

    releaseLockStep({ key: NEWSLETTER_COUPON_RULES_LOCK, executeOnSubWorkflow: true })
    return new WorkflowResponse({ customer_group_id: groupId })
  }
)
