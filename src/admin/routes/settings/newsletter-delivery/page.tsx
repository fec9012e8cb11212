import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Badge, Container, Heading, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { useTranslation } from "react-i18next"
import { Crumb } from "../../../components/common"
import { DeliveryWarnings } from "../../../components/delivery-warnings"
import { useNewsletterSettings, useStoreTimezone } from "../../../hooks/api/newsletter-settings"
import { formatDateTime } from "../../../lib/time"

const Row = ({ label, children, testId }: { label: string; children: ReactNode; testId: string }) => (
  <div className="text-ui-fg-subtle grid grid-cols-2 items-center px-6 py-4" data-testid={testId}>
    <Text size="small" weight="plus" leading="compact">
      {label}
    </Text>
    <div className="txt-small">{children}</div>
  </div>
)

/**
 * 配信設定の状態: how newsletters go out (Resend, or files in the outbox folder), whether Resend's
 * delivery reports can arrive (the webhook secret) and when the latest signed one did, and what
 * to act on. Read from GET /admin/newsletter-settings.
 */
const NewsletterDeliverySettingsPage = () => {
  const { t, i18n } = useTranslation("newsletter")
  const timeZone = useStoreTimezone()
  const { data: settings, isLoading } = useNewsletterSettings()

  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading>{t("deliveryStatus.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t("deliveryStatus.description")}
        </Text>
      </div>
      {isLoading || !settings ? (
        <div className="px-6 py-4">
          <Text size="small">{t("general.loading")}</Text>
        </div>
      ) : (
        <>
          <Row label={t("deliveryStatus.transport")} testId="delivery-transport">
            {t(`deliveryStatus.transports.${settings.transport.name}`)}
          </Row>
          {settings.requests_per_second !== null && (
            <Row label={t("deliveryStatus.requestsPerSecond")} testId="delivery-rate">
              {t("deliveryStatus.perSecond", { count: settings.requests_per_second })}
            </Row>
          )}
          <Row label={t("deliveryStatus.webhookSecret")} testId="delivery-webhook-secret">
            <Badge size="2xsmall" color={settings.webhooks.secret_configured ? "green" : "orange"}>
              {settings.webhooks.secret_configured ? t("deliveryStatus.configured") : t("deliveryStatus.notConfigured")}
            </Badge>
          </Row>
          <Row label={t("deliveryStatus.lastWebhook")} testId="delivery-last-webhook">
            {settings.webhooks.last_received_at
              ? formatDateTime(settings.webhooks.last_received_at, timeZone, i18n.language)
              : t("deliveryStatus.noWebhook", { days: settings.webhooks.retention_days })}
          </Row>
          <div className="px-6 py-4">
            {settings.warnings.length ? (
              <DeliveryWarnings />
            ) : (
              <Text size="small" className="text-ui-fg-subtle" data-testid="delivery-all-good">
                {t("deliveryStatus.allGood")}
              </Text>
            )}
          </div>
        </>
      )}
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "nav.delivery",
  translationNs: "newsletter",
})

export const handle = { breadcrumb: () => <Crumb k="deliveryStatus.title" /> }

export default NewsletterDeliverySettingsPage
