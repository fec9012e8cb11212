import { Container, Heading, Input, Label, RadioGroup } from "@medusajs/ui"
import type { RefObject } from "react"
import { Controller, useFormContext, useWatch } from "react-hook-form"
import { useTranslation } from "react-i18next"
import { BodyEditor, type BodyEditorHandle } from "../../../../../components/body-editor"
import { Field } from "../../../../../components/common"
import type { ArticleFormValues } from "../../../../../lib/article-form"
import { describeZone, toLocalInput } from "../../../../../lib/time"
import { earliest } from "./earliest"

/** 内容: send time, subject, format and body (with the tag palette and images). */
export const ContentSection = ({
  editor,
  timeZone,
  lead,
  tags,
  autoFocusTime,
}: {
  editor: RefObject<BodyEditorHandle>
  timeZone: string
  lead: number
  tags?: string[]
  autoFocusTime: boolean
}) => {
  const { t } = useTranslation("newsletter")
  const { control, register, formState } = useFormContext<ArticleFormValues>()
  const errors = formState.errors
  const format = useWatch({ control, name: "format" })
  return (
    <Container className="flex w-full min-w-0 flex-col gap-y-6 px-6 py-4">
      <Heading level="h2">{t("form.content")}</Heading>
      <Field
        label={t("fields.scheduled_at")}
        htmlFor="scheduled_at"
        hint={t("form.scheduledHint", { zone: describeZone(timeZone), minutes: lead })}
        error={errors.scheduled_at?.message}
      >
        <Input
          id="scheduled_at"
          type="datetime-local"
          className="max-w-xs"
          min={toLocalInput(earliest(lead), timeZone)}
          autoFocus={autoFocusTime}
          aria-invalid={!!errors.scheduled_at}
          {...register("scheduled_at")}
        />
      </Field>
      <Field label={t("fields.subject")} htmlFor="subject" error={errors.subject?.message}>
        <Input
          id="subject"
          aria-invalid={!!errors.subject}
          placeholder={t("form.subjectPlaceholder")}
          {...register("subject")}
        />
      </Field>
      <Field label={t("fields.format")} error={errors.format?.message}>
        <Controller
          control={control}
          name="format"
          render={({ field }) => (
            <RadioGroup
              value={field.value}
              onValueChange={field.onChange}
              className="flex flex-wrap gap-x-6 gap-y-2"
            >
              {(["text", "html", "mjml"] as const).map((f) => (
                <div key={f} className="flex items-center gap-x-2">
                  <RadioGroup.Item value={f} id={`format-${f}`} />
                  <Label htmlFor={`format-${f}`} size="small">
                    {t(`format.${f}`)}
                  </Label>
                </div>
              ))}
            </RadioGroup>
          )}
        />
      </Field>
      <Controller
        control={control}
        name="body"
        render={({ field, fieldState }) => (
          <Field label={t("fields.body")} htmlFor="body" error={fieldState.error?.message}>
            <BodyEditor
              ref={editor}
              id="body"
              value={field.value}
              format={format}
              tags={tags}
              invalid={!!fieldState.error}
              onChange={field.onChange}
            />
          </Field>
        )}
      />
    </Container>
  )
}
