import {
  Badge,
  Container,
  DataTable,
  DataTablePaginationState,
  Heading,
  Select,
  StatusBadge,
  Text,
  createDataTableColumnHelper,
  useDataTable,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { TablePagination } from "../../../../../components/common"
import { CsvButton } from "../../../../../components/csv-button"
import { useStoreTimezone } from "../../../../../hooks/api/newsletter-settings"
import { useNewsletterRecipients } from "../../../../../hooks/api/newsletters"
import type { Newsletter, Recipient } from "../../../../../lib/api"
import { recipientError } from "../../../../../lib/reasons"
import { formatDateTime } from "../../../../../lib/time"

const RECIPIENT_STATES = ["pending", "sent", "failed", "skipped"] as const
const REPORTS = ["delivered", "opened", "clicked", "bounced", "complained"] as const
const ALL = "__all"
const columnHelper = createDataTableColumnHelper<Recipient>()

/** 配信先: the recipients with their delivery state and reports, search, filter and the CSV. */
export const RecipientsSection = ({ newsletter }: { newsletter: Newsletter }) => {
  const { t, i18n } = useTranslation("newsletter")
  const timeZone = useStoreTimezone()
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: 20 })
  const [search, setSearch] = useState("")
  const [state, setState] = useState<string>(ALL)
  const { data, isLoading, available } = useNewsletterRecipients(newsletter.id, {
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
    q: search,
    status: state === ALL ? undefined : state,
  })
  const columns = useMemo(
    () => [
      columnHelper.accessor("email", { header: t("recipients.email") }),
      columnHelper.accessor("last_name", {
        header: t("recipients.name"),
        cell: ({ row }) =>
          [row.original.last_name, row.original.first_name].filter(Boolean).join(" ") || "—",
      }),
      columnHelper.accessor("status", {
        header: t("recipients.state"),
        cell: ({ getValue }) => (
          <StatusBadge
            color={
              getValue() === "sent" ? "green" : getValue() === "failed" ? "red" : getValue() === "skipped" ? "grey" : "orange"
            }
          >
            {t(`recipients.states.${getValue()}`, getValue())}
          </StatusBadge>
        ),
      }),
      columnHelper.accessor("error_reason", {
        header: t("recipients.error"),
        cell: ({ row }) => {
          const error = recipientError(t, row.original)
          return error ? (
            <span className="block max-w-[260px] truncate" title={error}>
              {error}
            </span>
          ) : (
            "—"
          )
        },
      }),
      columnHelper.accessor("attempted_at", {
        header: t("recipients.attempted_at"),
        cell: ({ getValue }) => formatDateTime(getValue(), timeZone, i18n.language),
      }),
      columnHelper.display({
        id: "reports",
        header: t("recipients.reports"),
        cell: ({ row }) => {
          const reports = REPORTS.filter((r) => row.original[`${r}_at`])
          return reports.length ? (
            <div className="flex flex-wrap gap-1">
              {reports.map((r) => (
                <Badge
                  key={r}
                  size="2xsmall"
                  color={r === "bounced" || r === "complained" ? "red" : r === "delivered" ? "green" : "blue"}
                  title={formatDateTime(row.original[`${r}_at`], timeZone, i18n.language)}
                >
                  {t(`recipients.reportKinds.${r}`)}
                </Badge>
              ))}
            </div>
          ) : (
            "—"
          )
        },
      }),
    ],
    [t, i18n.language, timeZone]
  )
  const table = useDataTable({
    columns,
    data: data?.recipients ?? [],
    getRowId: (r) => r.id,
    rowCount: data?.count ?? 0,
    isLoading,
    pagination: { state: pagination, onPaginationChange: setPagination },
    search: { state: search, onSearchChange: setSearch },
  })

  return (
    <Container className="divide-y p-0">
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center">
          <Heading level="h2">{t("recipients.title")}</Heading>
          <div className="flex items-center gap-x-2">
            {available && (
              <>
                <Select size="small" value={state} onValueChange={setState}>
                  <Select.Trigger className="w-[140px]" aria-label={t("recipients.filterState")}>
                    <Select.Value />
                  </Select.Trigger>
                  <Select.Content>
                    <Select.Item value={ALL}>{t("recipients.allStates")}</Select.Item>
                    {RECIPIENT_STATES.map((s) => (
                      <Select.Item key={s} value={s}>
                        {t(`recipients.states.${s}`)}
                      </Select.Item>
                    ))}
                  </Select.Content>
                </Select>
                <DataTable.Search placeholder={t("recipients.searchPlaceholder")} />
              </>
            )}
            <CsvButton newsletterId={newsletter.id} />
          </div>
        </DataTable.Toolbar>
        {available ? (
          <>
            <DataTable.Table
              emptyState={{
                empty: { heading: t("recipients.empty") },
                filtered: { heading: t("list.noResults.heading") },
              }}
            />
            <TablePagination />
          </>
        ) : (
          <Text size="small" className="text-ui-fg-muted px-6 py-4" data-testid="recipients-unavailable">
            {t("recipients.unavailable")}
          </Text>
        )}
      </DataTable>
    </Container>
  )
}
