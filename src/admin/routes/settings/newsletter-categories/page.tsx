import { defineRouteConfig } from "@medusajs/admin-sdk"
import { PencilSquare, Trash } from "@medusajs/icons"
import {
  Button,
  Container,
  DataTable,
  Drawer,
  Heading,
  Input,
  Text,
  Textarea,
  createDataTableColumnHelper,
  toast,
  useDataTable,
  usePrompt,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Crumb, DrawerCancel, Field } from "../../../components/common"
import {
  NewsletterCategory,
  useDeleteCategory,
  useNewsletterCategories,
  useSaveCategory,
  useStoreTimezone,
} from "../../../lib/api"
import { FieldErrors, errorMessage } from "../../../lib/errors"
import { useApiError } from "../../../lib/use-api-error"

const FIELDS = ["name", "description", "window_start", "window_end"] as const
const columnHelper = createDataTableColumnHelper<NewsletterCategory>()

const CategoryDrawer = ({
  category,
  open,
  onOpenChange,
}: {
  category: NewsletterCategory | null
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const { t } = useTranslation("newsletter")
  const timeZone = useStoreTimezone()
  const [name, setName] = useState(category?.name ?? "")
  const [description, setDescription] = useState(category?.description ?? "")
  const [start, setStart] = useState(category?.window_start ?? "")
  const [end, setEnd] = useState(category?.window_end ?? "")
  const [errors, setErrors] = useState<FieldErrors>({ fields: {}, general: [] })
  const save = useSaveCategory()
  const apiError = useApiError()

  const submit = async () => {
    try {
      await save.mutateAsync({
        id: category?.id,
        name,
        description: description || null,
        window_start: start || null,
        window_end: end || null,
      })
      toast.success(t("categories.saved"))
      onOpenChange(false)
    } catch (error) {
      const rendered = apiError.render(error, FIELDS)
      setErrors(rendered)
      if (!Object.keys(rendered.fields).length) {
        toast.error(t("form.saveFailed"), { description: rendered.general.join(" ") })
      }
    }
  }

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content>
        <form
          className="flex flex-1 flex-col overflow-hidden"
          onSubmit={(e) => {
            e.preventDefault()
            submit()
          }}
          noValidate
        >
          <Drawer.Header>
            <Drawer.Title>{category ? t("categories.edit") : t("categories.create")}</Drawer.Title>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
            <Field label={t("categories.name")} htmlFor="category-name" error={errors.fields.name}>
              <Input id="category-name" value={name} onChange={(e) => setName(e.target.value)} />
            </Field>
            <Field
              label={t("categories.description")}
              htmlFor="category-description"
              optional
              error={errors.fields.description}
            >
              <Textarea
                id="category-description"
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
            </Field>
            <Field
              label={t("categories.window")}
              hint={t("categories.windowHint", { zone: timeZone })}
              error={errors.fields.window_start ?? errors.fields.window_end}
              optional
            >
              <div className="flex items-center gap-x-2">
                <Input
                  type="time"
                  aria-label={t("categories.windowStart")}
                  value={start}
                  onChange={(e) => setStart(e.target.value)}
                />
                <Text size="small" className="text-ui-fg-muted">
                  〜
                </Text>
                <Input
                  type="time"
                  aria-label={t("categories.windowEnd")}
                  value={end}
                  onChange={(e) => setEnd(e.target.value)}
                />
              </div>
            </Field>
            {errors.general.length > 0 && (
              <Text size="small" className="text-ui-fg-error">
                {errors.general.join(" / ")}
              </Text>
            )}
          </Drawer.Body>
          <Drawer.Footer>
            <DrawerCancel />
            <Button size="small" type="submit" isLoading={save.isPending}>
              {t("general.save")}
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}

/** Settings → 配信カテゴリ: delivery categories and their sending windows (S12). */
const NewsletterCategoriesPage = () => {
  const { t } = useTranslation("newsletter")
  const prompt = usePrompt()
  const { data, isLoading } = useNewsletterCategories()
  const remove = useDeleteCategory()
  const [editing, setEditing] = useState<{ category: NewsletterCategory | null } | null>(null)

  const onDelete = async (c: NewsletterCategory) => {
    const confirmed = await prompt({
      title: t("categories.deletePrompt.title"),
      description: t("categories.deletePrompt.description", { name: c.name }),
      confirmText: t("general.delete"),
      cancelText: t("general.back"),
    })
    if (!confirmed) return
    try {
      await remove.mutateAsync(c.id)
      toast.success(t("categories.deleted"))
    } catch (error) {
      toast.error(t("categories.deleteFailed"), { description: errorMessage(error) })
    }
  }

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
