import type { MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { READ_TIMEOUT_CODE } from "../../modules/newsletter/utils/read-timeout"

/**
 * Answers a read the database stopped at its statement timeout (the audience preview, a CSV
 * export) with 503 and the module's message, which says what took too long and what to do:
 * Medusa's error handler would answer it as a 500. Returns false for any other error, which the
 * caller rethrows.
 */
export function respondReadTimeout(error: unknown, res: MedusaResponse): boolean {
  if (MedusaError.isMedusaError(error) && error.code === READ_TIMEOUT_CODE) {
    res.status(503).json({ type: "timeout", code: READ_TIMEOUT_CODE, message: error.message })
    return true
  }
  return false
}
