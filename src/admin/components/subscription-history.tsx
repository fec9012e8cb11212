import { Table, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { SubscriptionHistoryEntry } from "../../api/admin/newsletter-subscriptions/types"
import { useStoreTimezone } from "../hooks/api/newsletter-settings"
import { consentEvidenceLines } from "../lib/consent-evidence"
import { formatDateTime } from "../lib/time"
import { HistoryReason } from "./history-reason"

/** A history entry as the screens show it (the customer route's `source` is a plain string). */
type HistoryRow = Pick<SubscriptionHistoryEntry, "id" | "from_status" | "to_status" | "reason" | "params" | "created_at"> & {
  source: string
  reason_code?: string | null
  consented_at?: SubscriptionHistoryEntry["consented_at"]
  evidence?: SubscriptionHistoryEntry["evidence"]
}

/**
 * The history of a subscription (the consent record) under its heading, newest first: when, from
 * what to what, through which channel and why. Shown on the customer's page and in the subscriber
 * drawer.
 */
export const SubscriptionHistory = ({
  history,
  empty,
  className,
}: {
  history: HistoryRow[]
  /** Said when there is no entry. */
  empty: string
  className?: string
}) => {
  const { t } = useTranslation("newsletter")
  return (
    <div className={className}>
      <Text size="small" weight="plus" className="mb-2">
        {t("subscription.history")}
      </Text>
      {history.length ? (
        <HistoryTable history={history} />
      ) : (
        <Text size="small" className="text-ui-fg-muted">
          {empty}
        </Text>
      )}
    </div>
  )
}

const HistoryTable = ({ history }: { history: HistoryRow[] }) => {
  const { t } = useTranslation("newsletter")
  const timeZone = useStoreTimezone()
  return (
    <Table data-testid="subscription-history">
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>{t("subscription.when")}</Table.HeaderCell>
          <Table.HeaderCell>{t("subscription.changeColumn")}</Table.HeaderCell>
          <Table.HeaderCell>{t("subscription.source")}</Table.HeaderCell>
          <Table.HeaderCell>{t("subscription.reason")}</Table.HeaderCell>
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {history.map((h) => (
          <HistoryEntryRows key={h.id} entry={h} timeZone={timeZone} />
        ))}
      </Table.Body>
    </Table>
  )
}

/** An entry's row, and under it the consent evidence when the entry has some. */
const HistoryEntryRows = ({ entry: h, timeZone }: { entry: HistoryRow; timeZone: string }) => {
  const { t, i18n } = useTranslation("newsletter")
  const evidence = consentEvidenceLines(
    { consented_at: h.consented_at ?? null, evidence: h.evidence ?? null, created_at: h.created_at },
    timeZone,
    i18n.language
  )
  return (
    <>
      <Table.Row>
        <Table.Cell className="whitespace-nowrap">
          {formatDateTime(h.created_at, timeZone, i18n.language)}
        </Table.Cell>
        <Table.Cell className="whitespace-nowrap">
          {h.from_status ? `${t(`subscription.status.${h.from_status}`)} → ` : ""}
          {t(`subscription.status.${h.to_status}`)}
        </Table.Cell>
        <Table.Cell>{t(`subscription.sources.${h.source}`, h.source)}</Table.Cell>
        <Table.Cell className="max-w-[220px] truncate">
          <HistoryReason entry={h} />
        </Table.Cell>
      </Table.Row>
      {evidence.length > 0 && (
        <Table.Row data-testid="subscription-evidence">
          {/* Table.Cell takes no colSpan: a plain cell across the four columns. */}
          <td colSpan={4} className="px-6 py-2">
            <Text size="xsmall" weight="plus" className="text-ui-fg-subtle">
              {t("subscription.evidence.title")}
            </Text>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
              {evidence.map((line) => (
                <div key={line.key} className="contents" data-evidence={line.key}>
                  <dt className="text-ui-fg-subtle">{t(`subscription.evidence.${line.key}`)}</dt>
                  <dd className="break-all">{line.value}</dd>
                </div>
              ))}
            </dl>
          </td>
        </Table.Row>
      )}
    </>
  )
}
