import { z } from "@medusajs/framework/zod"

/** Largest JSON body the import accepts (the CSV text inside it). */
export const IMPORT_SIZE_LIMIT = "20mb"

/**
 * `POST /admin/newsletter-subscriptions/import`: the CSV file's text in a JSON body, as an admin
 * screen sends it after reading the chosen file (`await file.text()`).
 */
export const AdminImportNewsletterSubscriptions = z.strictObject({
  csv: z.string().min(1, "must not be empty"),
})
export type AdminImportNewsletterSubscriptionsType = z.infer<
  typeof AdminImportNewsletterSubscriptions
>
