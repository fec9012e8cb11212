import { Container, Heading, Select } from "@medusajs/ui"
import { Controller, useFormContext } from "react-hook-form"
import { useTranslation } from "react-i18next"
import { Field } from "../../../../../components/common"
import { useNewsletterCategories } from "../../../../../hooks/api/newsletter-categories"
import type { ArticleFormValues } from "../../../../../lib/article-form"

const NO_CATEGORY = "__none"

/** 配信カテゴリ: the category whose sending window the article keeps to, or none. */
export const CategorySection = () => {
  const { t } = useTranslation("newsletter")
  const { control } = useFormContext<ArticleFormValues>()
  const { data: categories } = useNewsletterCategories()
  return (
    <Container className="flex flex-col gap-y-4 px-6 py-4">
      <Heading level="h2">{t("fields.category_id")}</Heading>
      <Controller
        control={control}
        name="category_id"
        render={({ field, fieldState }) => (
          <Field htmlFor="category_id" hint={t("form.categoryHint")} error={fieldState.error?.message}>
            <Select
              value={field.value ?? NO_CATEGORY}
              onValueChange={(v) => field.onChange(v === NO_CATEGORY ? null : v)}
            >
              <Select.Trigger id="category_id" aria-label={t("fields.category_id")}>
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value={NO_CATEGORY}>{t("form.noCategory")}</Select.Item>
                {categories?.newsletter_categories.map((c) => (
                  <Select.Item key={c.id} value={c.id}>
                    {c.name}
                    {c.window_start && c.window_end ? ` (${c.window_start}–${c.window_end})` : ""}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </Field>
        )}
      />
    </Container>
  )
}
