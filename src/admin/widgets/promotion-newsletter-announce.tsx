import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { EnvelopeSolid } from "@medusajs/icons"
import type { AdminPromotion, DetailWidgetProps } from "@medusajs/framework/types"
import { Button, Container, Heading, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"

/**
 * このクーポンをメルマガで告知 (S9): opens 記事作成 with this promotion, mode claim_link and a body
 * that already holds <#クーポンURL>.
 */
const PromotionNewsletterAnnounceWidget = ({ data: promotion }: DetailWidgetProps<AdminPromotion>) => {
  const { t } = useTranslation("newsletter")
  const params = new URLSearchParams({ promotion_id: promotion.id, coupon_mode: "claim_link" })
  return (
    <Container className="flex flex-col gap-y-3 px-6 py-4" data-testid="newsletter-announce-widget">
      <div>
        <Heading level="h2">{t("announce.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t("announce.description")}
        </Text>
      </div>
      <Button size="small" variant="secondary" className="self-start" asChild>
        <Link to={`/newsletters/create?${params.toString()}`}>
          <EnvelopeSolid />
          {t("announce.button")}
        </Link>
      </Button>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "promotion.details.side.after",
  id: "newsletter-promotion-announce",
})

export default PromotionNewsletterAnnounceWidget
