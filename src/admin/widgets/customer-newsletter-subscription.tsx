import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import {
  Button,
  Container,
  Heading,
  Input,
  Select,
  Table,
  Text,
  toast,
} from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { Field, SubscriptionStatusBadge } from "../components/common"
import {
  SubscriptionStatus,
  useCustomerSubscription,
  useStoreTimezone,
  useUpdateCustomerSubscription,
} from "../lib/api"
import { errorMessage, splitFieldErrors } from "../lib/errors"
import { formatDateTime } from "../lib/time"

const STATUSES: SubscriptionStatus[] = ["subscribed", "unsubscribed", "cleaned"]

/**
 * メルマガ購読状況 on the customer's page (S17): subscribed, unsubscribed or クリーニング済, every
 * change with its time, source and reason, and a change by hand with a reason.
 */
const CustomerNewsletterSubscriptionWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { t, i18n } = useTranslation("newsletter")
  const timeZone = useStoreTimezone()
  const { data: subscription, isLoading, error } = useCustomerSubscription(customer.id)
  const update = useUpdateCustomerSubscription(customer.id)
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
      const split = splitFieldErrors(errorMessage(e), ["status", "reason"])
      setFieldError(split.fields)
      if (!Object.keys(split.fields).length) {
        toast.error(t("subscription.updateFailed"), { description: errorMessage(e) })
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
        </div>
        {subscription && <SubscriptionStatusBadge status={subscription.status} />}
      </div>
      {isLoading && (
        <Text size="small" className="px-6 py-4">
          {t("general.loading")}
        </Text>
      )}
      {error && (
        <Text size="small" className="text-ui-fg-error px-6 py-4">
          {error.message}
        </Text>
      )}
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
        <div className="px-6 py-4">
          <Text size="small" weight="plus" className="mb-2">
            {t("subscription.history")}
          </Text>
          {subscription.history.length === 0 ? (
            <Text size="small" className="text-ui-fg-muted">
              {t("subscription.noHistory")}
            </Text>
          ) : (
            <Table data-testid="subscription-history">
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>{t("subscription.when")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("subscription.changeColumn")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("subscription.source")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("subscription.reason")}</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {subscription.history.map((h) => (
                  <Table.Row key={h.id}>
                    <Table.Cell className="whitespace-nowrap">
                      {formatDateTime(h.created_at, timeZone, i18n.language)}
                    </Table.Cell>
                    <Table.Cell className="whitespace-nowrap">
                      {h.from_status ? `${t(`subscription.status.${h.from_status}`)} → ` : ""}
                      {t(`subscription.status.${h.to_status}`)}
                    </Table.Cell>
                    <Table.Cell>{t(`subscription.sources.${h.source}`, h.source)}</Table.Cell>
                    <Table.Cell className="max-w-[220px] truncate" title={h.reason ?? ""}>
                      {h.reason ?? "—"}
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          )}
        </div>
      )}
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
  id: "newsletter-customer-subscription",
})

export default CustomerNewsletterSubscriptionWidget
