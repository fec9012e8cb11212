import { Container, Text } from "@medusajs/ui"
import { useMemo } from "react"
import { useTranslation } from "react-i18next"
import type { NewsletterUnsubscribeReasonValue } from "../../../../../api/admin/newsletters/types"
import { SectionHeader } from "../../../../components/common"
import { useNewsletterUnsubscribeReasons } from "../../../../hooks/api/newsletters"
import { Newsletter } from "../../../../lib/api"

const REASONS: NewsletterUnsubscribeReasonValue[] = ["too_many", "not_interested", "never_signed_up", "other"]

/**
 * 配信停止の理由: how many recipients unsubscribed through the article's link and, of them, how
 * many chose each reason on the unsubscribe page (the question is optional: the rest are "no answer").
 */
export const UnsubscribeReasonsSection = ({ newsletter }: { newsletter: Newsletter }) => {
  const { t, i18n } = useTranslation("newsletter")
  const { data } = useNewsletterUnsubscribeReasons(
    newsletter.id,
    newsletter.status === "sending" || newsletter.status === "sent" || newsletter.status === "aggregating"
  )
  const number = useMemo(() => new Intl.NumberFormat(i18n.language), [i18n.language])
  const counts = data?.unsubscribe_reasons
  const rows: Array<[string, string, number]> = counts
    ? [
        ...REASONS.map((r): [string, string, number] => [r, t(`unsubscribeReasons.codes.${r}`), counts.reasons[r]]),
        ["no_reason", t("unsubscribeReasons.noReason"), counts.no_reason],
      ]
    : []
  return (
    <Container className="divide-y p-0" data-testid="unsubscribe-reasons-section">
      <SectionHeader title={t("unsubscribeReasons.title")} description={t("unsubscribeReasons.description")} />
      <div className="px-6 py-4">
        {!counts ? null : counts.unsubscribed === 0 ? (
          <Text size="small" className="text-ui-fg-muted">
            {t("unsubscribeReasons.empty")}
          </Text>
        ) : (
          <>
            <Text size="small" weight="plus" className="mb-2">
              {t("unsubscribeReasons.total", { count: counts.unsubscribed })}
            </Text>
            <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1">
              {rows.map(([key, label, count]) => (
                <div key={key} className="contents" data-reason={key}>
                  <dt className="text-ui-fg-subtle txt-small">{label}</dt>
                  <dd className="txt-small text-right tabular-nums">{number.format(count)}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
      </div>
    </Container>
  )
}
