import { Container, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { useSearchParams } from "react-router-dom"
import { Crumb } from "../../../components/common"
import { NewsletterForm, type NewsletterFormInitial } from "../common/components/newsletter-form"
import { CouponMode } from "../../../lib/api"
import { useNewsletterSettings } from "../../../hooks/api/newsletter-settings"
import { usePromotion } from "../../../hooks/api/promotions"

/**
 * 記事作成. `?promotion_id=…&coupon_mode=claim_link` (from the promotion widget) starts an
 * announcement of that coupon whose body already holds <#クーポンURL>.
 */
const NewsletterCreatePage = () => {
  const { t } = useTranslation("newsletter")
  const [params] = useSearchParams()
  const settings = useNewsletterSettings()
  const promotionId = params.get("promotion_id")
  const mode = (params.get("coupon_mode") as CouponMode | null) ?? (promotionId ? "claim_link" : null)
  const promotion = usePromotion(promotionId)

  if (settings.isLoading || (promotionId && promotion.isLoading)) {
    return (
      <Container className="px-6 py-4">
        <Text size="small">{t("general.loading")}</Text>
      </Container>
    )
  }

  let initial: NewsletterFormInitial | undefined
  if (promotionId) {
    const code = promotion.data?.code ?? ""
    initial = {
      promotion_id: promotionId,
      coupon_mode: mode ?? "claim_link",
      subject: t("announce.subject", { code }),
      body:
        mode === "code"
          ? t("announce.bodyCode", { code })
          : t("announce.bodyClaimLink", { code }),
      format: "text",
    }
  }
  return <NewsletterForm key={promotionId ?? "new"} initial={initial} />
}

export const handle = { breadcrumb: () => <Crumb k="form.createTitle" /> }

export default NewsletterCreatePage
