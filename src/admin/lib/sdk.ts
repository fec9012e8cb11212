import Medusa, { FetchError, type FetchArgs, type FetchInput } from "@medusajs/js-sdk"

// Replaced by the host's `admin.backendUrl` when the host runs `medusa build`; a plugin build
// leaves it untouched, so it must be guarded (an `import.meta.env.VITE_*` would be frozen at the
// plugin's build instead).
declare const __BACKEND_URL__: string | undefined

const BACKEND_URL = (typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__) || "/"

export const sdk = new Medusa({
  baseUrl: BACKEND_URL,
  debug: import.meta.env.DEV,
  auth: { type: "session" },
})

/**
 * A failed request: the js-sdk's FetchError (`status`, and the answer's `message` as its own)
 * with the answer's JSON body, which for the plugin's routes is `{ type, code, message, params,
 * errors? }` (see lib/errors.ts, which renders it in the admin's language).
 */
export class ApiError extends FetchError {
  body: unknown

  constructor(body: unknown, statusText: string, status: number) {
    const message = (body as { message?: unknown } | null)?.message
    super(typeof message === "string" ? message : statusText, statusText, status)
    this.body = body
  }
}

// Query values as the js-sdk writes them (qs: `status[0]=draft&a[b]=c`, nulls left out).
function appendQuery(params: URLSearchParams, key: string, value: unknown): void {
  if (value === undefined || value === null) {
    return
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => appendQuery(params, `${key}[${i}]`, item))
  } else if (value instanceof Date) {
    params.append(key, value.toISOString())
  } else if (typeof value === "object") {
    Object.entries(value).forEach(([k, v]) => appendQuery(params, `${key}[${k}]`, v))
  } else {
    params.append(key, String(value))
  }
}

function requestUrl(input: FetchInput, query: Record<string, unknown> | undefined): FetchInput {
  if (!(typeof input === "string" || input instanceof URL)) {
    return input
  }
  const base = new URL(BACKEND_URL === "/" ? window.location.origin : BACKEND_URL, window.location.origin)
  const url = new URL(`${base.pathname.replace(/\/$/, "")}/${input.toString().replace(/^\//, "")}`, base.origin)
  if (query) {
    Object.entries(query).forEach(([key, value]) => appendQuery(url.searchParams, key, value))
  }
  return url
}

/**
 * `sdk.client.fetch` as the js-sdk does it for the admin (session cookie, JSON in and out unless
 * the caller asks for another type, the answer's Response otherwise), except that a failure keeps
 * the answer's body: the js-sdk's FetchError carries only its message, and the admin needs the
 * error's code, params and field problems to say it in the store owner's language.
 */
async function fetchKeepingErrorBodies(input: FetchInput, init?: FetchArgs): Promise<unknown> {
  const headers = new Headers({ "content-type": "application/json", accept: "application/json" })
  const locale = sdk.getLocale()
  if (locale) {
    headers.set("x-medusa-locale", locale)
  }
  Object.entries(init?.headers ?? {}).forEach(([key, value]) =>
    value === null || value === undefined ? headers.delete(key) : headers.set(key, String(value))
  )
  const { query, headers: _headers, body: rawBody, ...rest } = init ?? {}
  const body =
    rawBody && headers.get("content-type")?.includes("application/json") ? JSON.stringify(rawBody) : rawBody
  const response = await fetch(requestUrl(input, query), {
    ...rest,
    headers,
    credentials: "include",
    ...(body ? { body: body as BodyInit } : {}),
  })
  if (response.status >= 300) {
    const errorBody = await response.json().catch(() => ({}))
    throw new ApiError(errorBody, response.statusText, response.status)
  }
  return headers.get("accept")?.includes("application/json") ? await response.json() : response
}

sdk.client.fetch = fetchKeepingErrorBodies as typeof sdk.client.fetch
