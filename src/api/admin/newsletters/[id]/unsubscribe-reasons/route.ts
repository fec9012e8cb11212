import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { NEWSLETTER_MODULE } from "../../../../../modules/newsletter"
import type NewsletterModuleService from "../../../../../modules/newsletter/service"
import { notFound } from "../../../../../modules/newsletter/utils/not-found"
import { answeringErrors } from "../../../../utils/respond-error"
import type { AdminNewsletterUnsubscribeReasonsResponse } from "../../types"

/**
 * Why the article's recipients unsubscribed through its link: the count of each reason given on
 * the unsubscribe page and of those who gave none. 404 for an unknown article.
 */
export const GET = answeringErrors(
  async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminNewsletterUnsubscribeReasonsResponse>) => {
    const service = req.scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const [newsletter] = await service.listNewsletters({ id: req.params.id }, { select: ["id"] })
    if (!newsletter) {
      throw notFound("Newsletter", req.params.id)
    }
    const counts = await service.countUnsubscribeReasons(newsletter.id)
    res.json({ unsubscribe_reasons: { newsletter_id: newsletter.id, ...counts } })
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
