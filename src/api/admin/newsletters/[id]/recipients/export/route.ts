import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { parseAudience } from "../../../../../../lib/audience/schema"
import { readsPurchases } from "../../../../../../lib/audience/purchases"
import { audienceSql } from "../../../../../../lib/audience/sql"
import { currentAudienceSegments } from "../../../../../../lib/audience/segment-references"
import { segmentFilters } from "../../../../../../lib/audience/segments"
import { type AdminCsvExportParamsType, recipientCsvColumns } from "../../../../../../lib/csv/exports"
import { fileDate, sendCsv } from "../../../../../../lib/csv/send"
import { resolveClock } from "../../../../../../lib/clock"
import { NEWSLETTER_MODULE, NewsletterStatus } from "../../../../../../modules/newsletter"
import type NewsletterModuleService from "../../../../../../modules/newsletter/service"
import { notFound } from "../../../../../../modules/newsletter/utils/not-found"
import { answeringErrors } from "../../../../../utils/respond-error"

/**
 * Downloads the article's target list as CSV (配信対象リスト, S7): while it is a draft, the
 * customers its audience selects now; once reserved, the snapshot with each recipient's
 * delivery state, error and times; `?lang=ja` writes Japanese headers and values (`en` by
 * default). A query the database can't start answering within the read timeout is a 503.
 */
export const GET = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<unknown, AdminCsvExportParamsType>,
    res: MedusaResponse
  ) => {
    const id = req.params.id
    const service = req.scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const [article] = await service.listNewsletters({ id }, { select: ["id", "status", "audience"] })
    if (!article) {
      throw notFound("Newsletter", id)
    }
    const { timezone } = await service.getOptions()
    const date = fileDate(resolveClock(req.scope).now(), timezone)
    // The cursor opens at the first row sendCsv reads.
    const filter = article.status === NewsletterStatus.DRAFT ? parseAudience(article.audience) : null
    const segments = filter ? segmentFilters(await currentAudienceSegments(req.scope, filter)) : {}
    const rows = filter
      ? service.streamAudienceExport({
          audience: audienceSql(filter, segments),
          sync_purchases: readsPurchases(filter, segments),
        })
      : service.streamRecipientsExport({ newsletter_id: id })
    // A read timeout before the first row is a 503 (answeringErrors); a later failure cuts it off.
    await sendCsv(
      res,
      `newsletter-${id}-recipients-${date}.csv`,
      rows,
      recipientCsvColumns(req.validatedQuery.lang),
      req.scope.resolve(ContainerRegistrationKeys.LOGGER)
    )
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
