import { InformationCircleSolid, PencilSquare, SquareTwoStack, XCircle } from "@medusajs/icons"
import {
  Badge,
  Button,
  Container,
  DataTable,
  DataTablePaginationState,
  Heading,
  InlineTip,
  Select,
  StatusBadge,
  Text,
  Tooltip,
  createDataTableColumnHelper,
  toast,
  useDataTable,
  usePrompt,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link, useNavigate, useParams } from "react-router-dom"
import { DetailRow, NewsletterCrumb, NewsletterStatusBadge, SendProgress, TablePagination } from "../../../components/common"
import { CsvButton } from "../../../components/csv-button"
import {
  Newsletter,
  Recipient,
  useDuplicateNewsletter,
  useNewsletterAction,
  useNewsletterRecipients,
  useNewsletterResults,
  useStoreTimezone,
} from "../../../lib/api"
import { errorMessage } from "../../../lib/errors"
import { deliveryRate, formatRate } from "../../../lib/rates"
import { EDITABLE, needsAttention } from "../../../lib/status"
import { articleReason, recipientError } from "../../../lib/reasons"
import { formatDateTime } from "../../../lib/time"
import { AttentionSection } from "./components/attention-section"
import { LinksSection } from "./components/links-section"

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

const Counts = ({ newsletter: n }: { newsletter: Newsletter }) => {
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

/** Status history from the article's times. */
const History = ({ newsletter: n, timeZone }: { newsletter: Newsletter; timeZone: string }) => {
  const { t, i18n } = useTranslation("newsletter")
  const events = [
    { key: "created", at: n.created_at },
    // The reserved time, unless the article never got there.
    { key: "scheduled_for", at: n.status === "draft" || n.cancelled_at ? null : n.scheduled_at },
    { key: "started", at: n.started_at },
    { key: "finished", at: n.finished_at },
    { key: "counted", at: n.counted_at },
    { key: "aggregated", at: n.aggregated_at },
    { key: "cancelled", at: n.cancelled_at },
  ]
    .filter((e): e is { key: string; at: string } => !!e.at)
    .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime())
  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">{t("detail.history")}</Heading>
      </div>
      <ol className="flex flex-col gap-y-3 px-6 py-4">
        {events.map((e) => (
          <li key={e.key} className="flex items-start gap-x-3">
            <span className="bg-ui-fg-muted mt-1.5 size-2 shrink-0 rounded-full" />
            <div>
              <Text size="small" weight="plus">
                {t(`detail.events.${e.key}`)}
              </Text>
              <Text size="xsmall" className="text-ui-fg-subtle">
                {formatDateTime(e.at, timeZone, i18n.language)}
              </Text>
            </div>
          </li>
        ))}
      </ol>
    </Container>
  )
}

const RECIPIENT_STATES = ["pending", "sent", "failed", "skipped"] as const
const REPORTS = ["delivered", "opened", "clicked", "bounced", "complained"] as const
const ALL = "__all"
const columnHelper = createDataTableColumnHelper<Recipient>()

