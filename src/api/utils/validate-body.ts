import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { z } from "@medusajs/framework/zod"
import { formatZodIssues } from "../../lib/zod-issues"

/**
 * Validates the JSON body with a zod schema and puts the result on `req.validatedBody`.
 * Unlike Medusa's validator it names every wrong field in the 400 message, not only the first three.
 */
export function validateBody(schema: z.ZodType) {
  return async (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    const result = await schema.safeParseAsync(req.body ?? {})
    if (!result.success) {
      return next(
        new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `Invalid request: ${formatZodIssues(result.error.issues, req.body)}`
        )
      )
    }
    req.validatedBody = result.data
    next()
  }
}
