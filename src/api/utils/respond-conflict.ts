import type { MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

/**
 * Medusa's error handler answers every CONFLICT with a generic "retry with an Idempotency-Key"
 * text. Where the conflict has a meaning the store owner must read (e.g. "sending has already
 * started"), the route answers the 409 itself with the real message. Returns false for any other
 * error, which the caller rethrows.
 */
export function respondConflict(error: unknown, res: MedusaResponse): boolean {
  if (MedusaError.isMedusaError(error) && error.type === MedusaError.Types.CONFLICT) {
    res.status(409).json({ type: "conflict", message: error.message })
    return true
  }
  return false
}
