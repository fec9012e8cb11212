import { Drawer } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import { DetailRow, QueryState, SubscriptionStatusBadge } from "../../../../components/common"
import { SubscriptionHistory } from "../../../../components/subscription-history"
import { useNewsletterSubscription } from "../../../../hooks/api/newsletter-subscriptions"
import { useStoreTimezone } from "../../../../hooks/api/newsletter-settings"
import { formatDateTime } from "../../../../lib/time"
import { customerName } from "./customer-name"

/** One subscriber's record and its whole history (the consent record), newest first. */
export const SubscriberDrawer = ({ id, onClose }: { id: string | null; onClose: () => void }) => {
  const { t, i18n } = useTranslation("newsletter")
  const timeZone = useStoreTimezone()
  const { data: subscription, isLoading, error } = useNewsletterSubscription(id)
  const at = (value: string | Date | null) => formatDateTime(value, timeZone, i18n.language)

  return (
    <Drawer open={!!id} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content data-testid="subscriber-drawer">
        <Drawer.Header>
          <Drawer.Title>{subscription?.email ?? t("subscribers.drawer.title")}</Drawer.Title>
          <Drawer.Description className="sr-only">{t("subscribers.drawer.title")}</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto p-0">
          <QueryState isLoading={isLoading} error={error} />
          {subscription && (
            <>
              <div className="divide-y">
                <DetailRow
                  label={t("subscribers.columns.status")}
                  value={<SubscriptionStatusBadge status={subscription.status} />}
                />
                <DetailRow
                  label={t("subscription.optInLevelLabel")}
                  value={
                    <span data-testid="subscriber-opt-in-level" data-opt-in-level={subscription.opt_in_level}>
                      {t(`subscription.optInLevel.${subscription.opt_in_level}`)}
                    </span>
                  }
                />
                <DetailRow
                  label={t("subscribers.columns.customer")}
                  value={
                    subscription.customer_id ? (
                      <Link to={`/customers/${subscription.customer_id}`} className="text-ui-fg-interactive">
                        {customerName(subscription) || t("subscribers.unnamed")}
                      </Link>
                    ) : (
                      t("subscribers.noCustomer")
                    )
                  }
                />
                <DetailRow label={t("subscribers.drawer.createdAt")} value={at(subscription.created_at)} />
                <DetailRow
                  label={t("subscribers.columns.lastChange")}
                  value={at(subscription.last_changed_at ?? subscription.updated_at)}
                />
              </div>
              <SubscriptionHistory
                className="px-6 pb-4"
                history={subscription.history}
                empty={t("subscribers.drawer.noHistory")}
              />
            </>
          )}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}
