import type { z } from "@medusajs/framework/zod"

/**
 * Turns zod issues into one sentence per problem, naming the field, e.g.
 * `subject is required; scheduled_at must be an ISO 8601 date-time`.
 * Unlike Medusa's own formatter it names every problem, not only the first three.
 */
export function formatZodIssues(issues: z.core.$ZodIssue[], root = "body"): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join(".") || root
      if ((issue.code === "invalid_type" || issue.code === "invalid_value") && issue.input === undefined) {
        return `${path} is required`
      }
      if (issue.code === "unrecognized_keys") {
        const where = issue.path.length ? ` in ${path}` : ""
        return `unknown field${issue.keys.length > 1 ? "s" : ""}${where}: ${issue.keys.join(", ")}`
      }
      if (issue.code === "invalid_value" && "values" in issue) {
        return `${path} must be one of: ${issue.values.map(String).join(", ")}`
      }
      return `${path} ${issue.message}`
    })
    .join("; ")
}
