import { Container, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { useParams } from "react-router-dom"
import { NewsletterCrumb } from "../../../components/common"
import { useStoreTimezone } from "../../../hooks/api/newsletter-settings"
import { useNewsletterResults } from "../../../hooks/api/newsletters"
import { errorMessage } from "../../../lib/errors"
import { needsAttention } from "../../../lib/status"
import { AttentionSection } from "./components/attention-section"
import { CountsSection } from "./components/counts-section"
import { GeneralSection } from "./components/general-section"
import { HistorySection } from "./components/history-section"
import { RecipientsSection } from "./components/recipients-section"
import { LinksSection } from "./components/links-section"
import { UnsubscribeReasonsSection } from "./components/unsubscribe-reasons-section"
import { ArticleSummary } from "../common/components/article-summary"

/** An article's detail: counts, status history, recipients and CSV. */
const NewsletterDetailPage = () => {
  const { t } = useTranslation("newsletter")
  const { id } = useParams()
  const timeZone = useStoreTimezone()
  const { data: newsletter, isLoading, error } = useNewsletterResults(id)

  if (isLoading || !newsletter) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className={error ? "text-ui-fg-error" : undefined}>
          {error ? errorMessage(error) : t("general.loading")}
        </Text>
      </Container>
    )
  }

  return (
    <div className="flex flex-col gap-y-3">
      <GeneralSection newsletter={newsletter} />
      <div className="flex flex-col gap-x-4 gap-y-3 xl:flex-row xl:items-start">
        <div className="flex w-full min-w-0 flex-col gap-y-3">
          {needsAttention(newsletter) && <AttentionSection newsletter={newsletter} />}
          <CountsSection newsletter={newsletter} />
          {newsletter.started_at && <LinksSection newsletter={newsletter} />}
          {newsletter.started_at && <UnsubscribeReasonsSection newsletter={newsletter} />}
          <RecipientsSection newsletter={newsletter} />
        </div>
        <div className="flex w-full flex-col gap-y-3 xl:max-w-[440px]">
          <ArticleSummary newsletter={newsletter} timeZone={timeZone} />
          <HistorySection newsletter={newsletter} timeZone={timeZone} />
        </div>
      </div>
    </div>
  )
}

export const handle = {
  breadcrumb: (match: { params: Record<string, string | undefined> }) => (
    <NewsletterCrumb id={match.params.id} />
  ),
}

export default NewsletterDetailPage
