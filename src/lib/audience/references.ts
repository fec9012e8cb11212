import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { NewsletterError, type NewsletterFieldProblem } from "../../modules/newsletter/errors"
import type { AudienceConditions, AudienceFilter } from "./schema"

const GROUP_RULE_ATTRIBUTE = "customer.groups.id"

// The ids an audience may name, by the entity Query reads them from: the list's conditions (the
// key of a filter, and within it), how the message names one, and the problem's code {ids}.
const REFERENCES = [
  { entity: "customer_group", noun: "customer group", code: "unknown_customer_groups", keys: [["customer_groups", "in_any"], ["customer_groups", "in_none"]] },
  { entity: "product", noun: "product", code: "unknown_products", keys: [["purchased", "product_ids"], ["not_purchased", "product_ids"]] },
  { entity: "product_variant", noun: "product variant", code: "unknown_product_variants", keys: [["purchased", "variant_ids"], ["not_purchased", "variant_ids"]] },
  { entity: "product_category", noun: "product category", code: "unknown_product_categories", keys: [["purchased", "category_ids"], ["not_purchased", "category_ids"]] },
  { entity: "product_collection", noun: "collection", code: "unknown_product_collections", keys: [["purchased", "collection_ids"], ["not_purchased", "collection_ids"]] },
  { entity: "product_type", noun: "product type", code: "unknown_product_types", keys: [["purchased", "type_ids"], ["not_purchased", "type_ids"]] },
  { entity: "product_tag", noun: "product tag", code: "unknown_product_tags", keys: [["purchased", "tag_ids"], ["not_purchased", "tag_ids"]] },
  { entity: "sales_channel", noun: "sales channel", code: "unknown_sales_channels", keys: [["sales_channel_ids"]] },
] as const

/** The filter itself ("audience") and each filter of its any_of ("audience.any_of.0", …). */
function filtersOf(audience: AudienceFilter): Array<{ path: string; filter: AudienceConditions }> {
  return [
    { path: "audience", filter: audience },
    ...(audience.any_of ?? []).map((filter, i) => ({ path: `audience.any_of.${i}`, filter: filter as AudienceConditions })),
  ]
}

/**
 * Checks that the customer groups, products, variants, categories, collections, product types
 * and tags, sales channels and promotions an audience names (in any_of too) exist (read with
 * Query, one read per kind), and that a promotion picked with `targeted_by` has a customer-group
 * rule to target with. Throws one 400 naming every problem by its condition, e.g.
 * `audience.customer_groups.in_any: customer group "cusgroup_x" does not exist`: code
 * `invalid_audience`, each problem in `errors` (`unknown_customer_groups` {ids},
 * `unknown_products` / `unknown_product_variants` / `unknown_product_categories` /
 * `unknown_product_collections` / `unknown_product_types` / `unknown_product_tags` /
 * `unknown_sales_channels` {ids}, `unknown_promotion` {id}, `promotion_without_group_rule` {code}).
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
  const filters = filtersOf(audience)

  for (const reference of REFERENCES) {
    const named = filters.flatMap(({ path, filter }) =>
      reference.keys.flatMap((key) => {
        const ids = ((key as readonly string[]).reduce((node: any, k) => node?.[k], filter) ?? []) as string[]
        return ids.length ? [{ path: `${path}.${key.join(".")}`, ids }] : []
      })
    )
    const ids = [...new Set(named.flatMap((n) => n.ids))]
    if (!ids.length) {
      continue
    }
    const { data } = await query.graph({ entity: reference.entity, fields: ["id"], filters: { id: ids } })
    const known = new Set(data.map((row: { id: string }) => row.id))
    for (const { path, ids: listed } of named) {
      const missing = [...new Set(listed.filter((id) => !known.has(id)))]
      if (missing.length) {
        problems.push(
          `${path}: ${missing.map((id) => `${reference.noun} "${id}"`).join(", ")} ${
            missing.length > 1 ? "do" : "does"
          } not exist`
        )
        fieldProblems.push({ path, code: reference.code, params: { ids: missing } })
      }
    }
  }

  const promotionConditions = filters.flatMap(({ path, filter }) =>
    (["targeted_by", "used", "not_used"] as const)
      .filter((key) => filter.promotion?.[key])
      .map((key) => ({ path: `${path}.promotion.${key}`, key, id: filter.promotion![key]! }))
  )
  if (promotionConditions.length) {
    const ids = [...new Set(promotionConditions.map((c) => c.id))]
    const { data } = await query.graph({
      entity: "promotion",
      fields: ["id", "code", "rules.attribute"],
      filters: { id: ids },
    })
    const byId = new Map(data.map((p: any) => [p.id as string, p]))
    for (const { path, key, id } of promotionConditions) {
      const promotion = byId.get(id)
      if (!promotion) {
        problems.push(`${path}: promotion "${id}" does not exist`)
        fieldProblems.push({ path, code: "unknown_promotion", params: { id } })
      } else if (
        key === "targeted_by" &&
        !(promotion.rules ?? []).some((r: any) => r?.attribute === GROUP_RULE_ATTRIBUTE)
      ) {
        problems.push(
          `${path}: promotion "${promotion.code ?? id}" has no customer group rule, so it targets no particular customers`
        )
        fieldProblems.push({
          path,
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
