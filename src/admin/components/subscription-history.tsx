import { Table, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { SubscriptionHistoryEntry } from "../../api/admin/newsletter-subscriptions/types"
import { useStoreTimezone } from "../lib/api"
import { formatDateTime } from "../lib/time"

/** A history entry as the screens show it (the customer route's `source` is a plain string). */
type HistoryRow = Pick<SubscriptionHistoryEntry, "id" | "from_status" | "to_status" | "reason" | "created_at"> & {
  source: string
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
  const { t, i18n } = useTranslation("newsletter")
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
          <Table.Row key={h.id}>
            <Table.Cell className="whitespace-nowrap">
              {formatDateTime(h.created_at, timeZone, i18n.language)}
            </Table.Cell>
            <Table.Cell className="whitespace-nowrap">
              {h.from_status ? `${t(`subscription.status.${h.from_status}`)} → ` : ""}
              {t(`subscription.status.${h.to_status}`)}
            </Table.Cell>
            <Table.Cell>{t(`subscription.sources.${h.source}`, h.source)}</Table.Cell>
            <Table.Cell className="max-w-[220px] truncate" title={h.reason ?? ""}>
              {h.reason ?? "—"}
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  )
}
