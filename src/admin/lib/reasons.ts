import type { TFunction } from "i18next"
import { formatDateTime } from "./time"

/**
 * The values of a stored reason as the dictionaries interpolate them (`{{opens_at}}`): times
 * (`…_at`, ISO 8601) in the store's time zone and the admin's language, lists joined in the
 * language's way, everything else as it came.
 */
export function reasonParams(
  params: Record<string, unknown> | null | undefined,
  timeZone: string,
  language: string
): Record<string, unknown> {
  const ja = language.startsWith("ja")
  return Object.fromEntries(
    Object.entries(params ?? {}).map(([key, value]) => {
      if (key.endsWith("_at") && typeof value === "string") {
        return [key, formatDateTime(value, timeZone, language)]
      }
      if (Array.isArray(value)) {
        return [key, value.join(ja ? "、" : ", ")]
      }
      return [key, value]
    })
  )
}

/**
 * Why an article is in its status, in the admin's language, from its `status_reason_code` and
 * params (`reasons.<code>` of the dictionaries); never from the English `status_reason`. Null
 * when there is no reason. A code this admin doesn't know yet (a newer server) is named as such.
 */
export function articleReason(
  t: TFunction,
  article: { status_reason_code?: string | null; status_reason_params?: Record<string, unknown> | null },
  timeZone: string,
  language: string
): string | null {
  const code = article.status_reason_code
  if (!code) {
    return null
  }
  return t(`reasons.${code}`, {
    ...reasonParams(article.status_reason_params, timeZone, language),
    defaultValue: t("reasons.unknown", { code }),
  })
}

/**
 * Why a recipient was not sent or failed, in the admin's language: a reason the plugin gave
 * (`error_code`) from `recipients.errorCodes.<code>`; the provider's own text (a bounce message)
 * as it came, after the kind of error.
 */
export function recipientError(
  t: TFunction,
  recipient: { error_code?: string | null; error_type: string | null; error_reason: string | null }
): string | null {
  if (recipient.error_code) {
    return t(`recipients.errorCodes.${recipient.error_code}`, {
      defaultValue: t("reasons.unknown", { code: recipient.error_code }),
    })
  }
  if (!recipient.error_reason && !recipient.error_type) {
    return null
  }
  const kind = recipient.error_type
    ? t(`recipients.errorTypes.${recipient.error_type}`, { defaultValue: recipient.error_type })
    : null
  return [kind, recipient.error_reason].filter(Boolean).join(": ")
}
