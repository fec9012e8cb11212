import { Container, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { Navigate, useParams } from "react-router-dom"
import { Crumb } from "../../../../components/common"
import { NewsletterForm } from "../../common/components/newsletter-form"
import { useNewsletterSettings } from "../../../../hooks/api/newsletter-settings"
import { useNewsletter } from "../../../../hooks/api/newsletters"
import { EDITABLE } from "../../../../lib/status"
import { errorMessage } from "../../../../lib/errors"

/** Edits a draft or scheduled article; any other goes to its detail page. */
const NewsletterEditPage = () => {
  const { t } = useTranslation("newsletter")
  const { id } = useParams()
  const settings = useNewsletterSettings()
  const { data: newsletter, isLoading, error } = useNewsletter(id)

  if (isLoading || settings.isLoading) {
    return (
      <Container className="px-6 py-4">
        <Text size="small">{t("general.loading")}</Text>
      </Container>
    )
  }
  if (error || !newsletter) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className="text-ui-fg-error">
          {error ? errorMessage(error) : t("general.notFound")}
        </Text>
      </Container>
    )
  }
  if (!EDITABLE.includes(newsletter.status)) {
    return <Navigate to={`/newsletters/${newsletter.id}`} replace />
  }
  return <NewsletterForm key={newsletter.id} newsletter={newsletter} />
}

export const handle = { breadcrumb: () => <Crumb k="form.editTitle" /> }

export default NewsletterEditPage
