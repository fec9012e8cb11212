import { Container, Heading, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { AudienceCount } from "../../../../../../components/audience-builder"
import { CsvButton } from "../../../../../../components/csv-button"
import type { Newsletter } from "../../../../../../lib/api"

/** 配信対象: how many a draft's detailed search selects now, or a reserved article's recipients; and the CSV. */
export const ConfirmAudienceSection = ({ newsletter }: { newsletter: Newsletter }) => {
  const { t } = useTranslation("newsletter")
  const isDraft = newsletter.status === "draft"
  return (
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
  )
}
