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
 * The fields a `fields` query parameter names, in Medusa's syntax (comma-separated; `+f` adds to
 * the defaults, `-f` removes, `*relation` or `relation.*` selects a relation whole, written here
 * as `relation.*`).
 */
export function requestedFields(fields: string): string[] {
  return fields
    .split(",")
    .map((f) => f.replace(/^[+ \t-]+/, "").trim())
    .filter(Boolean)
    .map((f) => (f.startsWith("*") ? `${f.slice(1)}.*` : f))
}

/**
 * Medusa's `fields` parameter limited to `allowed`: a field that is not on the list (unknown, or
 * a relation the route does not expose, such as an article's 100,000 recipients) is a 400 naming
 * it (`unknown_fields` {keys, allowed} at the path `fields`). Medusa's own `allowed` query config (set too, in each query-config.ts) drops such fields
 * silently in 2.21, which hides a typo and answers something else than was asked.
 */
export function fieldsParam(allowed: readonly string[]) {
  return z
    .string()
    .optional()
    .superRefine((fields, ctx) => {
      const refused = [...new Set(requestedFields(fields ?? ""))].filter((f) => !allowed.includes(f))
      if (refused.length) {
        ctx.addIssue({
          code: "custom",
          // The path names the parameter: "fields may not name …".
          message: `may not name ${refused.join(", ")} (allowed: ${allowed.join(", ")})`,
          params: { code: "unknown_fields", keys: refused, allowed: [...allowed] },
        })
      }
    })
}

/** Medusa's parameters of a route that retrieves one record: `fields`, limited to `allowed`. */
export function retrieveParams(options: { fields: readonly string[] }) {
  return createFindParams().extend({ fields: fieldsParam(options.fields) })
}

/**
 * Medusa's list parameters (fields, offset, limit, order) with the bounds Medusa leaves open: a
 * negative offset or limit, an order on an unknown column, or a field not in `fields`, is a 400
 * naming it rather than a database error or a silently different answer.
 */
export function listParams(options: {
  limit: number
  order: string
  sortable: readonly string[]
  fields: readonly string[]
}) {
  const orders = options.sortable.flatMap((field) => [field, `-${field}`])
  return createFindParams({ limit: options.limit, offset: 0, order: options.order }).extend({
    fields: fieldsParam(options.fields),
    offset: whole(0, 1_000_000_000, 0),
    limit: whole(1, 1000, options.limit),
    order: z
      .string()
      .refine((v) => orders.includes(v), {
        message: `must be one of: ${orders.join(", ")}`,
        params: { code: "invalid_value", values: orders },
      })
      .default(options.order),
  })
}
