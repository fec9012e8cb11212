import { Alert, clx } from "@medusajs/ui"
import type { TFunction } from "i18next"
import { useTranslation } from "react-i18next"
import type { DeliveryWarning } from "../../api/admin/newsletter-settings/types"
import { useNewsletterSettings, useStoreTimezone } from "../hooks/api/newsletter-settings"
import { formatDateTime } from "../lib/time"

/**
 * A delivery warning in the admin's language, from its code and params (`deliveryWarnings.<code>`
 * of the dictionaries); times in the store's time zone.
 */
export function deliveryWarningText(
  t: TFunction,
  warning: DeliveryWarning,
  timeZone: string,
  language: string
): string {
  const { last_received_at, ...params } = warning.params
  if (warning.code === "webhooks_missing" && !last_received_at) {
    return t("deliveryWarnings.webhooks_missing_never", params)
  }
  return t(`deliveryWarnings.${warning.code}`, {
    ...params,
    last: last_received_at ? formatDateTime(String(last_received_at), timeZone, language) : "",
  })
}

/**
 * What the store owner should act on before relying on the newsletters (mail written to files,
 * delivery reports refused or not arriving), from GET /admin/newsletter-settings; nothing at all
 * when all is well.
 */
export const DeliveryWarnings = ({ className }: { className?: string }) => {
  const { t, i18n } = useTranslation("newsletter")
  const timeZone = useStoreTimezone()
  const warnings = useNewsletterSettings().data?.warnings ?? []
  if (!warnings.length) {
    return null
  }
  return (
    <div className={clx("flex flex-col gap-y-2", className)} data-testid="delivery-warnings">
      {warnings.map((warning) => (
        <Alert key={warning.code} variant="warning">
          {deliveryWarningText(t, warning, timeZone, i18n.language)}
        </Alert>
      ))}
    </div>
  )
}
