import { useCallback, useMemo } from "react"
import { useTranslation } from "react-i18next"
import { useStoreTimezone } from "../hooks/api/newsletter-settings"
import { apiErrorText, type FieldErrors, renderApiError, type Translator } from "./errors"
import { formatDateTime } from "./time"

/**
 * The API's errors in the admin's language (see lib/errors.ts): `render(error, fields)` places
 * each problem of a bad request at the screen's field, `text(error)` says the whole error, e.g.
 * for a toast. Dates in params are shown in the store's time zone.
 */
export function useApiError(): {
  render: (error: unknown, fields?: readonly string[]) => FieldErrors
  text: (error: unknown) => string
} {
  const { t, i18n } = useTranslation("newsletter")
  const timeZone = useStoreTimezone()
  const translator = useMemo<Translator>(
    () => ({
      t: (key, options) => t(key, options) as string,
      exists: (key) => i18n.exists(key, { ns: "newsletter" }),
    }),
    [t, i18n]
  )
  const formatDate = useCallback(
    (iso: string) => formatDateTime(iso, timeZone, i18n.language),
    [timeZone, i18n.language]
  )
  const render = useCallback(
    (error: unknown, fields?: readonly string[]) => renderApiError(error, translator, { fields, formatDate }),
    [translator, formatDate]
  )
  const text = useCallback((error: unknown) => apiErrorText(error, translator, { formatDate }), [translator, formatDate])
  return { render, text }
}
