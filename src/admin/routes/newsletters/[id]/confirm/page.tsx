import { Container, Text } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { useParams } from "react-router-dom"
import { Crumb } from "../../../../components/common"
import { useStoreTimezone } from "../../../../hooks/api/newsletter-settings"
import { useAudiencePreview, useNewsletter, useNewsletterPreview } from "../../../../hooks/api/newsletters"
import { errorMessage } from "../../../../lib/errors"
import { ArticleSummary } from "../../common/components/article-summary"
import { ConfirmAudienceSection } from "./components/confirm-audience-section"
import { MailPreviewSection } from "./components/mail-preview-section"
import { ReserveSection } from "./components/reserve-section"
import { TestSendSection } from "./components/test-send-section"

/**
 * メール配信記事確認 (S7, S8): the rendered mail, test send, the target list as CSV, and 予約,
 * which fixes the recipients as the customer list stands now and returns to the list.
 */
const NewsletterConfirmPage = () => {
  const { t } = useTranslation("newsletter")
  const { id } = useParams()
  const timeZone = useStoreTimezone()
  const { data: newsletter, isLoading, error } = useNewsletter(id)
  const [previewCustomer, setPreviewCustomer] = useState<string | null>(null)
  const preview = useNewsletterPreview(newsletter, previewCustomer)
  const audience = useAudiencePreview(newsletter?.audience ?? {}, !!newsletter)

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
      <ReserveSection newsletter={newsletter} count={audience.data?.count} />
      <div className="flex flex-col gap-x-4 gap-y-3 xl:flex-row xl:items-start">
        <div className="flex w-full min-w-0 flex-col gap-y-3">
          <MailPreviewSection
            preview={preview.data}
            isLoading={preview.isLoading}
            error={preview.error}
            recipients={audience.data?.sample}
            customerId={previewCustomer}
            onCustomerChange={setPreviewCustomer}
          />
        </div>
        <div className="flex w-full flex-col gap-y-3 xl:max-w-[440px]">
          <ArticleSummary newsletter={newsletter} timeZone={timeZone} confirm />
          <ConfirmAudienceSection newsletter={newsletter} />
          <TestSendSection newsletterId={newsletter.id} />
        </div>
      </div>
    </div>
  )
}

export const handle = { breadcrumb: () => <Crumb k="confirm.title" /> }

export default NewsletterConfirmPage
