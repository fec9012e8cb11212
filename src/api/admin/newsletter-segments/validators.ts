import { z } from "@medusajs/framework/zod"
import { AudienceFilterSchema } from "../../../lib/audience/schema"
import { listParams, retrieveParams } from "../../utils/list-params"
import { defaultAdminNewsletterSegmentFields } from "./query-config"

const fields = {
  name: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
  description: z.string().max(1000, "must be at most 1000 characters").nullable().optional(),
  /** The detailed-search filter (every key of an article's `audience`). */
  audience: AudienceFilterSchema,
}

export const AdminCreateNewsletterSegment = z.strictObject(fields)
export type AdminCreateNewsletterSegmentType = z.infer<typeof AdminCreateNewsletterSegment>

export const AdminUpdateNewsletterSegment = z.strictObject(fields).partial()
export type AdminUpdateNewsletterSegmentType = z.infer<typeof AdminUpdateNewsletterSegment>

export const AdminGetNewsletterSegmentsParams = listParams({
  limit: 50,
  order: "name",
  sortable: ["name", "created_at", "updated_at"],
  fields: defaultAdminNewsletterSegmentFields,
}).extend({
  /** Name contains this text, case-insensitively. */
  q: z.string().optional(),
  /** Add each segment's current number of recipients (`audience_count`). */
  with_count: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
})
export type AdminGetNewsletterSegmentsParamsType = z.infer<typeof AdminGetNewsletterSegmentsParams>

export const AdminGetNewsletterSegmentParams = retrieveParams({
  fields: defaultAdminNewsletterSegmentFields,
})
