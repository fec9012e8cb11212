import { Eye, PencilSquare, SquareTwoStack, Trash, XCircle } from "@medusajs/icons"
import { createDataTableColumnHelper } from "@medusajs/ui"
import { useMemo } from "react"
import { useTranslation } from "react-i18next"
import { useNavigate } from "react-router-dom"
import { NewsletterStatusBadge, SendProgress } from "../../../../components/common"
import { useStoreTimezone } from "../../../../hooks/api/newsletter-settings"
import type { Newsletter } from "../../../../lib/api"
import { deliveryRate, formatRate } from "../../../../lib/rates"
import { articleReason } from "../../../../lib/reasons"
import { DELETABLE, EDITABLE, needsAttention } from "../../../../lib/status"
import { formatDateTime } from "../../../../lib/time"
import { useNewsletterActions } from "../../common/hooks/use-newsletter-actions"

const columnHelper = createDataTableColumnHelper<Newsletter>()

const Count = ({ value }: { value: number }) => (
  <span className="tabular-nums">{value.toLocaleString()}</span>
)

/** 開封率 / クリック率: unique opens or clicks over delivered mails, "—" while none is delivered. */
const rateColumn = (key: "opened_count" | "clicked_count", header: string, locale: string) =>
  columnHelper.accessor(key, {
    header,
    headerAlign: "right",
    align: "right",
    cell: ({ row }) => (
      <span className="tabular-nums">
        {formatRate(deliveryRate(row.original[key], row.original.delivered_count), locale)}
      </span>
    ),
  })

/** The list's columns: status (with why it waits or stopped), times, counters, rates and the row's actions. */
export const useNewsletterTableColumns = () => {
  const { t, i18n } = useTranslation("newsletter")
  const navigate = useNavigate()
  const timeZone = useStoreTimezone()
  const { onDuplicate, onCancel, onDelete } = useNewsletterActions()

  return useMemo(
    () => [
      columnHelper.accessor("status", {
        header: t("columns.status"),
        cell: ({ row }) => {
          // Why it is paused, waiting or ended, in the admin's language (the detail has it in full).
          const reason = articleReason(t, row.original, timeZone, i18n.language)
          return (
            <div className="flex flex-col items-start gap-y-1">
              <NewsletterStatusBadge status={row.original.status} attention={needsAttention(row.original)} />
              {reason && (
                <span
                  className="text-ui-fg-subtle txt-compact-xsmall block max-w-[220px] truncate"
                  title={reason}
                  data-testid="list-status-reason"
                >
                  {reason}
                </span>
              )}
            </div>
          )
        },
      }),
      columnHelper.accessor("started_at", {
        header: t("columns.started_at"),
        cell: ({ row }) =>
          row.original.started_at ? (
            formatDateTime(row.original.started_at, timeZone, i18n.language)
          ) : (
            <span className="text-ui-fg-muted" title={t("fields.scheduled_at")}>
              {t("list.scheduledFor", {
                at: formatDateTime(row.original.scheduled_at, timeZone, i18n.language),
              })}
            </span>
          ),
      }),
      columnHelper.accessor("subject", {
        header: t("columns.subject"),
        cell: ({ getValue }) => (
          <span className="block max-w-[280px] truncate" title={getValue()}>
            {getValue()}
          </span>
        ),
      }),
      columnHelper.accessor("total_count", {
        header: t("columns.total"),
        headerAlign: "right",
        align: "right",
        cell: ({ getValue }) => <Count value={getValue()} />,
      }),
      columnHelper.accessor("succeeded_count", {
        header: t("columns.succeeded"),
        headerAlign: "right",
        align: "right",
        cell: ({ getValue }) => <Count value={getValue()} />,
      }),
      columnHelper.accessor("failed_count", {
        header: t("columns.failed"),
        headerAlign: "right",
        align: "right",
        cell: ({ getValue }) => <Count value={getValue()} />,
      }),
      columnHelper.accessor("unsent_count", {
        header: t("columns.unsent"),
        headerAlign: "right",
        align: "right",
        cell: ({ row }) =>
          row.original.status === "sending" ? (
            <div className="flex items-center justify-end gap-x-3">
              <SendProgress total={row.original.total_count} unsent={row.original.unsent_count} />
              <Count value={row.original.unsent_count} />
            </div>
          ) : (
            <Count value={row.original.unsent_count} />
          ),
      }),
      rateColumn("opened_count", t("columns.openRate"), i18n.language),
      rateColumn("clicked_count", t("columns.clickRate"), i18n.language),
      columnHelper.action({
        actions: ({ row }) => {
          const n = row.original
          const groups = [
            [
              {
                label: t("list.actions.view"),
                icon: <Eye />,
                onClick: () => navigate(`/newsletters/${n.id}`),
              },
              ...(EDITABLE.includes(n.status)
                ? [
                    {
                      label: t("list.actions.edit"),
                      icon: <PencilSquare />,
                      onClick: () => navigate(`/newsletters/${n.id}/edit`),
                    },
                  ]
                : []),
              {
                label: t("list.actions.duplicate"),
                icon: <SquareTwoStack />,
                onClick: () => onDuplicate(n),
              },
            ],
          ]
          const danger = [
            ...(n.status === "scheduled"
              ? [{ label: t("list.actions.cancel"), icon: <XCircle />, onClick: () => onCancel(n) }]
              : []),
            ...(DELETABLE.includes(n.status)
              ? [{ label: t("general.delete"), icon: <Trash />, onClick: () => onDelete(n) }]
              : []),
          ]
          return danger.length ? [...groups, danger] : groups
        },
      }),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language, timeZone]
  )
}
