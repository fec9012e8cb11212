import { z } from "@medusajs/framework/zod"
import { IMPORT_MAX_BYTES } from "../../../lib/csv/import"

/**
 * Largest JSON body the import accepts: the file's own limit (IMPORT_MAX_BYTES, 20 MB, checked
 * before parsing) plus 4 MB for JSON's escapes (a line end or a quote takes a byte more in JSON),
 * so that a file the import takes is not refused for its envelope. A larger body is refused (413)
 * while it is received, before it is parsed.
 */
export const IMPORT_SIZE_LIMIT = IMPORT_MAX_BYTES + 4 * 1024 * 1024

/**
 * `POST /admin/newsletter-subscriptions/import` with a JSON body: the CSV file's text, as an admin
 * screen sends it after reading the chosen file (`await file.text()`). The compatible way; a large
 * file is better sent as the body itself (`Content-Type: text/csv`), which is never held whole.
 * Checked by the route, which reads its own body (see import/receive-file.ts).
 */
export const AdminImportNewsletterSubscriptions = z.strictObject({
  csv: z.string().min(1, "must not be empty"),
})
export type AdminImportNewsletterSubscriptionsType = z.infer<
  typeof AdminImportNewsletterSubscriptions
>
