import { ArrowDownTray } from "@medusajs/icons"
import { Button, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { downloadRecipientsCsv } from "../lib/api"
import { errorMessage } from "../lib/errors"

/** Downloads the article's recipient list as CSV (S7). */
export const CsvButton = ({ newsletterId }: { newsletterId: string }) => {
  const { t } = useTranslation("newsletter")
  const [busy, setBusy] = useState(false)
  const onClick = async () => {
    setBusy(true)
    try {
      const ok = await downloadRecipientsCsv(newsletterId)
      if (!ok) {
        toast.warning(t("csv.unavailable"))
      }
    } catch (error) {
      toast.error(t("csv.failed"), { description: errorMessage(error) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button type="button" size="small" variant="secondary" isLoading={busy} onClick={onClick} data-testid="csv-download">
      <ArrowDownTray />
      {t("csv.download")}
    </Button>
  )
}
