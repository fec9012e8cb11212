import { InformationCircleSolid } from "@medusajs/icons"
import { Container, Heading, Text, Tooltip } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { SendProgress } from "../../../../../components/common"
import type { Newsletter } from "../../../../../lib/api"
import { deliveryRate, formatRate } from "../../../../../lib/rates"

const Stat = ({
  label,
  value,
  testId,
  hint,
}: {
  label: string
  value: number | null | undefined
  testId: string
  /** What the figure means, in a tooltip next to the label. */
  hint?: string
}) => (
  <div className="flex flex-col gap-y-1 px-6 py-4" data-testid={testId}>
    <Text size="xsmall" className="text-ui-fg-subtle flex items-center gap-x-1">
      {label}
      {hint && (
        <Tooltip content={hint} maxWidth={320}>
          <InformationCircleSolid className="text-ui-fg-muted" aria-label={hint} data-testid={`${testId}-hint`} />
        </Tooltip>
      )}
    </Text>
    <Text size="xlarge" weight="plus" className="tabular-nums">
      {value === null || value === undefined ? "—" : value.toLocaleString()}
    </Text>
  </div>
)

const Rate = ({ label, value, testId }: { label: string; value: string; testId: string }) => (
  <div className="flex flex-col gap-y-1 px-6 py-4" data-testid={testId}>
    <Text size="xsmall" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="xlarge" weight="plus" className="tabular-nums">
      {value}
    </Text>
  </div>
)

/** 配信結果: the send counters, the delivery reports and the open and click rates. */
export const CountsSection = ({ newsletter: n }: { newsletter: Newsletter }) => {
  const { t, i18n } = useTranslation("newsletter")
  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">{t("detail.counts")}</Heading>
        {n.status === "sending" && <SendProgress total={n.total_count} unsent={n.unsent_count} />}
      </div>
      <div className="grid grid-cols-2 divide-x md:grid-cols-6">
        <Stat label={t("columns.total")} value={n.total_count} testId="count-total" />
        <Stat label={t("columns.succeeded")} value={n.succeeded_count} testId="count-succeeded" />
        <Stat
          label={t("detail.unconfirmed")}
          value={n.unconfirmed_count}
          testId="count-unconfirmed"
          hint={t("detail.unconfirmedHint")}
        />
        <Stat label={t("columns.failed")} value={n.failed_count} testId="count-failed" />
        <Stat label={t("columns.unsent")} value={n.unsent_count} testId="count-unsent" />
        <Stat label={t("detail.skipped")} value={n.skipped_count} testId="count-skipped" />
      </div>
      <div className="grid grid-cols-2 divide-x md:grid-cols-5">
        <Stat label={t("detail.delivered")} value={n.delivered_count} testId="count-delivered" />
        <Stat label={t("detail.opened")} value={n.opened_count} testId="count-opened" />
        <Stat label={t("detail.clicked")} value={n.clicked_count} testId="count-clicked" />
        <Stat label={t("detail.complained")} value={n.complained_count} testId="count-complained" />
        <Stat label={t("detail.awaiting")} value={n.awaiting_count} testId="count-awaiting" />
      </div>
      <div className="grid grid-cols-2 divide-x md:grid-cols-5">
        <Rate
          label={t("columns.openRate")}
          value={formatRate(deliveryRate(n.opened_count, n.delivered_count), i18n.language)}
          testId="rate-open"
        />
        <Rate
          label={t("columns.clickRate")}
          value={formatRate(deliveryRate(n.clicked_count, n.delivered_count), i18n.language)}
          testId="rate-click"
        />
      </div>
      {!!n.unknown_count && (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">
          {t("detail.unknown", { count: n.unknown_count })}
        </Text>
      )}
    </Container>
  )
}
