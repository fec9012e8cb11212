import { defineRouteConfig } from "@medusajs/admin-sdk"
import { PencilSquare, Trash } from "@medusajs/icons"
import {
  Button,
  Container,
  DataTable,
  Heading,
  Text,
  createDataTableColumnHelper,
  useDataTable,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Crumb } from "../../../components/common"
import { useDeleteCategory, useNewsletterCategories } from "../../../hooks/api/newsletter-categories"
import type { NewsletterCategory } from "../../../lib/api"
import { useDeleteWithPrompt } from "../../../hooks/use-delete-with-prompt"
import { CategoryDrawer } from "./components/category-drawer"

const columnHelper = createDataTableColumnHelper<NewsletterCategory>()

/** Settings → 配信カテゴリ: delivery categories and their sending windows (S12). */
const NewsletterCategoriesPage = () => {
  const { t } = useTranslation("newsletter")
  const { data, isLoading } = useNewsletterCategories()
  const remove = useDeleteCategory()
  const [editing, setEditing] = useState<{ category: NewsletterCategory | null } | null>(null)

  const onDelete = useDeleteWithPrompt<NewsletterCategory>("categories", (id) => remove.mutateAsync(id))

  const columns = useMemo(
    () => [
      columnHelper.accessor("name", { header: t("categories.name") }),
      columnHelper.accessor("window_start", {
        header: t("categories.window"),
        cell: ({ row }) =>
          row.original.window_start && row.original.window_end
            ? `${row.original.window_start} – ${row.original.window_end}`
            : t("categories.anyTime"),
      }),
      columnHelper.accessor("description", {
        header: t("categories.description"),
        cell: ({ getValue }) => (
          <span className="block max-w-[320px] truncate">{getValue() || "—"}</span>
        ),
      }),
      columnHelper.action({
        actions: ({ row }) => [
          [
            {
              label: t("list.actions.edit"),
              icon: <PencilSquare />,
              onClick: () => setEditing({ category: row.original }),
            },
          ],
          [{ label: t("general.delete"), icon: <Trash />, onClick: () => onDelete(row.original) }],
        ],
      }),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t]
  )

  const table = useDataTable({
    columns,
    data: data?.newsletter_categories ?? [],
    getRowId: (c) => c.id,
    rowCount: data?.count ?? 0,
    isLoading,
  })

  return (
    <Container className="divide-y p-0">
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex items-center justify-between px-6 py-4">
          <div>
            <Heading>{t("categories.title")}</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              {t("categories.description_page")}
            </Text>
          </div>
          <Button size="small" variant="secondary" onClick={() => setEditing({ category: null })}>
            {t("categories.create")}
          </Button>
        </DataTable.Toolbar>
        <DataTable.Table
          emptyState={{
            empty: { heading: t("categories.empty.heading"), description: t("categories.empty.description") },
          }}
        />
      </DataTable>
      {editing && (
        <CategoryDrawer
          key={editing.category?.id ?? "new"}
          category={editing.category}
          open
          onOpenChange={(open) => !open && setEditing(null)}
        />
      )}
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "nav.categories",
  translationNs: "newsletter",
})

export const handle = { breadcrumb: () => <Crumb k="categories.title" /> }

export default NewsletterCategoriesPage
