import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { previewAudience, type AudiencePreview } from "../../../../../lib/audience/preview"
import { assertAudienceReferences } from "../../../../../lib/audience/references"
import type { AdminPreviewNewsletterAudienceType } from "../validators"

/**
 * Tries a detailed-search filter (詳細検索, S6) before saving it: how many subscribed customers
 * it selects now, and the first 20 of them by email. Unknown groups or promotions are a 400
 * naming the condition.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminPreviewNewsletterAudienceType>,
  res: MedusaResponse<AudiencePreview>
) => {
  const { audience } = req.validatedBody
  await assertAudienceReferences(req.scope, audience)
  const knex = req.scope.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
  res.json(await previewAudience(knex, audience))
}
