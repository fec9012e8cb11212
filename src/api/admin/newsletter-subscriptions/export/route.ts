import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { resolveClock } from "../../../../lib/clock"
import { type AdminCsvExportParamsType, subscriptionCsvColumns } from "../../../../lib/csv/exports"
import { fileDate, sendCsv } from "../../../../lib/csv/send"
import { NEWSLETTER_MODULE } from "../../../../modules/newsletter"
import type NewsletterModuleService from "../../../../modules/newsletter/service"
import { answeringErrors } from "../../../utils/respond-error"

/**
 * Downloads every customer's newsletter subscription (メルマガ購読状況) as CSV, one row per
 * address, with the cleaning flag (クリーニングフラグ, S17) as its own column; `?lang=ja` writes
 * Japanese headers and values (`en` by default). A query the database can't start answering
 * within the read timeout is a 503.
 */
export const GET = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<unknown, AdminCsvExportParamsType>,
    res: MedusaResponse
  ) => {
    const service = req.scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const { timezone } = await service.getOptions()
    const date = fileDate(resolveClock(req.scope).now(), timezone)
    // A read timeout before the first row is a 503 (answeringErrors); a later failure cuts it off.
    await sendCsv(
      res,
      `newsletter-subscriptions-${date}.csv`,
      service.streamSubscriptionsExport(),
      subscriptionCsvColumns(req.validatedQuery.lang),
      req.scope.resolve(ContainerRegistrationKeys.LOGGER)
    )
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
