import type { z } from "@medusajs/framework/zod"
import type { NewsletterErrorParams, NewsletterFieldProblem } from "../modules/newsletter/errors"

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

/**
 * Turns zod issues into the problems of a 400's `errors`, one per issue, each with the field's
 * dotted path ("" for the whole value), a stable code and the values its message needs:
 * `required`, `invalid_type` {expected}, `invalid_value` {values}, `unknown_fields` {keys},
 * `too_small` / `too_big` {minimum / maximum, origin}, `invalid_format` {format}. An empty text
 * (a string below a minimum of 1) is `required`, as the admin says it. A custom rule names its
 * code in the issue's `params` (`ctx.addIssue({ code: "custom", message, params: { code:
 * "reversed_range" } })`, or `.refine(check, { message, params: { code } })`); the other params
 * go with it. A custom rule without one, or an issue zod adds later, is `invalid`.
 * `input` is the validated value, used to tell a missing field from a wrong one.
 */
export function zodIssueProblems(issues: z.core.$ZodIssue[], input: unknown): NewsletterFieldProblem[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join("."), ...problemOf(issue, input) }))
}

function problemOf(
  issue: z.core.$ZodIssue,
  input: unknown
): { code: string; params: NewsletterErrorParams } {
  if (issue.code === "custom") {
    const { code, ...params } = (issue.params ?? {}) as Record<string, unknown>
    return typeof code === "string" ? { code, params: params as NewsletterErrorParams } : { code: "invalid", params: {} }
  }
  if (issue.code === "unrecognized_keys") {
    return { code: "unknown_fields", params: { keys: issue.keys } }
  }
  if (issue.path.length && !has(input, issue.path)) {
    return { code: "required", params: {} }
  }
  switch (issue.code) {
    case "invalid_type":
      return { code: "invalid_type", params: { expected: issue.expected } }
    case "invalid_value":
      return { code: "invalid_value", params: { values: issue.values.map(String) } }
    case "too_small":
      return issue.origin === "string" && Number(issue.minimum) === 1
        ? { code: "required", params: {} }
        : { code: "too_small", params: { minimum: Number(issue.minimum), origin: issue.origin } }
    case "too_big":
      return { code: "too_big", params: { maximum: Number(issue.maximum), origin: issue.origin } }
    case "invalid_format":
      return { code: "invalid_format", params: { format: issue.format } }
    case "invalid_union": {
      // A value or a list of values (e.g. `status`): the values any of the options allows.
      const values = issue.errors
        .flat()
        .flatMap((inner) => (inner.code === "invalid_value" ? inner.values.map(String) : []))
      return values.length
        ? { code: "invalid_value", params: { values: [...new Set(values)] } }
        : { code: "invalid", params: {} }
    }
    default:
      return { code: "invalid", params: {} }
  }
}
