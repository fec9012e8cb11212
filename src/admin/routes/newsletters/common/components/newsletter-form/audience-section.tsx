import { Container, Heading } from "@medusajs/ui"
import { Controller, useFormContext } from "react-hook-form"
import { useTranslation } from "react-i18next"
import { AudienceBuilder } from "../../../../../components/audience-builder"
import type { ArticleFormValues } from "../../../../../lib/article-form"

/** 配信対象: the detailed search (S6), its conditions turned into the article's audience filter. */
export const AudienceSection = ({ timeZone }: { timeZone: string }) => {
  const { t } = useTranslation("newsletter")
  const { control } = useFormContext<ArticleFormValues>()
  return (
    <Container className="flex flex-col gap-y-4 px-6 py-4">
      <Heading level="h2">{t("fields.audience")}</Heading>
      <Controller
        control={control}
        name="audience"
        render={({ field, fieldState }) => (
          <AudienceBuilder
            conditions={field.value}
            onChange={field.onChange}
            timeZone={timeZone}
            error={fieldState.error?.message}
          />
        )}
      />
    </Container>
  )
}
