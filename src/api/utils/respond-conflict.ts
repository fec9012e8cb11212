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

/**
 * Runs `action` (typically a workflow run); a CONFLICT it throws is answered as a 409 with its
 * own message (see {@link respondConflict}) and `undefined` is returned, so the route stops there.
 * Any other error is rethrown.
 */
export async function runAnsweringConflict<T>(
  res: MedusaResponse,
  action: () => Promise<T>
): Promise<T | undefined> {
  try {
    return await action()
  } catch (error) {
    if (respondConflict(error, res)) {
      return undefined
    }
    throw error
  }
}
