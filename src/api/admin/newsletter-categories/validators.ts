import { z } from "@medusajs/framework/zod"
import { isTimeOfDay } from "../../../modules/newsletter/utils/sending-window"
import { listParams, retrieveParams } from "../../utils/list-params"
import { defaultAdminNewsletterCategoryFields } from "./query-config"

const timeOfDay = z
  .string()
  .refine(isTimeOfDay, {
    message: "must be a time of day written HH:MM, e.g. 09:00",
    params: { code: "invalid_time_of_day" },
  })
  .nullable()
  .optional()

const fields = {
  name: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
  description: z.string().max(1000).nullable().optional(),
  // Local times in the store's time zone; end before start crosses midnight.
  window_start: timeOfDay,
  window_end: timeOfDay,
}

export const AdminCreateNewsletterCategory = z.object(fields).strict()
export type AdminCreateNewsletterCategoryType = z.infer<typeof AdminCreateNewsletterCategory>

export const AdminUpdateNewsletterCategory = z.object(fields).partial().strict()
export type AdminUpdateNewsletterCategoryType = z.infer<typeof AdminUpdateNewsletterCategory>

export const AdminGetNewsletterCategoriesParams = listParams({
  limit: 50,
  order: "name",
  sortable: ["name", "created_at", "updated_at"],
  fields: defaultAdminNewsletterCategoryFields,
}).extend({ q: z.string().optional() })
export type AdminGetNewsletterCategoriesParamsType = z.infer<typeof AdminGetNewsletterCategoriesParams>

export const AdminGetNewsletterCategoryParams = retrieveParams({
  fields: defaultAdminNewsletterCategoryFields,
})
