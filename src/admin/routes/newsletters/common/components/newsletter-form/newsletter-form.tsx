import { Button, Container, Heading, InlineTip, toast } from "@medusajs/ui"
import { useRef, useState } from "react"
import { FormProvider, type Resolver, useForm } from "react-hook-form"
import { useTranslation } from "react-i18next"
import { Link, useLocation, useNavigate } from "react-router-dom"
import { EDITABLE_NEWSLETTER_FIELDS } from "../../../../../../lib/newsletter-article"
import { NewsletterStatusBadge } from "../../../../../components/common"
import type { BodyEditorHandle } from "../../../../../components/body-editor"
import { useNewsletterSettings } from "../../../../../hooks/api/newsletter-settings"
import { useCreateNewsletter, useUpdateNewsletter } from "../../../../../hooks/api/newsletters"
import type { Newsletter, NewsletterPayload } from "../../../../../lib/api"
import { type ArticleFormValues, checkArticle } from "../../../../../lib/article-form"
import { fromAudience } from "../../../../../lib/audience"
import { toLocalInput } from "../../../../../lib/time"
import { useApiError } from "../../../../../lib/use-api-error"
import { AudienceSection } from "./audience-section"
import { CategorySection } from "./category-section"
import { ContentSection } from "./content-section"
import { CouponSection } from "./coupon-section"
import { earliest } from "./earliest"

export type NewsletterFormInitial = Partial<
  Pick<Newsletter, "subject" | "body" | "format" | "scheduled_at" | "category_id" | "audience" | "promotion_id" | "coupon_mode">
>

type FieldName = (typeof EDITABLE_NEWSLETTER_FIELDS)[number]

/**
 * The article form of 記事作成 and of editing (S1–S4, S6, S9): send time, subject, format, body
 * with tags and images, category, coupon and the detailed search. "下書き保存" saves; "確認" saves
 * and opens the confirm page. Checked before sending with the server's own schema for the fields
 * they share (lib/newsletter-article.ts); the API's problems land on the same fields.
 */
