import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { notFound } from "../../../modules/newsletter/utils/not-found"
import { defaultAdminNewsletterCategoryFields } from "./query-config"

/** Reads one delivery category the way the admin API shows it; 404 when there is none. */
export async function refetchNewsletterCategory(
  id: string,
  scope: MedusaContainer,
  fields: string[] = defaultAdminNewsletterCategoryFields
) {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "newsletter_category", fields, filters: { id } })
  if (!data.length) {
    throw notFound("Newsletter category", id)
  }
  return data[0]
}
