import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { AudienceFilter } from "./schema"

const GROUP_RULE_ATTRIBUTE = "customer.groups.id"

/**
 * Checks that the customer groups and promotions an audience names exist (read with Query), and
 * that a promotion picked with `targeted_by` has a customer-group rule to target with. Throws
 * one 400 naming every problem by its condition, e.g.
 * `audience.customer_groups.in_any: customer group "cusgroup_x" does not exist`.
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
      } else if (
        key === "targeted_by" &&
        !(promotion.rules ?? []).some((r: any) => r?.attribute === GROUP_RULE_ATTRIBUTE)
      ) {
        problems.push(
          `audience.promotion.targeted_by: promotion "${promotion.code ?? id}" has no customer group rule, so it targets no particular customers`
        )
      }
    }
  }

  if (problems.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, problems.join("; "))
  }
}
