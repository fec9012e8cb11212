import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { resolveClock } from "../../../../lib/clock"
import { SUBSCRIPTION_CSV_COLUMNS } from "../../../../lib/csv/exports"
import { fileDate, sendCsv } from "../../../../lib/csv/send"
import { NEWSLETTER_MODULE } from "../../../../modules/newsletter"
import type NewsletterModuleService from "../../../../modules/newsletter/service"
import { respondReadTimeout } from "../../../utils/respond-read-timeout"

/**
 * Downloads every customer's newsletter subscription (メルマガ購読状況) as CSV, one row per
 * address, with the cleaning flag (クリーニングフラグ, S17) as its own column. A query the database
 * can't start answering within the read timeout is a 503.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const service = req.scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
  const { timezone } = await service.getOptions()
  const date = fileDate(resolveClock(req.scope).now(), timezone)
  try {
    await sendCsv(
      res,
      `newsletter-subscriptions-${date}.csv`,
      service.streamSubscriptionsExport(),
      SUBSCRIPTION_CSV_COLUMNS,
      req.scope.resolve(ContainerRegistrationKeys.LOGGER)
    )
  } catch (error) {
    if (!respondReadTimeout(error, res)) {
      throw error
    }
  }
}
