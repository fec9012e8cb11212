import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminNewsletterRecipientListResponse } from "../../types"
import { NEWSLETTER_MODULE } from "../../../../../modules/newsletter"
import type NewsletterModuleService from "../../../../../modules/newsletter/service"
import { notFound } from "../../../../../modules/newsletter/utils/not-found"
import { containsPattern } from "../../../../utils/escape-like"
import type { AdminGetNewsletterRecipientsParamsType } from "../../validators"
import { answeringErrors } from "../../../../utils/respond-error"

const RECIPIENT_FIELDS = [
  "id",
  "position",
  "customer_id",
  "email",
  "first_name",
  "last_name",
  "status",
  "error_type",
  "error_reason",
  // A reason the plugin gave (e.g. unsubscribed after the reservation), said by the admin.
  "error_code",
  "provider_message_id",
  "attempted_at",
  "delivered_at",
  "bounced_at",
  "opened_at",
  "clicked_at",
  "complained_at",
]

/**
 * The recipients of a reserved article in snapshot order, with their delivery state: search by
 * email or name (`q`), filter by `status`, page with `limit` / `offset`.
 */
export const GET = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<unknown, AdminGetNewsletterRecipientsParamsType>,
    res: MedusaResponse<AdminNewsletterRecipientListResponse>
  ) => {
    const service = req.scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const [newsletter] = await service.listNewsletters({ id: req.params.id }, { select: ["id"] })
    if (!newsletter) {
      throw notFound("Newsletter", req.params.id)
    }
    const { q, status, limit, offset } = req.validatedQuery
    const filters: Record<string, unknown> = { newsletter_id: req.params.id }
    if (status) {
      filters.status = status
    }
    if (q) {
      const like = { $ilike: containsPattern(q) }
      filters.$or = [{ email: like }, { first_name: like }, { last_name: like }]
    }
    const [recipients, count] = await service.listAndCountNewsletterRecipients(filters, {
      select: RECIPIENT_FIELDS,
      order: { position: "ASC" },
      take: limit,
      skip: offset,
    })
    res.json({ recipients, count, offset, limit })
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
