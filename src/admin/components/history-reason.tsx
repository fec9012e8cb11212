import { useTranslation } from "react-i18next"
import type { SubscriptionHistoryEntry } from "../../api/admin/newsletter-subscriptions/types"

const REASONS = ["too_many", "not_interested", "never_signed_up", "other"]

/**
 * The reason cell of a history entry: what the recipient answered on the unsubscribe page
 * (`params.unsubscribe_reason`, from the dictionaries, and their own words), a subscribe-again
 * from that page, a change the plugin made (`reason_code` with `params`, from the dictionaries),
 * or else the reason text a person wrote.
 */
export const HistoryReason = ({
  entry,
}: {
  entry: Pick<SubscriptionHistoryEntry, "reason" | "params"> & { reason_code?: string | null }
}) => {
  const { t } = useTranslation("newsletter")
  const code = entry.params?.unsubscribe_reason
  const text = entry.params?.unsubscribe_reason_text
  if (typeof code === "string" && REASONS.includes(code)) {
    const said = t("unsubscribeReasons.reason", { reason: t(`unsubscribeReasons.codes.${code}`) })
    return (
      <span title={typeof text === "string" ? `${said}\n${text}` : said} data-unsubscribe-reason={code}>
        {said}
        {typeof text === "string" && <span className="text-ui-fg-subtle">{`「${text}」`}</span>}
      </span>
    )
  }
  if (entry.params?.resubscribed_from === "unsubscribe_page") {
    return <span>{t("unsubscribeReasons.resubscribed")}</span>
  }
  if (entry.reason_code) {
    // A change the plugin made (a bounce, a complaint…): its code and values, never English text.
    const said = t(`subscription.reasons.${entry.reason_code}`, {
      ...(entry.params ?? {}),
      defaultValue: t("reasons.unknown", { code: entry.reason_code }),
    })
    return <span title={said}>{said}</span>
  }
  return <span title={entry.reason ?? ""}>{entry.reason ?? "—"}</span>
}
