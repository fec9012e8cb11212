import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { z } from "@medusajs/framework/zod"
import { formatZodIssues } from "../../lib/zod-issues"

/**
 * Checks `input` with a zod schema: the parsed value, or a 400 naming every wrong field. For a
 * route that reads its own body (Medusa's body parser off), which the middleware below can't see.
 */
export async function validated<T extends z.ZodType>(
  schema: T,
  input: unknown,
  source: "body" | "query" = "body"
): Promise<z.infer<T>> {
  const result = await schema.safeParseAsync(input ?? {})
  if (!result.success) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Invalid request: ${formatZodIssues(result.error.issues, input ?? {}, source)}`
    )
  }
  return result.data
}

function validate(source: "body" | "query", schema: z.ZodType) {
  return async (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    let data: unknown
    try {
      data = await validated(schema, source === "body" ? req.body : req.query, source)
    } catch (error) {
      return next(error)
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
 * Unlike Medusa's validator it names every wrong field in the 400 message, not only the first three.
 */
export const validateBody = (schema: z.ZodType) => validate("body", schema)

/** The same for the query string of routes that take no list parameters; sets `req.validatedQuery`. */
export const validateQuery = (schema: z.ZodType) => validate("query", schema)
