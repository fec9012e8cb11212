import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { NEWSLETTER_MODULE } from "../../../../../modules/newsletter"
import type NewsletterModuleService from "../../../../../modules/newsletter/service"
import type { AdminNewsletterLinksResponse } from "../../types"
import { notFound } from "../../../../../modules/newsletter/utils/not-found"
import { answeringErrors } from "../../../../utils/respond-error"
import type { AdminGetNewsletterLinksParamsType } from "./validators"

/**
 * The links clicked in an article's mails (from Resend's `email.clicked`), most recipients first:
 * `{ links: [{ url, kind, unique_clicks, clicks, first_clicked_at, last_clicked_at }], count,
 * offset, limit }`. 404 for an unknown article.
 */
export const GET = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<unknown, AdminGetNewsletterLinksParamsType>,
    res: MedusaResponse<AdminNewsletterLinksResponse>
  ) => {
    const service = req.scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const [newsletter] = await service.listNewsletters({ id: req.params.id }, { select: ["id"] })
    if (!newsletter) {
      throw notFound("Newsletter", req.params.id)
    }
    const { limit, offset } = req.validatedQuery
    const { links, count } = await service.listNewsletterLinks({ newsletter_id: newsletter.id, limit, offset })
    res.json({ links, count, offset, limit })
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
