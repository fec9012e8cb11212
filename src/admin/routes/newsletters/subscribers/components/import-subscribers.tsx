import { ArrowUpTray } from "@medusajs/icons"
import { Button, Drawer, Input, Label, Table, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import type { AdminNewsletterSubscriptionImportResponse } from "../../../../../api/admin/newsletter-subscriptions/types"
import { DrawerCancel } from "../../../../components/common"
import { useImportNewsletterSubscriptions } from "../../../../hooks/api/newsletter-subscriptions"
import { errorMessage } from "../../../../lib/errors"
import { codeText } from "./code-text"

type Check =
  | { file: File; report: AdminNewsletterSubscriptionImportResponse }
  | { file: File; error: unknown }

/** A figure of the check's report. */
const Figure = ({ label, value, testId }: { label: string; value: number; testId: string }) => (
  <div className="flex items-center justify-between" data-testid={testId}>
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="small" weight="plus" className="tabular-nums">
      {value.toLocaleString()}
    </Text>
  </div>
)

/**
 * The subscriber import: the chosen CSV file is first checked by the server (a dry run: the counts
 * and every line left out with why, nothing written), then imported when the store owner confirms.
 * A malformed file is said as such and can't be imported.
 */
export const ImportSubscribers = () => {
  const { t } = useTranslation("newsletter")
  const send = useImportNewsletterSubscriptions()
  const [open, setOpen] = useState(false)
  const [check, setCheck] = useState<Check | null>(null)

  const reset = () => {
    setCheck(null)
    send.reset()
  }

  const onFile = async (file: File | undefined) => {
    setCheck(null)
    if (!file) return
    try {
      setCheck({ file, report: await send.mutateAsync({ file, dryRun: true }) })
    } catch (error) {
      setCheck({ file, error })
    }
  }

  const onImport = async () => {
    if (!check || !("report" in check)) return
    try {
      const report = await send.mutateAsync({ file: check.file, dryRun: false })
      toast.success(t("subscribers.import.done", report), {
        description: report.rejected.length
          ? t("subscribers.import.doneRejected", { count: report.rejected.length })
          : undefined,
      })
      setOpen(false)
      reset()
    } catch (error) {
      toast.error(t("subscribers.import.failed"), { description: errorMessage(error) })
    }
  }

  const report = check && "report" in check ? check.report : null
  return (
    <Drawer
      open={open}
      onOpenChange={(next) => {
        setOpen(next)
        if (!next) reset()
      }}
    >
      <Drawer.Trigger asChild>
        <Button size="small" variant="secondary" data-testid="subscribers-import">
          <ArrowUpTray />
          {t("subscribers.import.button")}
        </Button>
      </Drawer.Trigger>
      <Drawer.Content data-testid="subscribers-import-drawer">
        <Drawer.Header>
          <Drawer.Title>{t("subscribers.import.title")}</Drawer.Title>
          <Drawer.Description>{t("subscribers.import.description")}</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          <div className="flex flex-col gap-y-2">
            <Label htmlFor="subscribers-import-file" size="small" weight="plus">
              {t("subscribers.import.file")}
            </Label>
            <Input
              id="subscribers-import-file"
              type="file"
              accept=".csv,text/csv"
              // Choosing the same file again checks it again.
              onClick={(e) => ((e.target as HTMLInputElement).value = "")}
              onChange={(e) => onFile(e.target.files?.[0])}
              data-testid="subscribers-import-file"
            />
          </div>
          {send.isPending && !check && (
            <Text size="small" className="text-ui-fg-subtle">
              {t("subscribers.import.checking")}
            </Text>
          )}
          {check && "error" in check && (
            <div className="flex flex-col gap-y-1" data-testid="subscribers-import-error">
              <Text size="small" weight="plus" className="text-ui-fg-error">
                {t("subscribers.import.malformed")}
              </Text>
              <Text size="small" className="text-ui-fg-error">
                {errorMessage(check.error)}
              </Text>
            </div>
          )}
          {report && (
            <div className="flex flex-col gap-y-4" data-testid="subscribers-import-report">
              <div className="flex flex-col gap-y-2">
                <Text size="small" weight="plus">
                  {t("subscribers.import.summary")}
                </Text>
                <Figure label={t("subscribers.import.accepted")} value={report.accepted} testId="import-accepted" />
                <Figure label={t("subscribers.import.created")} value={report.created} testId="import-created" />
                <Figure label={t("subscribers.import.updated")} value={report.updated} testId="import-updated" />
                <Figure label={t("subscribers.import.unchanged")} value={report.unchanged} testId="import-unchanged" />
                <Figure
                  label={t("subscribers.import.withoutCustomer")}
                  value={report.without_customer}
                  testId="import-without-customer"
                />
                <Figure label={t("subscribers.import.rejected")} value={report.rejected.length} testId="import-rejected" />
              </div>
              {report.rejected.length > 0 && (
                <Table data-testid="subscribers-import-rejected">
                  <Table.Header>
                    <Table.Row>
                      <Table.HeaderCell>{t("subscribers.import.line")}</Table.HeaderCell>
                      <Table.HeaderCell>{t("subscribers.columns.email")}</Table.HeaderCell>
                      <Table.HeaderCell>{t("subscribers.import.reason")}</Table.HeaderCell>
                    </Table.Row>
                  </Table.Header>
                  <Table.Body>
                    {report.rejected.map((row) => (
                      <Table.Row key={row.line}>
                        <Table.Cell className="tabular-nums">{row.line}</Table.Cell>
                        <Table.Cell className="max-w-[160px] truncate" title={row.email}>
                          {row.email || "—"}
                        </Table.Cell>
                        <Table.Cell className="whitespace-normal">{codeText(row.code, row.params)}</Table.Cell>
                      </Table.Row>
                    ))}
                  </Table.Body>
                </Table>
              )}
              {report.accepted === 0 && (
                <Text size="small" className="text-ui-fg-subtle">
                  {t("subscribers.import.nothingToImport")}
                </Text>
              )}
            </div>
          )}
        </Drawer.Body>
        <Drawer.Footer>
          <DrawerCancel />
          <Button
            size="small"
            type="button"
            disabled={!report || report.accepted === 0}
            isLoading={send.isPending && !!report}
            onClick={onImport}
            data-testid="subscribers-import-confirm"
          >
            {t("subscribers.import.confirm", { count: report?.accepted ?? 0 })}
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
