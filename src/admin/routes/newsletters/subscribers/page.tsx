import { defineRouteConfig } from "@medusajs/admin-sdk"
import {
  Container,
  DataTable,
  type DataTableRowSelectionState,
  createDataTableColumnHelper,
  toast,
  useDataTable,
  usePrompt,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import type {
  AdminNewsletterSubscription,
  AdminNewsletterSubscriptionBatchResponse,
  SubscriptionActionValue,
  SubscriptionStatusValue,
} from "../../../../api/admin/newsletter-subscriptions/types"
import { Crumb, SubscriptionStatusBadge, TablePagination } from "../../../components/common"
import { CsvButton } from "../../../components/csv-button"
import { ListTable, ListToolbar, useListState } from "../../../components/list-page"
import {
  useBatchNewsletterSubscriptions,
  useNewsletterSubscriptions,
} from "../../../hooks/api/newsletter-subscriptions"
import { useStoreTimezone } from "../../../hooks/api/newsletter-settings"
import { errorMessage } from "../../../lib/errors"
import { formatDateTime } from "../../../lib/time"
import { customerName } from "./components/customer-name"
import { ImportSubscribers } from "./components/import-subscribers"
import { SubscriberDrawer } from "./components/subscriber-drawer"
import { codeText } from "./components/code-text"

const PAGE_SIZE = 50
/** The most ids one bulk request takes (the route's limit). */
const PER_REQUEST = 1000
const STATUSES: SubscriptionStatusValue[] = ["subscribed", "unsubscribed", "cleaned"]
/** The bulk commands with their keyboard shortcuts. */
const ACTIONS: Array<{ action: SubscriptionActionValue; shortcut: string }> = [
  { action: "clean", shortcut: "c" },
  { action: "unclean", shortcut: "r" },
  { action: "unsubscribe", shortcut: "u" },
]
const columnHelper = createDataTableColumnHelper<AdminNewsletterSubscription>()

/**
 * メルマガ購読者: every address's newsletter consent, the last changed first, with a status filter,
 * search, the customer, the last change and its source; the history of one in a drawer; bulk
 * commands on a selection (recorded as the admin's change); the CSV download and the import.
 */
const NewsletterSubscribersPage = () => {
  const { t, i18n } = useTranslation("newsletter")
  const prompt = usePrompt()
  const timeZone = useStoreTimezone()
  const list = useListState<SubscriptionStatusValue>(PAGE_SIZE)
  const [selection, setSelection] = useState<DataTableRowSelectionState>({})
  const [openId, setOpenId] = useState<string | null>(null)

  const { data, isLoading } = useNewsletterSubscriptions({ ...list.page, q: list.search, status: list.statuses })
  const batch = useBatchNewsletterSubscriptions()

  const runAction = async (action: SubscriptionActionValue, ids: string[]) => {
    const confirmed = await prompt({
      title: t(`subscribers.confirm.${action}.title`),
      description: t(`subscribers.confirm.${action}.description`, { count: ids.length }),
      confirmText: t("subscribers.confirm.apply"),
      cancelText: t("general.back"),
      variant: action === "unclean" ? "confirmation" : "danger",
    })
    if (!confirmed) return
    try {
      let updated = 0
      const skipped: AdminNewsletterSubscriptionBatchResponse["skipped"] = []
      for (let start = 0; start < ids.length; start += PER_REQUEST) {
        const result = await batch.mutateAsync({ ids: ids.slice(start, start + PER_REQUEST), action })
        updated += result.updated
        skipped.push(...result.skipped)
      }
      setSelection({})
      // Why rows were left as they were, one line per reason (said with its first row's values).
      const reasons = new Map<string, { text: string; count: number }>()
      for (const s of skipped) {
        const key = `${s.code}/${s.params.status ?? ""}`
        const reason = reasons.get(key) ?? { text: codeText(s.code, s.params), count: 0 }
        reason.count++
        reasons.set(key, reason)
      }
      const description = [...reasons.values()]
        .map((r) => t("subscribers.skippedReason", { reason: r.text, count: r.count }))
        .join(" / ")
      const title = skipped.length
        ? t("subscribers.doneWithSkipped", { count: updated, skipped: skipped.length })
        : t("subscribers.done", { count: updated })
      ;(skipped.length ? toast.warning : toast.success)(title, { description: description || undefined })
    } catch (error) {
      toast.error(t("subscribers.failed"), { description: errorMessage(error) })
    }
  }

  const columns = useMemo(
    () => [
      columnHelper.select(),
      columnHelper.accessor("email", {
        header: t("subscribers.columns.email"),
        cell: ({ getValue }) => (
          <span className="block max-w-[260px] truncate" title={getValue()}>
            {getValue()}
          </span>
        ),
      }),
      columnHelper.accessor("status", {
        header: t("subscribers.columns.status"),
        cell: ({ getValue }) => <SubscriptionStatusBadge status={getValue()} />,
      }),
      columnHelper.accessor("opt_in_level", {
        header: t("subscribers.columns.optInLevel"),
        cell: ({ getValue }) => (
          <span className="whitespace-nowrap">{t(`subscription.optInLevelShort.${getValue()}`)}</span>
        ),
      }),
      columnHelper.accessor("customer_id", {
        header: t("subscribers.columns.customer"),
        cell: ({ row }) =>
          row.original.customer_id ? (
            <Link
              to={`/customers/${row.original.customer_id}`}
              className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover"
              // The row opens the drawer; the link opens the customer.
              onClick={(e) => e.stopPropagation()}
              data-testid="subscriber-customer-link"
            >
              {customerName(row.original) || t("subscribers.unnamed")}
            </Link>
          ) : (
            <span className="text-ui-fg-muted">{t("subscribers.noCustomer")}</span>
          ),
      }),
      columnHelper.accessor("updated_at", {
        header: t("subscribers.columns.lastChange"),
        cell: ({ row }) => (
          <span className="whitespace-nowrap">
            {formatDateTime(row.original.last_changed_at ?? row.original.updated_at, timeZone, i18n.language)}
          </span>
        ),
      }),
      columnHelper.accessor("last_change_source", {
        header: t("subscribers.columns.source"),
        cell: ({ getValue }) => {
          const source = getValue()
          return source ? t(`subscription.sources.${source}`, source) : "—"
        },
      }),
    ],
    [t, i18n.language, timeZone]
  )

  const table = useDataTable({
    columns,
    data: data?.newsletter_subscriptions ?? [],
    getRowId: (row) => row.id,
    rowCount: data?.count ?? 0,
    isLoading,
    pagination: { state: list.pagination, onPaginationChange: list.setPagination },
    search: { state: list.search, onSearchChange: list.setSearch },
    rowSelection: { state: selection, onRowSelectionChange: setSelection },
    commands: ACTIONS.map(({ action, shortcut }) => ({
      label: t(`subscribers.actions.${action}`),
      shortcut,
      action: (selected) => runAction(action, Object.keys(selected).filter((id) => selected[id])),
    })),
    onRowClick: (_, row) => setOpenId(row.id),
  })

  return (
    <Container className="divide-y p-0">
      <DataTable instance={table}>
        <ListToolbar
          title={t("subscribers.title")}
          description={t("subscribers.description")}
          status={list.status}
          onStatusChange={list.setStatus}
          statuses={STATUSES.map((s) => ({ value: s, label: t(`subscription.status.${s}`) }))}
          allLabel={t("subscribers.allStatuses")}
          filterLabel={t("subscribers.filterStatus")}
          filterTestId="subscribers-status-filter"
          searchPlaceholder={t("subscribers.searchPlaceholder")}
        >
          <CsvButton path="/admin/newsletter-subscriptions/export" fallbackName="newsletter-subscriptions.csv" />
          <ImportSubscribers />
        </ListToolbar>
        <ListTable
          filtered={!!list.statuses}
          empty={{ heading: t("subscribers.empty.heading"), description: t("subscribers.empty.description") }}
          noResults={{ heading: t("subscribers.noResults.heading"), description: t("subscribers.noResults.description") }}
        />
        <TablePagination />
        <DataTable.CommandBar selectedLabel={(count) => t("subscribers.selected", { count })} />
      </DataTable>
      <SubscriberDrawer id={openId} onClose={() => setOpenId(null)} />
    </Container>
  )
}

// Nested under the plugin's menu item (its path is under /newsletters), as the dashboard nests
// an extension's routes.
export const config = defineRouteConfig({
  label: "nav.subscribers",
  translationNs: "newsletter",
})

export const handle = { breadcrumb: () => <Crumb k="subscribers.title" /> }

export default NewsletterSubscribersPage
