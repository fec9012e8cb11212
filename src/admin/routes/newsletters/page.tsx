import { defineRouteConfig } from "@medusajs/admin-sdk"
import { EnvelopeSolid, Eye, PencilSquare, SquareTwoStack, Trash, XCircle } from "@medusajs/icons"
import {
  Button,
  Container,
  DataTable,
  DataTablePaginationState,
  Heading,
  Select,
  Text,
  createDataTableColumnHelper,
  toast,
  useDataTable,
  usePrompt,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link, useNavigate } from "react-router-dom"
import { Crumb, NewsletterStatusBadge, SendProgress } from "../../components/common"
import {
  NEWSLETTER_STATUSES,
  Newsletter,
  NewsletterStatus,
  useDeleteNewsletter,
  useDuplicateNewsletter,
  useNewsletterAction,
  useNewsletters,
  useStoreTimezone,
} from "../../lib/api"
import { errorMessage } from "../../lib/errors"
import { deliveryRate, formatRate } from "../../lib/rates"
import { DELETABLE, EDITABLE } from "../../lib/status"
import { formatDateTime } from "../../lib/time"

const PAGE_SIZE = 20
const ALL = "__all"
const columnHelper = createDataTableColumnHelper<Newsletter>()

const Count = ({ value }: { value: number }) => (
  <span className="tabular-nums">{value.toLocaleString()}</span>
)

/** 開封率 / クリック率: unique opens or clicks over delivered mails, "—" while none is delivered. */
const rateColumn = (key: "opened_count" | "clicked_count", header: string, locale: string) =>
  columnHelper.accessor(key, {
    header,
    headerAlign: "right",
    align: "right",
    cell: ({ row }) => (
      <span className="tabular-nums">
        {formatRate(deliveryRate(row.original[key], row.original.delivered_count), locale)}
      </span>
    ),
  })

