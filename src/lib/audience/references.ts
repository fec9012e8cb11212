import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { NewsletterError, type NewsletterFieldProblem } from "../../modules/newsletter/errors"
import type { AudienceFilter } from "./schema"

const GROUP_RULE_ATTRIBUTE = "customer.groups.id"

/**
 * Checks that the customer groups and promotions an audience names exist (read with Query), and
 * that a promotion picked with `targeted_by` has a customer-group rule to target with. Throws
 * one 400 naming every problem by its condition, e.g.
 * `audience.customer_groups.in_any: customer group "cusgroup_x" does not exist`: code
 * `invalid_audience`, each problem in `errors` (`unknown_customer_groups` {ids},
 * `unknown_promotion` {id}, `promotion_without_group_rule` {code}).
 */
export async function assertAudienceReferences(
  scope: MedusaContainer,
  audience: AudienceFilter | undefined | null
): Promise<void> {
  if (!audience) {
    return
  }
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const problems: string[] = []
  const fieldProblems: NewsletterFieldProblem[] = []

  const groupConditions = (["in_any", "in_none"] as const).filter(
    (key) => audience.customer_groups?.[key]?.length
  )
  const groupIds = [...new Set(groupConditions.flatMap((key) => audience.customer_groups![key]!))]
  if (groupIds.length) {
    const { data } = await query.graph({
      entity: "customer_group",
      fields: ["id"],
      filters: { id: groupIds },
    })
    const known = new Set(data.map((g: { id: string }) => g.id))
    for (const key of groupConditions) {
      const missing = audience.customer_groups![key]!.filter((id) => !known.has(id))
      if (missing.length) {
        problems.push(
          `audience.customer_groups.${key}: ${missing
            .map((id) => `customer group "${id}"`)
            .join(", ")} ${missing.length > 1 ? "do" : "does"} not exist`
        )
        fieldProblems.push({
          path: `audience.customer_groups.${key}`,
          code: "unknown_customer_groups",
          params: { ids: missing },
        })
      }
    }
  }

  const promotionConditions = (["targeted_by", "used", "not_used"] as const).filter(
    (key) => audience.promotion?.[key]
  )
  if (promotionConditions.length) {
    const ids = [...new Set(promotionConditions.map((key) => audience.promotion![key]!))]
    const { data } = await query.graph({
      entity: "promotion",
      fields: ["id", "code", "rules.attribute"],
      filters: { id: ids },
    })
    const byId = new Map(data.map((p: any) => [p.id as string, p]))
    for (const key of promotionConditions) {
      const id = audience.promotion![key]!
      const promotion = byId.get(id)
      if (!promotion) {
        problems.push(`audience.promotion.${key}: promotion "${id}" does not exist`)
        fieldProblems.push({ path: `audience.promotion.${key}`, code: "unknown_promotion", params: { id } })
      } else if (
        key === "targeted_by" &&
        !(promotion.rules ?? []).some((r: any) => r?.attribute === GROUP_RULE_ATTRIBUTE)
      ) {
        problems.push(
          `audience.promotion.targeted_by: promotion "${promotion.code ?? id}" has no customer group rule, so it targets no particular customers`
        )
        fieldProblems.push({
          path: "audience.promotion.targeted_by",
          code: "promotion_without_group_rule",
          params: { code: promotion.code ?? id },
        })
      }
    }
  }

  if (problems.length) {
    throw new NewsletterError(
      MedusaError.Types.INVALID_DATA,
      "invalid_audience",
      problems.join("; "),
      {},
      fieldProblems
    )
  }
}