const Recipients = ({ newsletter }: { newsletter: Newsletter }) => {
  const { t, i18n } = useTranslation("newsletter")
  const timeZone = useStoreTimezone()
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: 20 })
  const [search, setSearch] = useState("")
  const [state, setState] = useState<string>(ALL)
  const { data, isLoading, available } = useNewsletterRecipients(newsletter.id, {
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
    q: search,
    status: state === ALL ? undefined : state,
  })
  const columns = useMemo(
    () => [
      columnHelper.accessor("email", { header: t("recipients.email") }),
      columnHelper.accessor("last_name", {
        header: t("recipients.name"),
        cell: ({ row }) =>
          [row.original.last_name, row.original.first_name].filter(Boolean).join(" ") || "—",
      }),
      columnHelper.accessor("status", {
        header: t("recipients.state"),
        cell: ({ getValue }) => (
          <StatusBadge
            color={
              getValue() === "sent" ? "green" : getValue() === "failed" ? "red" : getValue() === "skipped" ? "grey" : "orange"
            }
          >
            {t(`recipients.states.${getValue()}`, getValue())}
          </StatusBadge>
        ),
      }),
      columnHelper.accessor("error_reason", {
        header: t("recipients.error"),
        cell: ({ row }) => {
          const error = recipientError(t, row.original)
          return error ? (
            <span className="block max-w-[260px] truncate" title={error}>
              {error}
            </span>
          ) : (
            "—"
          )
        },
      }),
      columnHelper.accessor("attempted_at", {
        header: t("recipients.attempted_at"),
        cell: ({ getValue }) => formatDateTime(getValue(), timeZone, i18n.language),
      }),
      columnHelper.display({
        id: "reports",
        header: t("recipients.reports"),
        cell: ({ row }) => {
          const reports = REPORTS.filter((r) => row.original[`${r}_at`])
          return reports.length ? (
            <div className="flex flex-wrap gap-1">
              {reports.map((r) => (
                <Badge
                  key={r}
                  size="2xsmall"
                  color={r === "bounced" || r === "complained" ? "red" : r === "delivered" ? "green" : "blue"}
                  title={formatDateTime(row.original[`${r}_at`], timeZone, i18n.language)}
                >
                  {t(`recipients.reportKinds.${r}`)}
                </Badge>
              ))}
            </div>
          ) : (
            "—"
          )
        },
      }),
    ],
    [t, i18n.language, timeZone]
  )
  const table = useDataTable({
    columns,
    data: data?.recipients ?? [],
    getRowId: (r) => r.id,
    rowCount: data?.count ?? 0,
    isLoading,
    pagination: { state: pagination, onPaginationChange: setPagination },
    search: { state: search, onSearchChange: setSearch },
  })

  return (
    <Container className="divide-y p-0">
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center">
          <Heading level="h2">{t("recipients.title")}</Heading>
          <div className="flex items-center gap-x-2">
            {available && (
              <>
                <Select size="small" value={state} onValueChange={setState}>
                  <Select.Trigger className="w-[140px]" aria-label={t("recipients.filterState")}>
                    <Select.Value />
                  </Select.Trigger>
                  <Select.Content>
                    <Select.Item value={ALL}>{t("recipients.allStates")}</Select.Item>
                    {RECIPIENT_STATES.map((s) => (
                      <Select.Item key={s} value={s}>
                        {t(`recipients.states.${s}`)}
                      </Select.Item>
                    ))}
                  </Select.Content>
                </Select>
                <DataTable.Search placeholder={t("recipients.searchPlaceholder")} />
              </>
            )}
            <CsvButton newsletterId={newsletter.id} />
          </div>
        </DataTable.Toolbar>
        {available ? (
          <>
            <DataTable.Table
              emptyState={{
                empty: { heading: t("recipients.empty") },
                filtered: { heading: t("list.noResults.heading") },
              }}
            />
            <TablePagination />
          </>
        ) : (
          <Text size="small" className="text-ui-fg-muted px-6 py-4" data-testid="recipients-unavailable">
            {t("recipients.unavailable")}
          </Text>
        )}
      </DataTable>
    </Container>
  )
}

