import { DataTable, type DataTablePaginationState, Heading, Select, Text } from "@medusajs/ui"
import { type ReactNode, useState } from "react"

/** The status filter's value for "every status". */
export const ALL_STATUSES = "__all"

/**
 * The state of a list page: its page, its search and its status filter. A new search or filter
 * goes back to the first page. `statuses` is what to ask the API for (undefined: every status).
 */
export function useListState<S extends string>(pageSize: number) {
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize })
  const [search, setSearchText] = useState("")
  const [status, setStatusValue] = useState<string>(ALL_STATUSES)
  const firstPage = () => setPagination((p) => ({ ...p, pageIndex: 0 }))
  return {
    pagination,
    setPagination,
    search,
    setSearch: (q: string) => {
      setSearchText(q)
      firstPage()
    },
    status,
    setStatus: (value: string) => {
      setStatusValue(value)
      firstPage()
    },
    statuses: status === ALL_STATUSES ? undefined : [status as S],
    /** The page as the API's `limit` and `offset`. */
    page: { limit: pagination.pageSize, offset: pagination.pageIndex * pagination.pageSize },
  }
}

/**
 * The toolbar of a list page in the dashboard's shape: title and description, a status filter
 * (every status, or one), the search box, and the page's own buttons (`children`).
 */
export const ListToolbar = ({
  title,
  description,
  status,
  onStatusChange,
  statuses,
  allLabel,
  filterLabel,
  filterTestId,
  searchPlaceholder,
  children,
}: {
  title: ReactNode
  description: ReactNode
  status: string
  onStatusChange: (value: string) => void
  statuses: Array<{ value: string; label: string }>
  allLabel: string
  filterLabel: string
  filterTestId: string
  searchPlaceholder: string
  children?: ReactNode
}) => (
  <DataTable.Toolbar className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center">
    <div>
      <Heading>{title}</Heading>
      <Text size="small" className="text-ui-fg-subtle">
        {description}
      </Text>
    </div>
    <div className="flex w-full flex-wrap items-center gap-2 md:w-auto">
      <Select size="small" value={status} onValueChange={onStatusChange}>
        <Select.Trigger className="w-[180px] whitespace-nowrap" aria-label={filterLabel} data-testid={filterTestId}>
          <Select.Value />
        </Select.Trigger>
        <Select.Content>
          <Select.Item value={ALL_STATUSES}>{allLabel}</Select.Item>
          {statuses.map((s) => (
            <Select.Item key={s.value} value={s.value}>
              {s.label}
            </Select.Item>
          ))}
        </Select.Content>
      </Select>
      <DataTable.Search placeholder={searchPlaceholder} />
      {children}
    </div>
  </DataTable.Toolbar>
)

type EmptyTexts = { heading: string; description: string }

/**
 * The list's table with its empty states. The status filter is the page's, not the table's:
 * while it selects something (`filtered`), an empty page says "no results" too.
 */
export const ListTable = ({
  filtered,
  empty,
  noResults,
}: {
  filtered: boolean
  empty: EmptyTexts
  noResults: EmptyTexts
}) => <DataTable.Table emptyState={{ empty: filtered ? noResults : empty, filtered: noResults }} />
