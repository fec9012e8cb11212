import {
  Badge,
  Container,
  DataTable,
  DataTablePaginationState,
  Heading,
  Text,
  createDataTableColumnHelper,
  useDataTable,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { TablePagination } from "../../../../../components/common"
import { Newsletter, NewsletterLink } from "../../../../../lib/api"
import { useNewsletterLinks } from "../../../../../hooks/api/newsletters"

const columnHelper = createDataTableColumnHelper<NewsletterLink>()
const KIND_COLOR = { link: "blue", unsubscribe: "grey", coupon: "purple" } as const

/**
 * クリックされたリンク: every link clicked in the article's mails with its unique clicks (from
 * Resend's click reports), most clicked first. The unsubscribe and coupon links differ per
 * recipient and are counted as one link each, marked, so the owner sees the content's clicks.
 */
export const LinksSection = ({ newsletter }: { newsletter: Newsletter }) => {
  const { t, i18n } = useTranslation("newsletter")
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: 10 })
  const { data, isLoading } = useNewsletterLinks(
    newsletter.id,
    { limit: pagination.pageSize, offset: pagination.pageIndex * pagination.pageSize },
    newsletter.status === "sending" || newsletter.status === "sent" || newsletter.status === "aggregating"
  )
  const number = useMemo(() => new Intl.NumberFormat(i18n.language), [i18n.language])
  const columns = useMemo(
    () => [
      columnHelper.accessor("url", {
        header: t("links.url"),
        cell: ({ row }) => (
          <div className="flex min-w-0 items-center gap-x-2">
            {row.original.kind !== "link" && (
              <Badge size="2xsmall" color={KIND_COLOR[row.original.kind]} className="shrink-0">
                {t(`links.kinds.${row.original.kind}`)}
              </Badge>
            )}
            <span className="block max-w-[420px] truncate" title={row.original.url}>
              {row.original.url}
            </span>
          </div>
        ),
      }),
      columnHelper.accessor("unique_clicks", {
        header: t("links.uniqueClicks"),
        cell: ({ getValue }) => <span className="tabular-nums">{number.format(getValue())}</span>,
      }),
      columnHelper.accessor("clicks", {
        header: t("links.clicks"),
        cell: ({ getValue }) => <span className="tabular-nums">{number.format(getValue())}</span>,
      }),
    ],
    [t, number]
  )
  const table = useDataTable({
    columns,
    data: data?.links ?? [],
    getRowId: (l) => l.url,
    rowCount: data?.count ?? 0,
    isLoading,
    pagination: { state: pagination, onPaginationChange: setPagination },
  })

  return (
    <Container className="divide-y p-0" data-testid="links-section">
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex flex-col items-start gap-y-1 px-6 py-4">
          <Heading level="h2">{t("links.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {t("links.description")}
          </Text>
        </DataTable.Toolbar>
        <DataTable.Table emptyState={{ empty: { heading: t("links.empty") } }} />
        <TablePagination />
      </DataTable>
    </Container>
  )
}
