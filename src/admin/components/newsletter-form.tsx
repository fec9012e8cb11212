import {
  Button,
  Container,
  Heading,
  InlineTip,
  Input,
  RadioGroup,
  Label,
  Select,
  Text,
  toast,
} from "@medusajs/ui"
import { useMemo, useRef, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link, useLocation, useNavigate } from "react-router-dom"
import {
  CouponMode,
  Newsletter,
  NewsletterFormat,
  NewsletterPayload,
  useCreateNewsletter,
  useNewsletterCategories,
  useNewsletterSettings,
  useUpdateNewsletter,
} from "../lib/api"
import { Condition, fromAudience, toAudience } from "../lib/audience"
import { FieldErrors } from "../lib/errors"
import { useApiError } from "../lib/use-api-error"
import { describeZone, fromLocalInput, toLocalInput } from "../lib/time"
import { AudienceBuilder } from "./audience-builder"
import { BodyEditor, BodyEditorHandle } from "./body-editor"
import { Field, NewsletterStatusBadge } from "./common"
import { PromotionPicker } from "./promotion-picker"

const FIELDS = [
  "subject",
  "body",
  "format",
  "scheduled_at",
  "category_id",
  "audience",
  "promotion_id",
  "coupon_mode",
] as const

const COUPON_URL_TAG = "<#クーポンURL>"
const NO_CATEGORY = "__none"

export type NewsletterFormInitial = Partial<
  Pick<Newsletter, "subject" | "body" | "format" | "scheduled_at" | "category_id" | "audience" | "promotion_id" | "coupon_mode">
>

/** The first minute that is at least `lead` minutes ahead, plus `extra` minutes. */
const earliest = (lead: number, extra = 0) => {
  const d = new Date(Date.now() + (lead + extra) * 60_000)
  d.setSeconds(0, 0)
  d.setMinutes(d.getMinutes() + 1)
  return d
}