/** 記事一覧 (S10): every article with its status, counters and actions. */
const NewsletterListPage = () => {
  const { t, i18n } = useTranslation("newsletter")
  const navigate = useNavigate()
  const prompt = usePrompt()
  const timeZone = useStoreTimezone()
  const [pagination, setPagination] = useState<DataTablePaginationState>({
    pageIndex: 0,
    pageSize: PAGE_SIZE,
  })
  const [search, setSearch] = useState("")
  const [status, setStatus] = useState<string>(ALL)

  const { data, isLoading } = useNewsletters({
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
    q: search,
    status: status === ALL ? undefined : [status as NewsletterStatus],
  })
  const cancel = useNewsletterAction("cancel")
  const remove = useDeleteNewsletter()
  const duplicate = useDuplicateNewsletter()

  const onDuplicate = async (n: Newsletter) => {
    try {
      const { newsletter } = await duplicate.mutateAsync(n.id)
      toast.success(t("list.duplicated", { subject: n.subject }))
      // The copy's send time is provisional: the edit page asks the owner to confirm it.
      navigate(`/newsletters/${newsletter.id}/edit`, { state: { copied: true } })
    } catch (error) {
      toast.error(t("list.duplicateFailed"), { description: errorMessage(error) })
    }
  }

  const onCancel = async (n: Newsletter) => {
    const confirmed = await prompt({
      title: t("list.cancelPrompt.title"),
      description: t("list.cancelPrompt.description", { subject: n.subject }),
      confirmText: t("list.cancelPrompt.confirm"),
      cancelText: t("general.back"),
      variant: "danger",
    })
    if (!confirmed) return
    try {
      await cancel.mutateAsync(n.id)
      toast.success(t("list.cancelled", { subject: n.subject }))
    } catch (error) {
      toast.error(t("list.cancelFailed"), { description: errorMessage(error) })
    }
  }

  const onDelete = async (n: Newsletter) => {
    const confirmed = await prompt({
      title: t("list.deletePrompt.title"),
      description: t("list.deletePrompt.description", { subject: n.subject }),
      confirmText: t("general.delete"),
      cancelText: t("general.back"),
    })
    if (!confirmed) return
    try {
      await remove.mutateAsync(n.id)
      toast.success(t("list.deleted"))
    } catch (error) {
      toast.error(t("list.deleteFailed"), { description: errorMessage(error) })
    }
  }

  const columns = useMemo(
    () => [
      columnHelper.accessor("status", {
        header: t("columns.status"),
        cell: ({ getValue }) => <NewsletterStatusBadge status={getValue()} />,
      }),
      columnHelper.accessor("started_at", {
        header: t("columns.started_at"),
        cell: ({ row }) =>
          row.original.started_at ? (
            formatDateTime(row.original.started_at, timeZone, i18n.language)
          ) : (
            <span className="text-ui-fg-muted" title={t("fields.scheduled_at")}>
              {t("list.scheduledFor", {
                at: formatDateTime(row.original.scheduled_at, timeZone, i18n.language),
              })}
            </span>
          ),
      }),
      columnHelper.accessor("subject", {
        header: t("columns.subject"),
        cell: ({ getValue }) => (
          <span className="block max-w-[280px] truncate" title={getValue()}>
            {getValue()}
          </span>
        ),
      }),
      columnHelper.accessor("total_count", {
        header: t("columns.total"),
        headerAlign: "right",
        align: "right",
        cell: ({ getValue }) => <Count value={getValue()} />,
      }),
      columnHelper.accessor("succeeded_count", {
        header: t("columns.succeeded"),
        headerAlign: "right",
        align: "right",
        cell: ({ getValue }) => <Count value={getValue()} />,
      }),
      columnHelper.accessor("failed_count", {
        header: t("columns.failed"),
        headerAlign: "right",
        align: "right",
        cell: ({ getValue }) => <Count value={getValue()} />,
      }),
      columnHelper.accessor("unsent_count", {
        header: t("columns.unsent"),
        headerAlign: "right",
        align: "right",
        cell: ({ row }) =>
          row.original.status === "sending" ? (
            <div className="flex items-center justify-end gap-x-3">
              <SendProgress total={row.original.total_count} unsent={row.original.unsent_count} />
              <Count value={row.original.unsent_count} />
            </div>
          ) : (
            <Count value={row.original.unsent_count} />
          ),
      }),
      rateColumn("opened_count", t("columns.openRate"), i18n.language),
      rateColumn("clicked_count", t("columns.clickRate"), i18n.language),
      columnHelper.action({
        actions: ({ row }) => {
          const n = row.original
          const groups = [
            [
              {
                label: t("list.actions.view"),
                icon: <Eye />,
                onClick: () => navigate(`/newsletters/${n.id}`),
              },
              ...(EDITABLE.includes(n.status)
                ? [
                    {
                      label: t("list.actions.edit"),
                      icon: <PencilSquare />,
                      onClick: () => navigate(`/newsletters/${n.id}/edit`),
                    },
                  ]
                : []),
              {
                label: t("list.actions.duplicate"),
                icon: <SquareTwoStack />,
                onClick: () => onDuplicate(n),
              },
            ],
          ]
          const danger = [
            ...(n.status === "scheduled"
              ? [{ label: t("list.actions.cancel"), icon: <XCircle />, onClick: () => onCancel(n) }]
              : []),
            ...(DELETABLE.includes(n.status)
              ? [{ label: t("general.delete"), icon: <Trash />, onClick: () => onDelete(n) }]
              : []),
          ]
          return danger.length ? [...groups, danger] : groups
        },
      }),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language, timeZone]
  )

  const table = useDataTable({
    columns,
    data: data?.newsletters ?? [],
    getRowId: (row) => row.id,
    rowCount: data?.count ?? 0,
    isLoading,
    pagination: { state: pagination, onPaginationChange: setPagination },
    search: {
      state: search,
      onSearchChange: (q) => {
        setSearch(q)
        setPagination((p) => ({ ...p, pageIndex: 0 }))
      },
    },
    onRowClick: (_, row) => navigate(`/newsletters/${row.id}`),
  })

  return (
    <Container className="divide-y p-0">
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center">
          <div>
            <Heading>{t("list.title")}</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              {t("list.description")}
            </Text>
          </div>
          <div className="flex w-full items-center gap-x-2 md:w-auto">
            <Select
              size="small"
              value={status}
              onValueChange={(v) => {
                setStatus(v)
                setPagination((p) => ({ ...p, pageIndex: 0 }))
              }}
            >
              <Select.Trigger className="w-[180px] whitespace-nowrap" aria-label={t("list.filterStatus")} data-testid="status-filter">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value={ALL}>{t("list.allStatuses")}</Select.Item>
                {NEWSLETTER_STATUSES.map((s) => (
                  <Select.Item key={s} value={s}>
                    {t(`status.${s}`)}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
            <DataTable.Search placeholder={t("list.searchPlaceholder")} />
            <Button size="small" variant="secondary" asChild>
              <Link to="/newsletters/create">{t("list.create")}</Link>
            </Button>
          </div>
        </DataTable.Toolbar>
        <DataTable.Table
          emptyState={{
            // The status filter is ours, not the table's: say "no results" for it too.
            empty:
              status === ALL
                ? { heading: t("list.empty.heading"), description: t("list.empty.description") }
                : { heading: t("list.noResults.heading"), description: t("list.noResults.description") },
            filtered: { heading: t("list.noResults.heading"), description: t("list.noResults.description") },
          }}
        />
        <DataTable.Pagination
          translations={{
            of: t("pagination.of"),
            results: t("pagination.results"),
            pages: t("pagination.pages"),
            prev: t("pagination.prev"),
            next: t("pagination.next"),
          }}
        />
      </DataTable>
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "nav.newsletters",
  translationNs: "newsletter",
  icon: EnvelopeSolid,
})

export const handle = { breadcrumb: () => <Crumb k="list.title" /> }

export default NewsletterListPage
