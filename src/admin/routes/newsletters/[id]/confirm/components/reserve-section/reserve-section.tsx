import { Button, Container, Heading, InlineTip, toast, usePrompt } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { Link, useNavigate } from "react-router-dom"
import { NewsletterStatusBadge } from "../../../../../../components/common"
import { useStoreTimezone } from "../../../../../../hooks/api/newsletter-settings"
import { useNewsletterAction } from "../../../../../../hooks/api/newsletters"
import type { Newsletter } from "../../../../../../lib/api"
import { errorMessage } from "../../../../../../lib/errors"
import { formatDateTime } from "../../../../../../lib/time"

/**
 * The confirm page's header: back to editing, and 予約, which fixes the recipients as the
 * customer list stands now (`count`: what the detailed search selects now, if known) and returns to the list.
 */
export const ReserveSection = ({ newsletter, count }: { newsletter: Newsletter; count?: number }) => {
  const { t, i18n } = useTranslation("newsletter")
  const navigate = useNavigate()
  const prompt = usePrompt()
  const timeZone = useStoreTimezone()
  const schedule = useNewsletterAction("schedule")
  const isDraft = newsletter.status === "draft"

  const reserve = async () => {
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

  return (
    <>
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
    </>
  )
}
