import { defineRouteConfig } from "@medusajs/admin-sdk"
import { EnvelopeSolid, Eye, PencilSquare, SquareTwoStack, Trash, XCircle } from "@medusajs/icons"
import {
  Button,
  Container,
  DataTable,
  createDataTableColumnHelper,
  toast,
  useDataTable,
  usePrompt,
} from "@medusajs/ui"
import { useMemo } from "react"
import { useTranslation } from "react-i18next"
import { Link, useNavigate } from "react-router-dom"
import { Crumb, NewsletterStatusBadge, SendProgress, TablePagination } from "../../components/common"
import { DeliveryWarnings } from "../../components/delivery-warnings"
import { ListTable, ListToolbar, useListState } from "../../components/list-page"
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
import { DELETABLE, EDITABLE, needsAttention } from "../../lib/status"
import { articleReason } from "../../lib/reasons"
import { formatDateTime } from "../../lib/time"

const PAGE_SIZE = 20
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
  const list = useListState<NewsletterStatus>(PAGE_SIZE)

  const { data, isLoading } = useNewsletters({ ...list.page, q: list.search, status: list.statuses })
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
        cell: ({ row }) => {
          // Why it is paused, waiting or ended, in the admin's language (the detail has it in full).
          const reason = articleReason(t, row.original, timeZone, i18n.language)
          return (
            <div className="flex flex-col items-start gap-y-1">
              <NewsletterStatusBadge status={row.original.status} attention={needsAttention(row.original)} />
              {reason && (
                <span
                  className="text-ui-fg-subtle txt-compact-xsmall block max-w-[220px] truncate"
                  title={reason}
                  data-testid="list-status-reason"
                >
                  {reason}
                </span>
              )}
            </div>
          )
        },
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
    pagination: { state: list.pagination, onPaginationChange: list.setPagination },
    search: { state: list.search, onSearchChange: list.setSearch },
    onRowClick: (_, row) => navigate(`/newsletters/${row.id}`),
  })

  return (
    <Container className="divide-y p-0">
      <DeliveryWarnings className="px-6 py-4" />
      <DataTable instance={table}>
        <ListToolbar
          title={t("list.title")}
          description={t("list.description")}
          status={list.status}
          onStatusChange={list.setStatus}
          statuses={NEWSLETTER_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          allLabel={t("list.allStatuses")}
          filterLabel={t("list.filterStatus")}
          filterTestId="status-filter"
          searchPlaceholder={t("list.searchPlaceholder")}
        >
          <Button size="small" variant="secondary" asChild>
            <Link to="/newsletters/create">{t("list.create")}</Link>
          </Button>
        </ListToolbar>
        <ListTable
          filtered={!!list.statuses}
          empty={{ heading: t("list.empty.heading"), description: t("list.empty.description") }}
          noResults={{ heading: t("list.noResults.heading"), description: t("list.noResults.description") }}
        />
        <TablePagination />
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
