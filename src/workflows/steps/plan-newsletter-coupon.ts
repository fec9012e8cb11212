import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { couponGroupData, PromotionRuleLike } from "../../lib/coupons"
import { NEWSLETTER_MODULE, NewsletterCouponMode } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { notFound } from "../../modules/newsletter/utils/not-found"

export type PlanNewsletterCouponStepInput = {
  id: string
  /** `attach` at a reservation; `release` when the article is cancelled or back to draft. */
  action: "attach" | "release"
}

/** The state a coupon workflow acts on, read under the coupon-rule lock. */
export type NewsletterCouponPlan = {
  /** Whether there is anything to do: a claim_link article (attach) or one with a group (release). */
  active: boolean
  newsletter_id: string
  promotion_id: string | null
  /** Whether the promotion still exists (it may have been deleted since the reservation). */
  promotion_exists: boolean
  /** The group stored on the article, whether or not it still exists. */
  article_group_id: string | null
  /** The article's group when it still exists; null when one must be created (attach). */
  group_id: string | null
  /** The group to create when the article has none (attach only). */
  new_group: { name: string; metadata: Record<string, unknown> } | null
  /** The promotion's rules as they are now. */
  rules: PromotionRuleLike[]
  /** The groups of every article on this promotion, so the plugin's rule is found by its values too. */
  known_group_ids: string[]
}

export const planNewsletterCouponStepId = "plan-newsletter-coupon"

/**
 * This step reads what the coupon of an article needs (S9): whether it is a `claim_link` article,
 * its customer group (reused when it still exists), and the promotion's current rules. Run it under
 * the coupon-rule lock: the rules it reads are changed right after. It changes nothing.
 */
export const planNewsletterCouponStep = createStep(
  planNewsletterCouponStepId,
  async (input: PlanNewsletterCouponStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const [article] = await service.listNewsletters(
      { id: input.id },
      { select: ["id", "subject", "coupon_mode", "promotion_id", "customer_group_id"] }
    )
    if (!article) {
      throw notFound("Newsletter", input.id)
    }

    const active =
      input.action === "attach"
        ? article.coupon_mode === NewsletterCouponMode.CLAIM_LINK && !!article.promotion_id
        : !!article.customer_group_id
    const plan: NewsletterCouponPlan = {
      active,
      newsletter_id: article.id,
      promotion_id: article.promotion_id,
      promotion_exists: false,
      article_group_id: article.customer_group_id,
      group_id: null,
      new_group: null,
      rules: [],
      known_group_ids: [],
    }
    if (!active) {
      return new StepResponse(plan)
    }

    if (article.customer_group_id) {
      const { data: groups } = await query.graph({
        entity: "customer_group",
        fields: ["id"],
        filters: { id: article.customer_group_id },
      })
      plan.group_id = groups.length ? article.customer_group_id : null
    }
    if (input.action === "attach" && !plan.group_id) {
      plan.new_group = couponGroupData({
        id: article.id,
        subject: article.subject,
        promotion_id: article.promotion_id!,
      })
    }

    if (article.promotion_id) {
      const { data: promotions } = await query.graph({
        entity: "promotion",
        fields: [
          "id",
          "rules.id",
          "rules.attribute",
          "rules.operator",
          "rules.description",
          "rules.values.value",
        ],
        filters: { id: article.promotion_id },
      })
      plan.promotion_exists = promotions.length > 0
      plan.rules = ((promotions[0]?.rules ?? []) as any[]).map((rule) => ({
        id: rule.id,
        attribute: rule.attribute,
        operator: rule.operator,
        description: rule.description ?? null,
        values: (rule.values ?? []).map((v: { value: string }) => v.value),
      }))
      const siblings = await service.listNewsletters(
        { promotion_id: article.promotion_id, customer_group_id: { $ne: null } },
        { select: ["customer_group_id"] }
      )
      plan.known_group_ids = siblings.map((s) => s.customer_group_id!).filter(Boolean)
    }
    return new StepResponse(plan)
  }
)
