/**
 * Errors of the plugin's API in the admin's language. Every error the API answers is
 * `{ type, code, message, params, errors? }`: `code` and `params` say what happened, `errors`
 * lists each problem of a bad request as `{ path, code, params }`. The texts come from the
 * dictionaries (`errors.<code>`, `errors.field.<code>`, `errors.type.<type>`); the English
 * `message` is for developers and is never shown.
 */
import { getI18n } from "react-i18next"

/** Texts to show: one per field the screen has (by its name), and the rest. */
export type FieldErrors = { fields: Record<string, string>; general: string[] }

/** One problem of a bad request. */
export type ApiProblem = { path: string; code: string; params?: Record<string, unknown> }

/** The body of an error the plugin's API answers. */
export type ApiErrorBody = {
  type?: string
  code?: string
  message?: string
  params?: Record<string, unknown>
  errors?: ApiProblem[]
}

/** What the renderer needs of i18next, in the plugin's namespace: `t` and `exists`. */
export type Translator = {
  t: (key: string, options?: Record<string, unknown>) => string
  exists: (key: string) => boolean
}

export type RenderOptions = {
  /** The fields the screen shows a text at (top-level names, e.g. "subject", "audience"). */
  fields?: readonly string[]
  /** Formats an ISO date-time param (`earliest_at`, `ended_at`) for the store owner. */
  formatDate?: (iso: string) => string
}

export const NO_ERRORS: FieldErrors = { fields: {}, general: [] }

/**
 * The status and body of a failed request: the body the API answered (kept by the admin's
 * fetch, see sdk.ts) or, for an error without one, none.
 */
export function errorBody(error: unknown): { status?: number; body?: ApiErrorBody } {
  if (typeof error !== "object" || error === null) {
    return {}
  }
  const e = error as { status?: unknown; body?: unknown }
  const status = typeof e.status === "number" ? e.status : undefined
  const body = typeof e.body === "object" && e.body !== null ? (e.body as ApiErrorBody) : undefined
  return { status, body }
}

const TYPE_BY_STATUS: Record<number, string> = {
  400: "invalid_data",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "invalid_data",
  415: "invalid_data",
  422: "duplicate_error",
}

// Params that name something the dictionaries translate, by the key prefixes that may.
const TRANSLATED: Record<string, string[]> = {
  status: ["status", "subscription.status"],
  to: ["status"],
  promotion_status: ["promotionStatus"],
  action: ["errors.actions"],
  expected: ["errors.expected"],
  read: ["errors.reads"],
}

// Params that are field names (or lists of them), shown by their labels.
const LABELLED = new Set(["field", "fields", "keys"])

// Keys under `errors` that are groups of texts, not codes.
const GROUPS = new Set(["type", "field", "expected", "labels", "actions", "reads", "listSeparator"])

const isDateParam = (name: string) => name.endsWith("_at")

/**
 * Renders an error of the plugin's API: each problem of a bad request at its field when the
 * screen has that field (its top-level name in `options.fields`), the others and the error itself
 * in `general`. A code the dictionaries don't know is said by its type (`errors.type.*`), or by
 * the HTTP status; a failure without an answer (no connection) as such.
 */
export function renderApiError(error: unknown, tr: Translator, options: RenderOptions = {}): FieldErrors {
  const { status, body } = errorBody(error)
  const result: FieldErrors = { fields: {}, general: [] }
  const problems = Array.isArray(body?.errors) ? body!.errors : []
  for (const problem of problems) {
    const text = problemText(problem, tr, options)
    const field = fieldOf(problem.path, options.fields)
    if (field) {
      result.fields[field] = result.fields[field] ? `${result.fields[field]} ${text}` : text
    } else {
      result.general.push(text)
    }
  }
  if (!problems.length) {
    result.general.push(errorText(body, status, error, tr, options))
  }
  return result
}

