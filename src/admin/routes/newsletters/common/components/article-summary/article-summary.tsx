import { Container, Heading } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { DetailRow } from "../../../../../components/common"
import type { Newsletter } from "../../../../../lib/api"
import { formatDateTime } from "../../../../../lib/time"

/**
 * 概要 of an article: its send time, format, category and coupon; on the confirm page (`confirm`)
 * the send time names the zone and the subject is shown, on the detail page the start time.
 */
export const ArticleSummary = ({
  newsletter,
  timeZone,
  confirm = false,
}: {
  newsletter: Newsletter
  timeZone: string
  confirm?: boolean
}) => {
  const { t, i18n } = useTranslation("newsletter")
  const scheduledAt = formatDateTime(newsletter.scheduled_at, timeZone, i18n.language)
  const coupon = newsletter.promotion_id
    ? `${newsletter.promotion?.code ?? newsletter.promotion_id} (${t(`coupon.modes.${newsletter.coupon_mode}`)})`
    : t("coupon.noneSelected")
  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">{t("confirm.summary")}</Heading>
      </div>
      <DetailRow label={t("fields.scheduled_at")} value={confirm ? `${scheduledAt} (${timeZone})` : scheduledAt} />
      {confirm ? (
        <DetailRow label={t("fields.subject")} value={newsletter.subject} />
      ) : (
        <DetailRow label={t("columns.started_at")} value={formatDateTime(newsletter.started_at, timeZone, i18n.language)} />
      )}
      <DetailRow label={t("fields.format")} value={t(`format.${newsletter.format}`)} />
      <DetailRow label={t("fields.category_id")} value={newsletter.category?.name ?? t("form.noCategory")} />
      <DetailRow label={t("coupon.title")} value={coupon} />
    </Container>
  )
}
