import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { notFound } from "../../../modules/newsletter/utils/not-found"
import { defaultAdminNewsletterFields } from "./query-config"

/** Reads one article the way the admin API shows it; 404 when there is none. */
export async function refetchNewsletter(
  id: string,
  scope: MedusaContainer,
  fields: string[] = defaultAdminNewsletterFields
) {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "newsletter", fields, filters: { id } })
  if (!data.length) {
    throw notFound("Newsletter", id)
  }
  return data[0]
}
