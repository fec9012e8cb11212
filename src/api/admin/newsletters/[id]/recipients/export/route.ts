import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { parseAudience } from "../../../../../../lib/audience/schema"
import { cursorRows } from "../../../../../../lib/csv/cursor"
import {
  findArticleForExport,
  liveAudienceExportSql,
  RECIPIENT_CSV_COLUMNS,
  snapshotExportSql,
} from "../../../../../../lib/csv/exports"
import { fileDate, sendCsv } from "../../../../../../lib/csv/send"
import { resolveClock } from "../../../../../../lib/clock"
import { NEWSLETTER_MODULE, NewsletterStatus } from "../../../../../../modules/newsletter"
import type NewsletterModuleService from "../../../../../../modules/newsletter/service"
import { notFound } from "../../../../../../modules/newsletter/utils/not-found"

/**
 * Downloads the article's target list as CSV (配信対象リスト, S7): while it is a draft, the
 * customers its audience selects now; once reserved, the snapshot with each recipient's
 * delivery state, error and times.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const id = req.params.id
  const knex = req.scope.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
  const { timezone } = await req.scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).getOptions()
  const article = await findArticleForExport(knex, id)
  if (!article) {
    throw notFound("Newsletter", id)
  }
  const query =
    article.status === NewsletterStatus.DRAFT
      ? liveAudienceExportSql(parseAudience(article.audience))
      : snapshotExportSql(id, timezone)
  const date = fileDate(resolveClock(req.scope).now(), timezone)
  await sendCsv(
    res,
    `newsletter-${id}-recipients-${date}.csv`,
    cursorRows(knex, query),
    RECIPIENT_CSV_COLUMNS,
    req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  )
}
