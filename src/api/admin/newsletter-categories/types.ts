import type { z } from "@medusajs/framework/zod"
import type { AdminCreateNewsletterCategory } from "./validators"
import type { AdminListResponse } from "../../utils/list-response"

// The answers of the category routes (配信カテゴリ), written once for the routes and the admin
// screens (which import them as types only).

/** A delivery category with its sending window (local HH:MM in the store's time zone, or none). */
export type AdminNewsletterCategory = {
  id: string
  name: string
  description?: string | null
  window_start: string | null
  window_end: string | null
  created_at?: string
  updated_at?: string
}

/** `POST /admin/newsletter-categories(/:id)`: the validator's own input type. */
export type AdminNewsletterCategoryPayload = z.input<typeof AdminCreateNewsletterCategory>

/** `GET /admin/newsletter-categories` */
export type AdminNewsletterCategoryListResponse = AdminListResponse<"newsletter_categories", AdminNewsletterCategory>

/** `GET`, `POST /admin/newsletter-categories/:id` and create */
export type AdminNewsletterCategoryResponse = { newsletter_category: AdminNewsletterCategory }

/** `DELETE /admin/newsletter-categories/:id` */
export type AdminNewsletterCategoryDeleteResponse = { id: string; object: "newsletter_category"; deleted: true }
