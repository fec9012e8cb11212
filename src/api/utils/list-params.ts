import { z } from "@medusajs/framework/zod"
import { createFindParams } from "@medusajs/medusa/api/utils/validators"

const whole = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
    z
      .number("must be a whole number")
      .int("must be a whole number")
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(fallback)
  )

/**
 * Medusa's list parameters (fields, offset, limit, order) with the bounds Medusa leaves open: a
 * negative offset or limit, or an order on an unknown column, is a 400 naming it rather than a
 * database error.
 */
export function listParams(options: { limit: number; order: string; sortable: readonly string[] }) {
  const orders = options.sortable.flatMap((field) => [field, `-${field}`])
  return createFindParams({ limit: options.limit, offset: 0, order: options.order }).extend({
    offset: whole(0, 1_000_000_000, 0),
    limit: whole(1, 1000, options.limit),
    order: z
      .string()
      .refine((v) => orders.includes(v), {
        message: `must be one of: ${orders.join(", ")}`,
      })
      .default(options.order),
  })
}
