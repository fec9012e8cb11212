import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Trash } from "@medusajs/icons"
import {
  Container,
  DataTable,
  Heading,
  Text,
  createDataTableColumnHelper,
  useDataTable,
} from "@medusajs/ui"
import { useMemo } from "react"
import { useTranslation } from "react-i18next"
import type { AdminNewsletterSegment } from "../../../../api/admin/newsletter-segments/types"
import { Crumb } from "../../../components/common"
import { useDeleteSegment, useNewsletterSegments } from "../../../hooks/api/newsletter-segments"
import { useDeleteWithPrompt } from "../../../hooks/use-delete-with-prompt"

const columnHelper = createDataTableColumnHelper<AdminNewsletterSegment>()
const WITH_COUNTS = { limit: 200, with_count: true }

/** Settings → 保存した検索条件: the saved segments with how many customers each selects now. */
const NewsletterSegmentsPage = () => {
  const { t } = useTranslation("newsletter")
  const { data, isLoading } = useNewsletterSegments(WITH_COUNTS)
  const remove = useDeleteSegment()

  const onDelete = useDeleteWithPrompt<AdminNewsletterSegment>("segments", (id) => remove.mutateAsync(id))

  const columns = useMemo(
    () => [
      columnHelper.accessor("name", { header: t("segments.name") }),
      columnHelper.accessor("audience_count", {
        header: t("segments.count"),
        cell: ({ getValue }) => (
          <span className="tabular-nums" data-testid="segment-count">
            {getValue() === undefined ? "—" : t("audience.count", { count: getValue() })}
          </span>
        ),
      }),
      columnHelper.accessor("description", {
        header: t("segments.description"),
        cell: ({ getValue }) => <span className="block max-w-[320px] truncate">{getValue() || "—"}</span>,
      }),
      columnHelper.action({
        actions: ({ row }) => [[{ label: t("general.delete"), icon: <Trash />, onClick: () => onDelete(row.original) }]],
      }),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t]
  )

  const table = useDataTable({
    columns,
    data: data?.newsletter_segments ?? [],
    getRowId: (s) => s.id,
    rowCount: data?.count ?? 0,
    isLoading,
  })

  return (
    <Container className="divide-y p-0">
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex items-center justify-between px-6 py-4">
          <div>
            <Heading>{t("segments.title")}</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              {t("segments.description_page")}
            </Text>
          </div>
        </DataTable.Toolbar>
        <DataTable.Table
          emptyState={{
            empty: { heading: t("segments.empty.heading"), description: t("segments.empty.description") },
          }}
        />
      </DataTable>
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "nav.segments",
  translationNs: "newsletter",
})

export const handle = { breadcrumb: () => <Crumb k="segments.title" /> }

export default NewsletterSegmentsPage
