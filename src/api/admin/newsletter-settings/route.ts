import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { getTransport } from "../../../lib/transport"
import { listTagNames } from "../../../lib/render/tags"
import { NEWSLETTER_MODULE } from "../../../modules/newsletter"
import type NewsletterModuleService from "../../../modules/newsletter/service"

/**
 * What the admin screens need to know of the configuration: which transport is active (never
 * silent about the outbox), the time zone, the lead time, the sender and the custom tags.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const options = await req.scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).getOptions()
  const transport = getTransport(options)
  res.json({
    newsletter_settings: {
      transport: { name: transport.name, description: transport.description },
      timezone: options.timezone,
      min_lead_minutes: options.minLeadMinutes,
      requests_per_second: options.resend?.requestsPerSecond ?? null,
      sender: options.sender,
      tags: listTagNames(),
    },
  })
}