export const NewsletterForm = ({
  newsletter,
  initial,
}: {
  newsletter?: Newsletter
  initial?: NewsletterFormInitial
}) => {
  const { t } = useTranslation("newsletter")
  const navigate = useNavigate()
  // A copy (複製) arrives with a provisional send time the owner must confirm.
  const copied = !!(useLocation().state as { copied?: boolean } | null)?.copied
  const { data: settings } = useNewsletterSettings()
  const timeZone = settings?.timezone ?? "Asia/Tokyo"
  const lead = settings?.min_lead_minutes ?? 3
  const apiError = useApiError()
  const editor = useRef<BodyEditorHandle>(null)
  const create = useCreateNewsletter()
  const update = useUpdateNewsletter(newsletter?.id ?? "")
  // Problems that belong to no field of the form (e.g. a conflict with the article's status).
  const [general, setGeneral] = useState<string[]>([])
  // Which button is at work: only it spins, the other waits.
  const [busy, setBusy] = useState<"stay" | "confirm" | null>(null)

  const resolver: Resolver<ArticleFormValues, unknown, NewsletterPayload> = async (values) => {
    const { payload, problems, schedule } = checkArticle(values, {
      timeZone,
      lead,
      create: !newsletter,
      now: Date.now(),
    })
    const rendered = problems.length
      ? apiError.render({ status: 400, body: { errors: problems } }, EDITABLE_NEWSLETTER_FIELDS)
      : { fields: {} as Record<string, string>, general: [] as string[] }
    const messages: Record<string, string> = { ...rendered.fields }
    if (schedule) {
      messages.scheduled_at =
        schedule.kind === "leadTime"
          ? t("form.errors.leadTime", { minutes: schedule.minutes })
          : t("form.errors.invalidDate")
    }
    if (rendered.general.length) {
      messages.root = rendered.general.join(" ")
    }
    if (!Object.keys(messages).length) {
      return { values: payload, errors: {} }
    }
    return {
      values: {},
      errors: Object.fromEntries(
        Object.entries(messages).map(([name, message]) => [name, { type: "validate", message }])
      ),
    }
  }

  const source = newsletter ?? initial ?? {}
  const form = useForm<ArticleFormValues, unknown, NewsletterPayload>({
    defaultValues: {
      scheduled_at: toLocalInput(source.scheduled_at ?? earliest(lead, 60), timeZone),
      subject: source.subject ?? "",
      format: source.format ?? "text",
      body: source.body ?? "",
      category_id: source.category_id ?? null,
      promotion_id: source.promotion_id ?? null,
      coupon_mode: source.coupon_mode ?? "none",
      audience: fromAudience(source.audience, timeZone),
    },
    resolver,
  })

  const save = (then: "stay" | "confirm") =>
    form.handleSubmit(async (payload) => {
      setBusy(then)
      try {
        const { newsletter: saved } = newsletter
          ? await update.mutateAsync(payload)
          : await create.mutateAsync(payload)
        setGeneral([])
        if (then === "confirm") {
          navigate(`/newsletters/${saved.id}/confirm`)
        } else {
          toast.success(t("form.saved"))
          if (!newsletter) {
            navigate(`/newsletters/${saved.id}/edit`, { replace: true })
          }
        }
      } catch (error) {
        const rendered = apiError.render(error, EDITABLE_NEWSLETTER_FIELDS)
        for (const [field, message] of Object.entries(rendered.fields)) {
          form.setError(field as FieldName, { type: "server", message })
        }
        setGeneral(rendered.general)
        if (!Object.keys(rendered.fields).length) {
          toast.error(t("form.saveFailed"), { description: rendered.general.join(" ") })
        }
      } finally {
        setBusy(null)
      }
    })

  const rootError = form.formState.errors.root?.message
  const generalErrors = rootError ? [rootError, ...general] : general

  return (
    <FormProvider {...form}>
      <form className="flex flex-col gap-y-3" onSubmit={save("confirm")} noValidate>
        <Container className="flex items-center justify-between gap-x-4 px-6 py-4">
          <div className="flex items-center gap-x-3">
            <Heading>{newsletter ? t("form.editTitle") : t("form.createTitle")}</Heading>
            {newsletter && <NewsletterStatusBadge status={newsletter.status} />}
          </div>
          <div className="flex items-center gap-x-2">
            <Button size="small" variant="transparent" asChild>
              <Link to={newsletter ? `/newsletters/${newsletter.id}` : "/newsletters"}>{t("general.cancel")}</Link>
            </Button>
            <Button
              size="small"
              variant="secondary"
              type="button"
              isLoading={busy === "stay"}
              disabled={busy !== null}
              onClick={save("stay")}
            >
              {t("form.saveDraft")}
            </Button>
            <Button size="small" type="submit" isLoading={busy === "confirm"} disabled={busy !== null}>
              {t("form.confirm")}
            </Button>
          </div>
        </Container>

        {newsletter?.status === "scheduled" && (
          <InlineTip label={t("general.note")} variant="warning">
            {t("form.scheduledNote")}
          </InlineTip>
        )}
        {copied && (
          <InlineTip label={t("general.note")} variant="warning" data-testid="copied-note">
            {t("form.copiedNote")}
          </InlineTip>
        )}
        {generalErrors.length > 0 && (
          <InlineTip label={t("general.error")} variant="error" data-testid="form-error">
            {generalErrors.join(" / ")}
          </InlineTip>
        )}

        <div className="flex flex-col gap-x-4 gap-y-3 xl:flex-row xl:items-start">
          <ContentSection editor={editor} timeZone={timeZone} lead={lead} tags={settings?.tags} autoFocusTime={copied} />
          <div className="flex w-full flex-col gap-y-3 xl:max-w-[440px]">
            <CategorySection />
            <CouponSection editor={editor} />
            <AudienceSection timeZone={timeZone} />
          </div>
        </div>
      </form>
    </FormProvider>
  )
}
