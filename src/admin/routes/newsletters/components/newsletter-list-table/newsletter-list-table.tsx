import { Button, DataTable, useDataTable } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { Link, useNavigate } from "react-router-dom"
import { TablePagination } from "../../../../components/common"
import { ListTable, ListToolbar, useListState } from "../../../../components/list-page"
import { useNewsletters } from "../../../../hooks/api/newsletters"
import { NEWSLETTER_STATUSES, type NewsletterStatus } from "../../../../lib/api"
import { useNewsletterTableColumns } from "./use-newsletter-table-columns"

const PAGE_SIZE = 20

/** 記事一覧's table: status filter, subject search, pages; a row opens the article. */
export const NewsletterListTable = () => {
  const { t } = useTranslation("newsletter")
  const navigate = useNavigate()
  const list = useListState<NewsletterStatus>(PAGE_SIZE)
  const { data, isLoading } = useNewsletters({ ...list.page, q: list.search, status: list.statuses })
  const columns = useNewsletterTableColumns()

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
  )
}
