import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { z } from "@medusajs/framework/zod"
import { formatZodIssues, zodIssueProblems } from "../../lib/zod-issues"
import { NewsletterError } from "../../modules/newsletter/errors"
import { respondError } from "./respond-error"

/**
 * Checks `input` with a zod schema: the parsed value, or a 400 (code `invalid_request`) naming
 * every wrong field in its English message and listing each in `errors` as `{ path, code,
 * params }`. For a route that reads its own body (Medusa's body parser off), which the
 * middleware below can't see.
 */
export async function validated<T extends z.ZodType>(
  schema: T,
  input: unknown,
  source: "body" | "query" = "body"
): Promise<z.infer<T>> {
  const value = input ?? {}
  const result = await schema.safeParseAsync(value)
  if (!result.success) {
    throw new NewsletterError(
      MedusaError.Types.INVALID_DATA,
      "invalid_request",
      `Invalid request: ${formatZodIssues(result.error.issues, value, source)}`,
      {},
      zodIssueProblems(result.error.issues, value)
    )
  }
  return result.data
}

function validate(source: "body" | "query", schema: z.ZodType) {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    let data: unknown
    try {
      data = await validated(schema, source === "body" ? req.body : req.query, source)
    } catch (error) {
      // Answered here in the plugin's shape: Medusa's handler would drop the code and `errors`.
      return respondError(error, res) ? undefined : next(error)
    }
    if (source === "body") {
      req.validatedBody = data
    } else {
      req.validatedQuery = data as Record<string, unknown>
    }
    next()
  }
}

/**
 * Validates the JSON body with a zod schema and puts the result on `req.validatedBody`.
 * Unlike Medusa's validator it names every wrong field, not only the first three, and answers
 * the plugin's error shape (see {@link validated}).
 */
export const validateBody = (schema: z.ZodType) => validate("body", schema)

/** The same for the query string of routes that take no list parameters; sets `req.validatedQuery`. */
export const validateQuery = (schema: z.ZodType) => validate("query", schema)

/**
 * Checks the query string of a list or retrieve route with the same schema Medusa's
 * `validateAndTransformQuery` then applies, so that a wrong parameter is answered in the
 * plugin's shape (Medusa's own answer has no code and names three problems at most). It sets
 * nothing: Medusa's middleware, placed after it, builds `req.queryConfig` as before.
 */
export const checkQuery = (schema: z.ZodType) => {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      await validated(schema, req.query, "query")
    } catch (error) {
      return respondError(error, res) ? undefined : next(error)
    }
    next()
  }
}
