import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminNewsletterPreviewResponse } from "../../types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { compiledFor, loadArticle } from "../../../../../lib/dispatch/article"
import { buildMessage, liveSendContext } from "../../../../../lib/dispatch/build-message"
import { resolveLinkKeys } from "../../../../../lib/dispatch/links"
import { sampleRecipient } from "../../../../../lib/render/compile"
import { NEWSLETTER_MODULE } from "../../../../../modules/newsletter"
import type NewsletterModuleService from "../../../../../modules/newsletter/service"
import { normalizeEmail } from "../../../../../modules/newsletter/utils/email"
import { getCustomerRecord } from "../../../../utils/customer-subscription"
import type { AdminPreviewNewsletterParamsType } from "../../validators"
import { answeringErrors } from "../../../../utils/respond-error"

/**
 * The mail as one recipient would get it: a real customer's, or sample data's. Links in a preview
 * are signed for no recipient, so they can't unsubscribe or claim anybody.
 */
export const GET = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<unknown, AdminPreviewNewsletterParamsType>,
    res: MedusaResponse<AdminNewsletterPreviewResponse>
  ) => {
    const service = req.scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const options = await service.getOptions()
    const article = await loadArticle(req.scope.resolve(ContainerRegistrationKeys.QUERY), req.params.id)
    const { customer_id } = req.validatedQuery
    const customer = customer_id ? await getCustomerRecord(req.scope, customer_id) : null
    const recipient = customer
      ? {
          id: "preview",
          email: normalizeEmail(customer.email),
          first_name: customer.first_name,
          last_name: customer.last_name,
        }
      : { id: "preview", ...sampleRecipient }
    // Live values, not the frozen send context: the preview shows what a send would start with now.
    const linkKeys = resolveLinkKeys(req.scope, options)
    const message = buildMessage(
      await compiledFor(article, options),
      article,
      recipient,
      liveSendContext(options, article.promotion_code, linkKeys),
      linkKeys
    )
    res.json({
      preview: {
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers: message.headers,
        recipient: {
          email: recipient.email,
          first_name: recipient.first_name,
          last_name: recipient.last_name,
          customer_id: customer?.id ?? null,
          sample: !customer,
        },
      },
    })
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
