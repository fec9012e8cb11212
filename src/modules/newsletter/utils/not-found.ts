import { MedusaError } from "@medusajs/framework/utils"

/** The one wording of a missing resource, e.g. `Newsletter with id "nl_1" was not found`. */
export function notFound(resource: string, id: string): MedusaError {
  return new MedusaError(MedusaError.Types.NOT_FOUND, `${resource} with id "${id}" was not found`)
}
