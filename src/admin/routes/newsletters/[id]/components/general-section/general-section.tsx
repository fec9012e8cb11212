import { PencilSquare, SquareTwoStack, XCircle } from "@medusajs/icons"
import { Button, Container, Heading, InlineTip } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import { NewsletterStatusBadge } from "../../../../../components/common"
import { useStoreTimezone } from "../../../../../hooks/api/newsletter-settings"
import type { Newsletter } from "../../../../../lib/api"
import { articleReason } from "../../../../../lib/reasons"
import { EDITABLE, needsAttention } from "../../../../../lib/status"
import { useNewsletterActions } from "../../../common/hooks/use-newsletter-actions"

/** The article's subject and status with its actions (キャンセル, 編集, 複製, 確認), and why it stopped or waits. */
export const GeneralSection = ({ newsletter }: { newsletter: Newsletter }) => {
  const { t, i18n } = useTranslation("newsletter")
  const timeZone = useStoreTimezone()
  const { onCancel, onDuplicate, cancelling, duplicating } = useNewsletterActions()

  return (
    <>
      <Container className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div className="flex min-w-0 items-center gap-x-3">
          <Heading className="truncate">{newsletter.subject}</Heading>
          <NewsletterStatusBadge status={newsletter.status} attention={needsAttention(newsletter)} />
        </div>
        <div className="flex items-center gap-x-2">
          {newsletter.status === "scheduled" && (
            <Button size="small" variant="secondary" onClick={() => onCancel(newsletter)} isLoading={cancelling}>
              <XCircle />
              {t("list.actions.cancel")}
            </Button>
          )}
          {EDITABLE.includes(newsletter.status) && (
            <Button size="small" variant="secondary" asChild>
              <Link to={`/newsletters/${newsletter.id}/edit`}>
                <PencilSquare />
                {t("list.actions.edit")}
              </Link>
            </Button>
          )}
          <Button size="small" variant="secondary" onClick={() => onDuplicate(newsletter)} isLoading={duplicating}>
            <SquareTwoStack />
            {t("list.actions.duplicate")}
          </Button>
          <Button size="small" variant={newsletter.status === "draft" ? "primary" : "secondary"} asChild>
            <Link to={`/newsletters/${newsletter.id}/confirm`}>{t("detail.openConfirm")}</Link>
          </Button>
        </div>
      </Container>
      {newsletter.status_reason_code && (
        <InlineTip label={t("detail.reason")} variant={newsletter.status === "stopped" || newsletter.status === "failed" ? "error" : "info"}>
          <span data-testid="status-reason">{articleReason(t, newsletter, timeZone, i18n.language)}</span>
        </InlineTip>
      )}
    </>
  )
}
