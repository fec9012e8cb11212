import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError } from "../errors"

/**
 * The one wording of a missing resource, e.g. `Newsletter with id "nl_1" was not found`, with
 * the code `<resource>_not_found` (`newsletter_not_found`, `newsletter_category_not_found`,
 * `customer_not_found`) and `{ id }`.
 */
export function notFound(resource: string, id: string): NewsletterError {
  return new NewsletterError(
    MedusaError.Types.NOT_FOUND,
    `${resource.toLowerCase().replace(/\s+/g, "_")}_not_found`,
    `${resource} with id "${id}" was not found`,
    { id }
  )
}