/**
 * The article form of 記事作成 and of editing (S1–S4, S6, S9): send time, subject, format, body
 * with tags and images, category, coupon and the detailed search. "下書き保存" saves; "確認" saves
 * and opens the confirm page.
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
  const { data: categories } = useNewsletterCategories()
  const source = newsletter ?? initial ?? {}

  const [scheduledLocal, setScheduledLocal] = useState(() =>
    toLocalInput(source.scheduled_at ?? earliest(lead, 60), timeZone)
  )
  const [subject, setSubject] = useState(source.subject ?? "")
  const [format, setFormat] = useState<NewsletterFormat>(source.format ?? "text")
  const [body, setBody] = useState(source.body ?? "")
  const [categoryId, setCategoryId] = useState<string | null>(source.category_id ?? null)
  const [promotionId, setPromotionId] = useState<string | null>(source.promotion_id ?? null)
  const [couponMode, setCouponMode] = useState<CouponMode>(source.coupon_mode ?? "none")
  const [conditions, setConditions] = useState<Condition[]>(() =>
    fromAudience(source.audience, timeZone)
  )
  const [errors, setErrors] = useState<FieldErrors>({ fields: {}, general: [] })
  const apiError = useApiError()
  const editor = useRef<BodyEditorHandle>(null)

  const create = useCreateNewsletter()
  const update = useUpdateNewsletter(newsletter?.id ?? "")
  // Which button is at work: only it spins, the other waits.
  const [busy, setBusy] = useState<"stay" | "confirm" | null>(null)

  const clearError = (field: string) =>
    setErrors((e) => {
      if (!e.fields[field]) return e
      const fields = { ...e.fields }
      delete fields[field]
      return { ...e, fields }
    })

  const audience = useMemo(() => toAudience(conditions, timeZone), [conditions, timeZone])

  const checkLeadTime = (): string | undefined => {
    if (!scheduledLocal) return undefined // the API says it is required
    const iso = fromLocalInput(scheduledLocal, timeZone)
    if (!iso) return t("form.errors.invalidDate")
    if (new Date(iso).getTime() < Date.now() + lead * 60_000) {
      return t("form.errors.leadTime", { minutes: lead })
    }
    return undefined
  }

  const submit = async (then: "stay" | "confirm") => {
    const leadError = checkLeadTime()
    if (leadError) {
      setErrors({ fields: { scheduled_at: leadError }, general: [] })
      return
    }
    const payload: NewsletterPayload = {
      subject,
      body,
      format,
      category_id: categoryId,
      audience,
      promotion_id: promotionId,
      coupon_mode: promotionId ? couponMode : "none",
    }
    const scheduledAt = scheduledLocal ? fromLocalInput(scheduledLocal, timeZone) : null
    // A missing send time is left out so that the API names it as required.
    if (scheduledAt) payload.scheduled_at = scheduledAt
    if (!newsletter) {
      // On create an empty field is sent as missing, for the API's "is required".
      if (!subject.trim()) delete payload.subject
      if (!body) delete payload.body
    }
    setBusy(then)
    try {
      const { newsletter: saved } = newsletter
        ? await update.mutateAsync(payload)
        : await create.mutateAsync(payload)
      setErrors({ fields: {}, general: [] })
      if (then === "confirm") {
        navigate(`/newsletters/${saved.id}/confirm`)
      } else {
        toast.success(t("form.saved"))
        if (!newsletter) {
          navigate(`/newsletters/${saved.id}/edit`, { replace: true })
        }
      }
    } catch (error) {
      const rendered = apiError.render(error, FIELDS)
      setErrors(rendered)
      if (!Object.keys(rendered.fields).length) {
        toast.error(t("form.saveFailed"), { description: rendered.general.join(" ") })
      }
    } finally {
      setBusy(null)
    }
  }

  const needsCouponUrl = !!promotionId && couponMode === "claim_link" && !body.includes(COUPON_URL_TAG)
  const couponMismatch = errors.fields.coupon_mode ?? errors.fields.promotion_id

  return (
    <form
      className="flex flex-col gap-y-3"
      onSubmit={(e) => {
        e.preventDefault()
        submit("confirm")
      }}
      noValidate
    >
      <Container className="flex items-center justify-between gap-x-4 px-6 py-4">
        <div className="flex items-center gap-x-3">
          <Heading>{newsletter ? t("form.editTitle") : t("form.createTitle")}</Heading>
          {newsletter && <NewsletterStatusBadge status={newsletter.status} />}
        </div>
        <div className="flex items-center gap-x-2">
          <Button size="small" variant="transparent" asChild>
            <Link to={newsletter ? `/newsletters/${newsletter.id}` : "/newsletters"}>
              {t("general.cancel")}
            </Link>
          </Button>
          <Button
            size="small"
            variant="secondary"
            type="button"
            isLoading={busy === "stay"}
            disabled={busy !== null}
            onClick={() => submit("stay")}
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
      {errors.general.length > 0 && (
        <InlineTip label={t("general.error")} variant="error" data-testid="form-error">
          {errors.general.join(" / ")}
        </InlineTip>
      )}

      <div className="flex flex-col gap-x-4 gap-y-3 xl:flex-row xl:items-start">
        <Container className="flex w-full min-w-0 flex-col gap-y-6 px-6 py-4">
          <Heading level="h2">{t("form.content")}</Heading>
          <Field
            label={t("fields.scheduled_at")}
            htmlFor="scheduled_at"
            hint={t("form.scheduledHint", { zone: describeZone(timeZone), minutes: lead })}
            error={errors.fields.scheduled_at}
          >
            <Input
              id="scheduled_at"
              type="datetime-local"
              className="max-w-xs"
              value={scheduledLocal}
              min={toLocalInput(earliest(lead), timeZone)}
              autoFocus={copied}
              aria-invalid={!!errors.fields.scheduled_at}
              onChange={(e) => {
                setScheduledLocal(e.target.value)
                clearError("scheduled_at")
              }}
            />
          </Field>
          <Field label={t("fields.subject")} htmlFor="subject" error={errors.fields.subject}>
            <Input
              id="subject"
              value={subject}
              aria-invalid={!!errors.fields.subject}
              placeholder={t("form.subjectPlaceholder")}
              onChange={(e) => {
                setSubject(e.target.value)
                clearError("subject")
              }}
            />
          </Field>
          <Field label={t("fields.format")} error={errors.fields.format}>
            <RadioGroup
              value={format}
              onValueChange={(v) => {
                setFormat(v as NewsletterFormat)
                clearError("format")
              }}
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
          </Field>
          <Field label={t("fields.body")} htmlFor="body" error={errors.fields.body}>
            <BodyEditor
              ref={editor}
              id="body"
              value={body}
              format={format}
              tags={settings?.tags}
              invalid={!!errors.fields.body}
              onChange={(v) => {
                setBody(v)
                clearError("body")
              }}
            />
          </Field>
        </Container>

        <div className="flex w-full flex-col gap-y-3 xl:max-w-[440px]">
          <Container className="flex flex-col gap-y-4 px-6 py-4">
            <Heading level="h2">{t("fields.category_id")}</Heading>
            <Field
              htmlFor="category_id"
              hint={t("form.categoryHint")}
              error={errors.fields.category_id}
            >
              <Select
                value={categoryId ?? NO_CATEGORY}
                onValueChange={(v) => {
                  setCategoryId(v === NO_CATEGORY ? null : v)
                  clearError("category_id")
                }}
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
          </Container>

          <Container className="flex flex-col gap-y-4 px-6 py-4" data-testid="coupon-section">
            <Heading level="h2">{t("coupon.title")}</Heading>
            <Field
              label={t("coupon.promotion")}
              htmlFor="promotion"
              optional
              error={couponMismatch}
            >
              <PromotionPicker
                id="promotion"
                value={promotionId}
                onChange={(id) => {
                  setPromotionId(id)
                  if (id && couponMode === "none") setCouponMode("code")
                  if (!id) setCouponMode("none")
                  clearError("promotion_id")
                  clearError("coupon_mode")
                }}
              />
            </Field>
            {promotionId && (
              <Field label={t("coupon.mode")}>
                <RadioGroup
                  value={couponMode}
                  onValueChange={(v) => setCouponMode(v as CouponMode)}
                  className="flex flex-col gap-y-2"
                >
                  {(["code", "claim_link"] as const).map((m) => (
                    <div key={m} className="flex items-start gap-x-2">
                      <RadioGroup.Item value={m} id={`coupon-${m}`} className="mt-0.5" />
                      <div>
                        <Label htmlFor={`coupon-${m}`} size="small" weight="plus">
                          {t(`coupon.modes.${m}`)}
                        </Label>
                        <Text size="xsmall" className="text-ui-fg-subtle">
                          {t(`coupon.modeHints.${m}`)}
                        </Text>
                      </div>
                    </div>
                  ))}
                </RadioGroup>
              </Field>
            )}
            {needsCouponUrl && (
              <InlineTip label={t("general.note")} variant="warning">
                <div className="flex flex-col items-start gap-y-2">
                  <span>{t("coupon.needsUrlTag")}</span>
                  <Button
                    size="small"
                    variant="secondary"
                    type="button"
                    onClick={() => editor.current?.insert(COUPON_URL_TAG)}
                  >
                    {t("coupon.insertUrlTag")}
                  </Button>
                </div>
              </InlineTip>
            )}
          </Container>

          <Container className="flex flex-col gap-y-4 px-6 py-4">
            <Heading level="h2">{t("fields.audience")}</Heading>
            <AudienceBuilder
              conditions={conditions}
              onChange={(c) => {
                setConditions(c)
                clearError("audience")
              }}
              timeZone={timeZone}
              error={errors.fields.audience}
            />
          </Container>
        </div>
      </div>
    </form>
  )
}
