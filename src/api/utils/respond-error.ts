import type { MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import {
  isNewsletterError,
  type NewsletterErrorParams,
  type NewsletterFieldProblem,
} from "../../modules/newsletter/errors"
import { READ_TIMEOUT_CODE } from "../../modules/newsletter/utils/read-timeout"

/**
 * The body of every error the plugin's routes answer: a stable `code` and its `params` for the
 * admin's ja/en dictionaries, the English `message` for developers, and for a bad request every
 * field problem in `errors`.
 */
export type NewsletterErrorBody = {
  type: string
  code: string
  message: string
  params: NewsletterErrorParams
  errors?: NewsletterFieldProblem[]
}

// Medusa's error types a client can cause, with the status Medusa's own handler gives them.
const STATUS: Record<string, number> = {
  [MedusaError.Types.INVALID_DATA]: 400,
  [MedusaError.Types.NOT_ALLOWED]: 400,
  [MedusaError.Types.UNAUTHORIZED]: 401,
  [MedusaError.Types.FORBIDDEN]: 403,
  [MedusaError.Types.NOT_FOUND]: 404,
  [MedusaError.Types.CONFLICT]: 409,
  [MedusaError.Types.DUPLICATE_ERROR]: 422,
}

// Codes whose status does not follow their type: a read the database stopped is the server's
// limit (503, try again), not a wrong request; a body too large or of a type the route does not
// read is the HTTP status that says so (413, 415).
const STATUS_BY_CODE: Record<string, number> = {
  [READ_TIMEOUT_CODE]: 503,
  import_file_too_large: 413,
  import_json_too_large: 413,
  unsupported_media_type: 415,
  unsupported_charset: 415,
  unsupported_content_encoding: 415,
  // The storefront signup: over the per-IP limit (with retry-after), an expired confirmation link.
  signup_rate_limited: 429,
  confirmation_token_expired: 410,
}

/**
 * The status and body for `error`, or undefined when it is not one a client caused (Medusa's
 * handler answers those as 500 and logs them). The status follows the error's type as in Medusa's
 * handler, except that a 409 keeps its own message. A MedusaError without a code (e.g. from a
 * core workflow) gets its type as code, e.g. "not_found", and no params.
 */
export function errorResponse(
  error: unknown
): { status: number; body: NewsletterErrorBody } | undefined {
  if (!MedusaError.isMedusaError(error)) {
    return undefined
  }
  const e = error as MedusaError & { params?: NewsletterErrorParams; errors?: NewsletterFieldProblem[] }
  const status = (e.code && STATUS_BY_CODE[e.code]) || STATUS[e.type]
  if (!status) {
    return undefined
  }
  const body: NewsletterErrorBody = {
    type: e.type,
    code: isNewsletterError(e) ? e.code! : e.code || e.type,
    message: e.message,
    params: isNewsletterError(e) ? e.params : {},
  }
  if (e.errors?.length) {
    body.errors = e.errors
  }
  return { status, body }
}

/** Answers `error` as {@link errorResponse} says; false when it is not a client's error (rethrow it). */
export function respondError(error: unknown, res: MedusaResponse): boolean {
  const answer = errorResponse(error)
  if (!answer) {
    return false
  }
  const retryAfter = answer.body.params.retry_after_seconds
  if (answer.status === 429 && typeof retryAfter === "number") {
    res.setHeader("retry-after", String(retryAfter))
  }
  res.status(answer.status).json(answer.body)
  return true
}

/**
 * Wraps a route handler so that every error a client caused is answered in the plugin's shape
 * ({@link NewsletterErrorBody}) instead of Medusa's (which has no params and replaces every 409's
 * message); anything else goes on to Medusa's handler (500, logged).
 *
 * @example export const POST = answeringErrors(async (req, res) => { … })
 */
export function answeringErrors<Req, Res extends MedusaResponse>(
  handler: (req: Req, res: Res) => Promise<unknown> | unknown
): (req: Req, res: Res) => Promise<void> {
  return async (req, res) => {
    try {
      await handler(req, res)
    } catch (error) {
      // Once an answer has begun (a CSV download) it can only be cut off: Medusa's handler does.
      if (res.headersSent || !respondError(error, res)) {
        throw error
      }
    }
  }
}
