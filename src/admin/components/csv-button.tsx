import { ArrowDownTray } from "@medusajs/icons"
import { Button, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { downloadCsv } from "../lib/api"
import { errorMessage } from "../lib/errors"

/**
 * Downloads a CSV export in the admin's language (Japanese headers and values in a Japanese
 * admin): the article's recipient list (S7) with `newsletterId`, or any export route by `path`
 * (e.g. `/admin/newsletter-subscriptions/export`) with the file name to use if the server gives none.
 */
export const CsvButton = (
  props: { newsletterId: string } | { path: string; fallbackName: string }
) => {
  const { t, i18n } = useTranslation("newsletter")
  const [busy, setBusy] = useState(false)
  const [path, fallbackName] =
    "newsletterId" in props
      ? [`/admin/newsletters/${props.newsletterId}/recipients/export`, `newsletter-${props.newsletterId}-recipients.csv`]
      : [props.path, props.fallbackName]
  const onClick = async () => {
    setBusy(true)
    try {
      const ok = await downloadCsv(path, fallbackName, i18n.language)
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
