import type { z } from "@medusajs/framework/zod"

const has = (input: unknown, path: PropertyKey[]): boolean => {
  let node = input
  for (const key of path) {
    if (node === null || typeof node !== "object" || !(key in (node as object))) {
      return false
    }
    node = (node as Record<PropertyKey, unknown>)[key]
  }
  return node !== undefined
}

// How a wrong type is described, by the type zod expected.
const EXPECTED: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  date: "a date",
}

/**
 * Turns zod issues into one sentence per problem, naming the field, e.g.
 * `subject is required; scheduled_at must be an ISO 8601 date-time`.
 * Unlike Medusa's own formatter it names every problem, not only the first three.
 * `input` is the validated value, used to tell a missing field from a wrong one.
 */
export function formatZodIssues(
  issues: z.core.$ZodIssue[],
  input: unknown,
  root = "body",
  noun = "field"
): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join(".") || root
      if (issue.code === "unrecognized_keys") {
        const where = issue.path.length ? ` in ${path}` : ""
        return `unknown ${noun}${issue.keys.length > 1 ? "s" : ""}${where}: ${issue.keys.join(", ")}`
      }
      // A custom rule about a missing field says itself why it is required (e.g. "… when resend is set").
      if (issue.path.length && !has(input, issue.path) && issue.code !== "custom") {
        return `${path} is required`
      }
      if (issue.code === "invalid_type" && issue.expected in EXPECTED) {
        return `${path} must be ${EXPECTED[issue.expected]}`
      }
      if (issue.code === "invalid_value" && "values" in issue) {
        return `${path} must be one of: ${issue.values.map(String).join(", ")}`
      }
      return `${path} ${issue.message}`
    })
    .join("; ")
}
