import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { resolveClock } from "../../../../lib/clock"
import { cursorRows } from "../../../../lib/csv/cursor"
import { SUBSCRIPTION_CSV_COLUMNS, subscriptionExportSql } from "../../../../lib/csv/exports"
import { fileDate, sendCsv } from "../../../../lib/csv/send"
import { NEWSLETTER_MODULE } from "../../../../modules/newsletter"
import type NewsletterModuleService from "../../../../modules/newsletter/service"

/**
 * Downloads every customer's newsletter subscription (メルマガ購読状況) as CSV, one row per
 * address, with the cleaning flag (クリーニングフラグ, S17) as its own column.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const knex = req.scope.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
  const { timezone } = await req.scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).getOptions()
  const date = fileDate(resolveClock(req.scope).now(), timezone)
  await sendCsv(
    res,
    `newsletter-subscriptions-${date}.csv`,
    cursorRows(knex, subscriptionExportSql(timezone)),
    SUBSCRIPTION_CSV_COLUMNS,
    req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  )
}
