import {
  errorHandler as medusaErrorHandler,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError, type NewsletterErrorParams } from "../../modules/newsletter/errors"
import { respondError } from "./respond-error"

type Middleware = (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => unknown

/**
 * The plugin's paths: their answers carry `{ type, code, message, params }` even where Medusa's
 * own middlewares answer (the body parser, the publishable key, the admin's authentication).
 */
const PLUGIN_PATH =
  /^\/(?:admin\/newsletter[^/]*(?:\/|$)|admin\/customers\/[^/]+\/newsletter-subscription(?:\/|$)|store\/newsletter[^/]*(?:\/|$)|store\/customers\/me\/newsletter-subscription(?:\/|$)|hooks\/newsletter(?:\/|$))/

export const isPluginPath = (path: string) => PLUGIN_PATH.test(path)

/** The header Medusa reads the publishable key from (PUBLISHABLE_KEY_HEADER). */
const PUBLISHABLE_KEY_HEADER = "x-publishable-api-key"

/** An error of the body parser (http-errors): its status and its `type`, e.g. "entity.too.large". */
type HttpError = Error & { status?: number; statusCode?: number; expose?: boolean; type?: string; limit?: number }

const httpStatus = (error: unknown): number | undefined => {
  const e = error as HttpError
  const status = e?.status ?? e?.statusCode
  return error instanceof Error && typeof status === "number" && status >= 400 && status < 600 ? status : undefined
}

/** The body parser's refusals, as the plugin's errors (the status stays the parser's). */
function bodyParserError(error: HttpError, status: number): NewsletterError {
  const type = MedusaError.Types.INVALID_DATA
  const params: NewsletterErrorParams = {}
  switch (error.type) {
    case "entity.parse.failed":
      return new NewsletterError(type, "invalid_json", "The request body is not valid JSON", params)
    case "entity.too.large":
      return new NewsletterError(type, "body_too_large", `The request body is larger than ${error.limit} bytes`, {
        limit_bytes: error.limit ?? null,
      })
    case "encoding.unsupported":
      return new NewsletterError(type, "unsupported_content_encoding", error.message, params)
    case "charset.unsupported":
      return new NewsletterError(type, "unsupported_charset", error.message, params)
    default:
      return new NewsletterError(type, "invalid_request_body", error.expose ? error.message : `HTTP ${status}`, params)
  }
}

/** Answers `error` in the plugin's shape with the given status; true when answered. */
function answer(res: MedusaResponse, status: number, error: NewsletterError): true {
  res.status(status).json({ type: error.type, code: error.code, message: error.message, params: error.params })
  return true
}

/**
 * What the plugin says for an error that reached Express's error handler on one of its paths:
 * the body parser's (invalid JSON, too large), the publishable key's (missing, invalid), any
 * MedusaError a client caused. False for the rest (a 500: Medusa's handler logs and answers it).
 */
function answerOnPluginPath(error: unknown, req: MedusaRequest, res: MedusaResponse): boolean {
  const status = httpStatus(error)
  if (status !== undefined && !MedusaError.isMedusaError(error)) {
    return status < 500 && answer(res, status, bodyParserError(error as HttpError, status))
  }
  const onStore = req.path.startsWith("/store/")
  const keyChecked = !!(req as MedusaRequest & { publishable_key_context?: unknown }).publishable_key_context
  if (onStore && !keyChecked && MedusaError.isMedusaError(error) && (error as MedusaError).type === MedusaError.Types.NOT_ALLOWED) {
    // Medusa's publishable key middleware refused the request before any of the plugin's code ran.
    const sent = !!req.get(PUBLISHABLE_KEY_HEADER)
    return answer(
      res,
      400,
      new NewsletterError(
        MedusaError.Types.NOT_ALLOWED,
        sent ? "publishable_key_invalid" : "publishable_key_required",
        sent
          ? "A valid publishable API key is required"
          : `A publishable API key is required in the ${PUBLISHABLE_KEY_HEADER} header`,
        { header: PUBLISHABLE_KEY_HEADER }
      )
    )
  }
  return respondError(error, res)
}

/**
 * The application's error handler (`errorHandler` of defineMiddlewares): the plugin's paths answer
 * in the plugin's shape; every other path goes to Medusa's own handler unchanged.
 *
 * Medusa 2.21 keeps ONE error handler for the whole app, the last `errorHandler` of the
 * middlewares files it loads (core, then each plugin, then the app itself; see
 * @medusajs/framework/dist/http/router.js `app.use(sourceErrorHandler ?? errorHandler())`). A store
 * that sets its own errorHandler, or a plugin registered after this one that does, replaces this
 * one: the plugin's paths then answer Medusa's `{ type, message }` for these errors again.
 */
export function newsletterErrorHandler() {
  const medusa = medusaErrorHandler()
  return (error: unknown, req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    if (res.headersSent || !isPluginPath(req.path)) {
      return medusa(error as Error, req, res, next)
    }
    if (answerOnPluginPath(error, req, res)) {
      return
    }
    // A server error (500): Medusa's handler logs it and answers; on the plugin's paths its body
    // gets the shape's `code` and `params` too.
    const json = res.json.bind(res)
    const shaped = Object.create(res) as MedusaResponse
    shaped.status = ((code: number) => (res.status(code), shaped)) as MedusaResponse["status"]
    shaped.json = ((body: { type?: string; code?: string; message?: string }) =>
      json({
        type: body?.type ?? "unknown_error",
        code: body?.code ?? body?.type ?? "unknown_error",
        message: body?.message ?? "An unknown error occurred.",
        params: {},
      })) as MedusaResponse["json"]
    return medusa(error as Error, req, shaped, next)
  }
}

/**
 * `middleware` (Medusa's `authenticate`), its 401 answered in the plugin's shape (code
 * `unauthorized`): Medusa's authenticate writes `{ message }` itself and never calls next(error).
 */
export function answering401(middleware: Middleware): Middleware {
  return (req, res, next) => {
    const shaped = Object.create(res) as MedusaResponse
    shaped.status = ((code: number) =>
      code === 401
        ? {
            json: (body?: { message?: string }) =>
              answer(
                res,
                401,
                new NewsletterError(MedusaError.Types.UNAUTHORIZED, "unauthorized", body?.message || "Unauthorized")
              ),
          }
        : res.status(code)) as MedusaResponse["status"]
    return middleware(req, shaped, next)
  }
}
