import { Button, DataTable, Drawer, Heading, Hint, Label, StatusBadge, Text, clx } from "@medusajs/ui"
import type { ReactNode } from "react"
import { useTranslation } from "react-i18next"
import { NewsletterStatus, SubscriptionStatus } from "../lib/api"
import { useNewsletter } from "../hooks/api/newsletters"
import { errorMessage } from "../lib/errors"
import { ATTENTION_COLOR, STATUS_COLOR, SUBSCRIPTION_COLOR } from "../lib/status"

/**
 * 未配信 / 配信中 / … (S11) as a dashboard StatusBadge; 配信中（要対応） when `attention` (see
 * needsAttention in lib/status).
 */
export const NewsletterStatusBadge = ({ status, attention }: { status: NewsletterStatus; attention?: boolean }) => {
  const { t } = useTranslation("newsletter")
  return (
    <StatusBadge
      color={attention ? ATTENTION_COLOR : STATUS_COLOR[status] ?? "grey"}
      data-status={status}
      data-attention={attention ? "true" : undefined}
    >
      {attention ? t("status.attention") : t(`status.${status}`)}
    </StatusBadge>
  )
}

export const SubscriptionStatusBadge = ({ status }: { status: SubscriptionStatus }) => {
  const { t } = useTranslation("newsletter")
  return (
    <StatusBadge color={SUBSCRIPTION_COLOR[status] ?? "grey"} data-status={status}>
      {t(`subscription.status.${status}`)}
    </StatusBadge>
  )
}

/** A breadcrumb label in the admin's language (breadcrumbs are rendered outside our pages). */
export const Crumb = ({ k }: { k: string }) => {
  const { t } = useTranslation("newsletter")
  return <>{t(k)}</>
}

/** The article's subject as its breadcrumb. */
export const NewsletterCrumb = ({ id }: { id?: string }) => {
  const { t } = useTranslation("newsletter")
  const { data } = useNewsletter(id)
  return <>{data?.subject ?? t("detail.title")}</>
}

/** Label, control, hint and the field's error message from the API or the form. */
export const Field = ({
  label,
  htmlFor,
  hint,
  error,
  optional,
  children,
  className,
}: {
  label?: ReactNode
  htmlFor?: string
  hint?: ReactNode
  error?: string
  optional?: boolean
  children: ReactNode
  className?: string
}) => {
  const { t } = useTranslation("newsletter")
  return (
    <div className={clx("flex flex-col gap-y-2", className)}>
      {label && (
        <Label htmlFor={htmlFor} size="small" weight="plus">
          {label}
          {optional && <span className="text-ui-fg-muted font-normal"> ({t("general.optional")})</span>}
        </Label>
      )}
      {children}
      {hint && !error && <Hint>{hint}</Hint>}
      {error && (
        <Hint variant="error" data-field-error={htmlFor}>
          {error}
        </Hint>
      )}
    </div>
  )
}

export const SectionHeader = ({
  title,
  description,
  actions,
}: {
  title: ReactNode
  description?: ReactNode
  actions?: ReactNode
}) => (
  <div className="flex items-center justify-between gap-x-4 px-6 py-4">
    <div>
      <Heading level="h2">{title}</Heading>
      {description && (
        <Text size="small" className="text-ui-fg-subtle">
          {description}
        </Text>
      )}
    </div>
    {actions && <div className="flex items-center gap-x-2">{actions}</div>}
  </div>
)

/** Share of recipients attempted, while sending. */
export const SendProgress = ({ total, unsent }: { total: number; unsent: number }) => {
  const done = total > 0 ? Math.round(((total - unsent) / total) * 100) : 0
  return (
    <div className="flex items-center gap-x-2" title={`${done}%`}>
      <div
        className="bg-ui-bg-component h-1.5 w-20 overflow-hidden rounded-full"
        role="progressbar"
        aria-valuenow={done}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className="bg-ui-fg-interactive h-full rounded-full" style={{ width: `${done}%` }} />
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle tabular-nums">
        {done}%
      </Text>
    </div>
  )
}

/** A label and a value in the dashboard's detail-row style. */
export const DetailRow = ({ label, value, testId }: { label: ReactNode; value: ReactNode; testId?: string }) => (
  <div className="text-ui-fg-subtle grid grid-cols-2 items-center px-6 py-4">
    <Text size="small" weight="plus" leading="compact">
      {label}
    </Text>
    <Text size="small" leading="compact" className="whitespace-pre-wrap break-words" data-testid={testId}>
      {value ?? "—"}
    </Text>
  </div>
)

/** A DataTable's pagination in the admin's language (inside a `<DataTable>`). */
export const TablePagination = () => {
  const { t } = useTranslation("newsletter")
  return (
    <DataTable.Pagination
      translations={{
        of: t("pagination.of"),
        results: t("pagination.results"),
        pages: t("pagination.pages"),
        prev: t("pagination.prev"),
        next: t("pagination.next"),
      }}
    />
  )
}

/** While a read loads, or why it failed, in the admin's language. */
export const QueryState = ({ isLoading, error }: { isLoading: boolean; error: unknown }) => {
  const { t } = useTranslation("newsletter")
  if (isLoading) {
    return (
      <Text size="small" className="px-6 py-4">
        {t("general.loading")}
      </Text>
    )
  }
  return error ? (
    <Text size="small" className="text-ui-fg-error px-6 py-4">
      {errorMessage(error)}
    </Text>
  ) : null
}

/** A drawer's cancel button: closes it, changing nothing. */
export const DrawerCancel = () => {
  const { t } = useTranslation("newsletter")
  return (
    <Drawer.Close asChild>
      <Button size="small" variant="secondary" type="button">
        {t("general.cancel")}
      </Button>
    </Drawer.Close>
  )
}
