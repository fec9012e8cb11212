import { MedusaError } from "@medusajs/framework/utils"

/**
 * The values a message needs, by name: the admin's ja/en dictionaries write them as `{{name}}`
 * (e.g. `{ id: "nl_1", status: "sending" }`). Plain JSON values only, so they survive the workflow
 * engine's serialization and the HTTP answer unchanged.
 */
export type NewsletterErrorParams = Record<
  string,
  string | number | boolean | null | readonly (string | number)[]
>

/** One problem of a request's body or query: `path` like "audience.created_at.gte", or "" for the whole body. */
export type NewsletterFieldProblem = {
  path: string
  code: string
  params: NewsletterErrorParams
}

/**
 * A MedusaError that also says what happened as a stable `code` with its `params`, so the admin
 * can say it in the store owner's language and never parses `message`, which stays English for
 * developers and logs. A bad request lists every field problem in `errors`.
 *
 * Detect it with {@link isNewsletterError}, not `instanceof`: an error thrown in a workflow step
 * reaches the route as a serialized copy with the same properties.
 */
export class NewsletterError extends MedusaError {
  params: NewsletterErrorParams
  errors?: NewsletterFieldProblem[]

  constructor(
    type: string,
    code: string,
    message: string,
    params: NewsletterErrorParams = {},
    errors?: NewsletterFieldProblem[]
  ) {
    super(type, message, code)
    this.params = params
    if (errors) {
      this.errors = errors
    }
  }
}

/** True for a {@link NewsletterError} or its serialized copy (thrown from a workflow step). */
export function isNewsletterError(error: unknown): error is NewsletterError {
  return (
    MedusaError.isMedusaError(error) &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { params?: unknown }).params === "object" &&
    (error as { params?: unknown }).params !== null
  )
}

/**
 * A {@link NewsletterError} about one field of the request: the same code and params, also as the
 * field's problem in `errors`, so a form shows it at the field (e.g. an unknown tag in `body`).
 */
export function fieldError(
  type: string,
  code: string,
  message: string,
  path: string,
  params: NewsletterErrorParams = {}
): NewsletterError {
  return new NewsletterError(type, code, message, params, [{ path, code, params }])
}