/** An article's detail: counts, status history, recipients and CSV. */
const NewsletterDetailPage = () => {
  const { t, i18n } = useTranslation("newsletter")
  const { id } = useParams()
  const prompt = usePrompt()
  const timeZone = useStoreTimezone()
  const { data: newsletter, isLoading, error } = useNewsletterResults(id)
  const cancel = useNewsletterAction("cancel")
  const duplicate = useDuplicateNewsletter()
  const navigate = useNavigate()

  if (isLoading || !newsletter) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className={error ? "text-ui-fg-error" : undefined}>
          {error ? errorMessage(error) : t("general.loading")}
        </Text>
      </Container>
    )
  }

  const onCancel = async () => {
    const confirmed = await prompt({
      title: t("list.cancelPrompt.title"),
      description: t("list.cancelPrompt.description", { subject: newsletter.subject }),
      confirmText: t("list.cancelPrompt.confirm"),
      cancelText: t("general.back"),
      variant: "danger",
    })
    if (!confirmed) return
    try {
      await cancel.mutateAsync(newsletter.id)
      toast.success(t("list.cancelled", { subject: newsletter.subject }))
    } catch (e) {
      toast.error(t("list.cancelFailed"), { description: errorMessage(e) })
    }
  }

  const onDuplicate = async () => {
    try {
      const { newsletter: copy } = await duplicate.mutateAsync(newsletter.id)
      toast.success(t("list.duplicated", { subject: newsletter.subject }))
      // The copy's send time is provisional: the edit page asks the owner to confirm it.
      navigate(`/newsletters/${copy.id}/edit`, { state: { copied: true } })
    } catch (e) {
      toast.error(t("list.duplicateFailed"), { description: errorMessage(e) })
    }
  }

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div className="flex min-w-0 items-center gap-x-3">
          <Heading className="truncate">{newsletter.subject}</Heading>
          <NewsletterStatusBadge status={newsletter.status} attention={needsAttention(newsletter)} />
        </div>
        <div className="flex items-center gap-x-2">
          {newsletter.status === "scheduled" && (
            <Button size="small" variant="secondary" onClick={onCancel} isLoading={cancel.isPending}>
              <XCircle />
              {t("list.actions.cancel")}
            </Button>
          )}
          {EDITABLE.includes(newsletter.status) && (
            <Button size="small" variant="secondary" asChild>
              <Link to={`/newsletters/${newsletter.id}/edit`}>
                <PencilSquare />
                {t("list.actions.edit")}
              </Link>
            </Button>
          )}
          <Button size="small" variant="secondary" onClick={onDuplicate} isLoading={duplicate.isPending}>
            <SquareTwoStack />
            {t("list.actions.duplicate")}
          </Button>
          <Button size="small" variant={newsletter.status === "draft" ? "primary" : "secondary"} asChild>
            <Link to={`/newsletters/${newsletter.id}/confirm`}>{t("detail.openConfirm")}</Link>
          </Button>
        </div>
      </Container>
      {newsletter.status_reason_code && (
        <InlineTip label={t("detail.reason")} variant={newsletter.status === "stopped" || newsletter.status === "failed" ? "error" : "info"}>
          <span data-testid="status-reason">{articleReason(t, newsletter, timeZone, i18n.language)}</span>
        </InlineTip>
      )}
      <div className="flex flex-col gap-x-4 gap-y-3 xl:flex-row xl:items-start">
        <div className="flex w-full min-w-0 flex-col gap-y-3">
          {needsAttention(newsletter) && <AttentionSection newsletter={newsletter} />}
          <Counts newsletter={newsletter} />
          {newsletter.started_at && <LinksSection newsletter={newsletter} />}
          <Recipients newsletter={newsletter} />
        </div>
        <div className="flex w-full flex-col gap-y-3 xl:max-w-[440px]">
          <Container className="divide-y p-0">
            <div className="px-6 py-4">
              <Heading level="h2">{t("confirm.summary")}</Heading>
            </div>
            <DetailRow
              label={t("fields.scheduled_at")}
              value={formatDateTime(newsletter.scheduled_at, timeZone, i18n.language)}
            />
            <DetailRow label={t("columns.started_at")} value={formatDateTime(newsletter.started_at, timeZone, i18n.language)} />
            <DetailRow label={t("fields.format")} value={t(`format.${newsletter.format}`)} />
            <DetailRow label={t("fields.category_id")} value={newsletter.category?.name ?? t("form.noCategory")} />
            <DetailRow
              label={t("coupon.title")}
              value={
                newsletter.promotion_id
                  ? `${newsletter.promotion?.code ?? newsletter.promotion_id} (${t(`coupon.modes.${newsletter.coupon_mode}`)})`
                  : t("coupon.noneSelected")
              }
            />
          </Container>
          <History newsletter={newsletter} timeZone={timeZone} />
        </div>
      </div>
    </div>
  )
}

export const handle = {
  breadcrumb: (match: { params: Record<string, string | undefined> }) => (
    <NewsletterCrumb id={match.params.id} />
  ),
}

export default NewsletterDetailPage
