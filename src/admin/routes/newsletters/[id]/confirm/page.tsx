import { Button, Container, Heading, InlineTip, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { Link, useNavigate, useParams } from "react-router-dom"
import { AudienceCount } from "../../../../components/audience-builder"
import { Crumb, DetailRow, NewsletterStatusBadge } from "../../../../components/common"
import { CsvButton } from "../../../../components/csv-button"
import { MailPreview } from "../../../../components/mail-preview"
import { TestSend } from "../../../../components/test-send"
import {
  useAudiencePreview,
  useNewsletter,
  useNewsletterAction,
  useNewsletterPreview,
  useStoreTimezone,
} from "../../../../lib/api"
import { errorMessage } from "../../../../lib/errors"
import { formatDateTime } from "../../../../lib/time"

/**
 * メール配信記事確認 (S7, S8): the rendered mail, test send, the target list as CSV, and 予約,
 * which fixes the recipients as the customer list stands now and returns to the list.
 */
const NewsletterConfirmPage = () => {
  const { t, i18n } = useTranslation("newsletter")
  const { id } = useParams()
  const navigate = useNavigate()
  const prompt = usePrompt()
  const timeZone = useStoreTimezone()
  const { data: newsletter, isLoading, error } = useNewsletter(id)
  const [previewCustomer, setPreviewCustomer] = useState<string | null>(null)
  const preview = useNewsletterPreview(newsletter, previewCustomer)
  const isDraft = newsletter?.status === "draft"
  const audience = useAudiencePreview(newsletter?.audience ?? {}, !!newsletter)
  const schedule = useNewsletterAction("schedule")

  if (isLoading || !newsletter) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className={error ? "text-ui-fg-error" : undefined}>
          {error ? errorMessage(error) : t("general.loading")}
        </Text>
      </Container>
    )
  }

  const reserve = async () => {
    const count = audience.data?.count
    const confirmed = await prompt({
      title: t("confirm.reservePrompt.title"),
      description:
        count !== undefined
          ? t("confirm.reservePrompt.descriptionCount", {
              at: formatDateTime(newsletter.scheduled_at, timeZone, i18n.language),
              count,
            })
          : t("confirm.reservePrompt.description", {
              at: formatDateTime(newsletter.scheduled_at, timeZone, i18n.language),
            }),
      confirmText: t("confirm.reserve"),
      cancelText: t("general.back"),
      variant: "confirmation",
    })
    if (!confirmed) return
    try {
      const result = await schedule.mutateAsync(newsletter.id)
      toast.success(t("confirm.reserved"), {
        description: t("confirm.reservedDescription", {
          subject: newsletter.subject,
          count: result.recipient_count ?? result.newsletter.total_count,
          at: formatDateTime(newsletter.scheduled_at, timeZone, i18n.language),
        }),
      })
      navigate("/newsletters")
    } catch (e) {
      toast.error(t("confirm.reserveFailed"), { description: errorMessage(e) })
    }
  }

  const coupon = newsletter.promotion_id
    ? `${newsletter.promotion?.code ?? newsletter.promotion_id} (${t(`coupon.modes.${newsletter.coupon_mode}`)})`
    : t("coupon.noneSelected")

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div className="flex items-center gap-x-3">
          <Heading>{t("confirm.title")}</Heading>
          <NewsletterStatusBadge status={newsletter.status} />
        </div>
        <div className="flex items-center gap-x-2">
          {(isDraft || newsletter.status === "scheduled") && (
            <Button size="small" variant="secondary" asChild>
              <Link to={`/newsletters/${newsletter.id}/edit`}>{t("confirm.backToEdit")}</Link>
            </Button>
          )}
          <Button
            size="small"
            onClick={reserve}
            disabled={!isDraft}
            isLoading={schedule.isPending}
            data-testid="reserve"
          >
            {newsletter.status === "scheduled" ? t("confirm.alreadyReserved") : t("confirm.reserve")}
          </Button>
        </div>
      </Container>
      {isDraft && (
        <InlineTip label={t("general.note")} variant="info">
          {t("confirm.snapshotNote")}
        </InlineTip>
      )}

      <div className="flex flex-col gap-x-4 gap-y-3 xl:flex-row xl:items-start">
        <div className="flex w-full min-w-0 flex-col gap-y-3">
          <MailPreview
            preview={preview.data}
            isLoading={preview.isLoading}
            error={preview.error}
            recipients={audience.data?.sample}
            customerId={previewCustomer}
            onCustomerChange={setPreviewCustomer}
          />
        </div>
        <div className="flex w-full flex-col gap-y-3 xl:max-w-[440px]">
          <Container className="divide-y p-0">
            <div className="px-6 py-4">
              <Heading level="h2">{t("confirm.summary")}</Heading>
            </div>
            <DetailRow
              label={t("fields.scheduled_at")}
              value={`${formatDateTime(newsletter.scheduled_at, timeZone, i18n.language)} (${timeZone})`}
            />
            <DetailRow label={t("fields.subject")} value={newsletter.subject} />
            <DetailRow label={t("fields.format")} value={t(`format.${newsletter.format}`)} />
            <DetailRow label={t("fields.category_id")} value={newsletter.category?.name ?? t("form.noCategory")} />
            <DetailRow label={t("coupon.title")} value={coupon} />
          </Container>
          <Container className="divide-y p-0">
            <div className="flex items-center justify-between gap-x-2 px-6 py-4">
              <Heading level="h2">{t("fields.audience")}</Heading>
              <CsvButton newsletterId={newsletter.id} />
            </div>
            <div className="px-6 py-4" data-testid="recipient-count">
              {isDraft ? (
                <AudienceCount audience={newsletter.audience ?? {}} />
              ) : (
                <Text size="small" weight="plus" data-count={newsletter.total_count}>
                  {t("audience.count", { count: newsletter.total_count })}
                </Text>
              )}
            </div>
          </Container>
          <TestSend newsletterId={newsletter.id} />
        </div>
      </div>
    </div>
  )
}

export const handle = { breadcrumb: () => <Crumb k="confirm.title" /> }

export default NewsletterConfirmPage