/** The whole error as one text (each problem naming its field), e.g. for a toast. */
export function apiErrorText(error: unknown, tr: Translator, options: Omit<RenderOptions, "fields"> = {}): string {
  return renderApiError(error, tr, options).general.join(" ")
}

/** The label of a field path, e.g. "audience.created_at.gte" → 配信対象（登録日（下限））. */
export function fieldLabel(path: string, tr: Translator): string {
  const labels = path
    .split(".")
    .filter((segment) => segment && !/^\d+$/.test(segment))
    .map((segment) => (tr.exists(`errors.labels.${segment}`) ? tr.t(`errors.labels.${segment}`) : segment))
  if (!labels.length) {
    return ""
  }
  return labels.reduceRight((child, parent) => tr.t("errors.labels.nested", { parent, child }))
}

function fieldOf(path: string, fields: readonly string[] | undefined): string | undefined {
  if (!fields || !path) {
    return undefined
  }
  if (fields.includes(path)) {
    return path
  }
  const top = path.split(".")[0]
  return fields.includes(top) ? top : undefined
}

function problemText(problem: ApiProblem, tr: Translator, options: RenderOptions): string {
  const params = problem.params ?? {}
  const variant = [params.origin, params.format].find((v) => typeof v === "string") as string | undefined
  const keys = [
    ...(variant ? [`errors.field.${problem.code}_${variant}`] : []),
    `errors.field.${problem.code}`,
    `errors.${problem.code}`,
  ]
  const key = keys.find((k) => tr.exists(k)) ?? "errors.field.invalid"
  return tr.t(key, formatParams({ field: problem.path, ...params }, tr, options))
}

function errorText(
  body: ApiErrorBody | undefined,
  status: number | undefined,
  error: unknown,
  tr: Translator,
  options: RenderOptions
): string {
  if (body?.code && !GROUPS.has(body.code) && tr.exists(`errors.${body.code}`)) {
    return tr.t(`errors.${body.code}`, formatParams(body.params ?? {}, tr, options))
  }
  const type =
    (body?.type && tr.exists(`errors.type.${body.type}`) && body.type) ||
    (status !== undefined && TYPE_BY_STATUS[status]) ||
    (status !== undefined && status >= 500 && "unexpected_state") ||
    // fetch's own failure: the server was never reached.
    (error instanceof TypeError && "network") ||
    "unknown"
  return tr.t(`errors.type.${type}`)
}

function formatParams(
  params: Record<string, unknown>,
  tr: Translator,
  options: RenderOptions
): Record<string, unknown> {
  const separator = tr.t("errors.listSeparator")
  const one = (name: string, value: unknown): string | number => {
    if (value === null || value === undefined) {
      return ""
    }
    if (typeof value === "number") {
      return value
    }
    const text = String(value)
    if (LABELLED.has(name)) {
      return fieldLabel(text, tr)
    }
    const prefix = TRANSLATED[name]?.find((p) => tr.exists(`${p}.${text}`))
    if (prefix) {
      return tr.t(`${prefix}.${text}`)
    }
    if (isDateParam(name) && options.formatDate && !Number.isNaN(Date.parse(text))) {
      return options.formatDate(text)
    }
    return text
  }
  const formatted: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(params)) {
    formatted[name] = Array.isArray(value) ? value.map((v) => one(name, v)).join(separator) : one(name, value)
  }
  return formatted
}

/** The dashboard's i18next (react-i18next's instance), in the plugin's namespace. */
function dashboardTranslator(): Translator {
  const i18n = getI18n()
  return {
    t: (key, options) => i18n.t(key, { ...options, ns: "newsletter" }) as string,
    exists: (key) => i18n.exists(key, { ns: "newsletter" }),
  }
}

/**
 * The whole error in the admin's language, from the dashboard's i18next, e.g. for a toast; a
 * screen that shows problems at its fields uses `useApiError().render` instead. Dates in params
 * are shown as the API wrote them (a screen that has the store's time zone formats them).
 */
export const errorMessage = (error: unknown): string => apiErrorText(error, dashboardTranslator())
