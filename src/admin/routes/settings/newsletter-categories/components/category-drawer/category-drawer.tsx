import { Button, Drawer, Input, Text, Textarea, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { DrawerCancel, Field } from "../../../../../components/common"
import { useSaveCategory } from "../../../../../hooks/api/newsletter-categories"
import { useStoreTimezone } from "../../../../../hooks/api/newsletter-settings"
import type { NewsletterCategory } from "../../../../../lib/api"
import type { FieldErrors } from "../../../../../lib/errors"
import { useApiError } from "../../../../../lib/use-api-error"

const FIELDS = ["name", "description", "window_start", "window_end"] as const

/** Creates a category (`category` null) or edits one: name, description and sending window. */
export const CategoryDrawer = ({
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
