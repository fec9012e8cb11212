import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import {
  Button,
  Container,
  Heading,
  Input,
  Select,
  Text,
  toast,
} from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { Field, QueryState, SubscriptionStatusBadge } from "../components/common"
import { SubscriptionHistory } from "../components/subscription-history"
import { SubscriptionStatus } from "../lib/api"
import { useCustomerSubscription, useUpdateCustomerSubscription } from "../hooks/api/customer-newsletter-subscription"
import { useApiError } from "../lib/use-api-error"

const STATUSES: SubscriptionStatus[] = ["subscribed", "unsubscribed", "cleaned"]

/**
 * メルマガ購読状況 on the customer's page (S17): subscribed, unsubscribed or クリーニング済, every
 * change with its time, source and reason, and a change by hand with a reason.
 */
const CustomerNewsletterSubscriptionWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { t } = useTranslation("newsletter")
  const { data: subscription, isLoading, error } = useCustomerSubscription(customer.id)
  const update = useUpdateCustomerSubscription(customer.id)
  const apiError = useApiError()
  const [status, setStatus] = useState<SubscriptionStatus | "">("")
  const [reason, setReason] = useState("")
  const [fieldError, setFieldError] = useState<{ status?: string; reason?: string }>({})

  const submit = async () => {
    if (!status) return
    setFieldError({})
    try {
      await update.mutateAsync({ status, reason: reason.trim() || undefined })
      toast.success(t("subscription.updated"))
      setStatus("")
      setReason("")
    } catch (e) {
      const rendered = apiError.render(e, ["status", "reason"])
      setFieldError(rendered.fields)
      if (!Object.keys(rendered.fields).length) {
        toast.error(t("subscription.updateFailed"), { description: rendered.general.join(" ") })
      }
    }
  }

  return (
    <Container className="divide-y p-0" data-testid="newsletter-subscription-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">{t("subscription.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {subscription?.email ?? customer.email}
          </Text>
          {subscription?.status === "subscribed" && subscription.opt_in_level && (
            <Text size="small" className="text-ui-fg-subtle" data-testid="subscription-opt-in-level">
              {t(`subscription.optInLevel.${subscription.opt_in_level}`)}
            </Text>
          )}
        </div>
        {subscription && <SubscriptionStatusBadge status={subscription.status} />}
      </div>
      <QueryState isLoading={isLoading} error={error} />
      {subscription?.status === "cleaned" && (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">
          {t("subscription.cleanedNote")}
        </Text>
      )}
      {subscription && (
        <form
          className="flex flex-col gap-y-3 px-6 py-4"
          onSubmit={(e) => {
            e.preventDefault()
            submit()
          }}
          noValidate
        >
          <div className="grid grid-cols-1 gap-3 md:grid-cols-[200px_1fr_auto] md:items-end">
            <Field label={t("subscription.change")} htmlFor="subscription-status" error={fieldError.status}>
              <Select size="small" value={status} onValueChange={(v) => setStatus(v as SubscriptionStatus)}>
                <Select.Trigger id="subscription-status" data-testid="subscription-status">
                  <Select.Value placeholder={t("subscription.choose")} />
                </Select.Trigger>
                <Select.Content>
                  {STATUSES.filter((s) => s !== subscription.status).map((s) => (
                    <Select.Item key={s} value={s}>
                      {t(`subscription.status.${s}`)}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </Field>
            <Field label={t("subscription.reason")} htmlFor="subscription-reason" error={fieldError.reason} optional>
              <Input
                id="subscription-reason"
                size="small"
                value={reason}
                placeholder={t("subscription.reasonPlaceholder")}
                onChange={(e) => setReason(e.target.value)}
              />
            </Field>
            <Button size="small" variant="secondary" type="submit" disabled={!status} isLoading={update.isPending}>
              {t("subscription.apply")}
            </Button>
          </div>
        </form>
      )}
      {subscription && (
        <SubscriptionHistory
          className="px-6 py-4"
          history={subscription.history}
          empty={t("subscription.noHistory")}
        />
      )}
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
  id: "newsletter-customer-subscription",
})

export default CustomerNewsletterSubscriptionWidget
