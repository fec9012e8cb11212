import type { AdminNewsletterPayload, NewsletterCouponModeValue, NewsletterFormatValue } from "../../api/admin/newsletters/types"
import { NewsletterArticleSchema } from "../../lib/newsletter-article"
import { zodIssueProblems } from "../../lib/zod-issues"
import { type Condition, toAudience } from "./audience"
import type { ApiProblem } from "./errors"
import { fromLocalInput } from "./time"

/**
 * The article form's values (記事作成 / 編集), named as the API's fields so that a problem the
 * API or the shared schema names lands on its field: `scheduled_at` is the send time as the
 * datetime-local input holds it (the store's wall clock), `audience` the detailed search's
 * conditions; the others are as the API takes them.
 */
export type ArticleFormValues = {
  scheduled_at: string
  subject: string
  format: NewsletterFormatValue
  body: string
  category_id: string | null
  promotion_id: string | null
  coupon_mode: NewsletterCouponModeValue
  audience: Condition[]
}

/** Why the send time is refused before the schema looks at it (texts `form.errors.*`). */
export type ScheduleProblem = { kind: "invalidDate" } | { kind: "leadTime"; minutes: number }

export type ArticleCheck = {
  /** What the form sends: `POST /admin/newsletters` (create) or `/:id` (edit). */
  payload: AdminNewsletterPayload
  /** The shared schema's problems, as the API's 400 would list them (`{ path, code, params }`). */
  problems: ApiProblem[]
  schedule?: ScheduleProblem
}

/**
 * The request the form's values make: the send time in the store's zone with its offset, the
 * conditions as the audience filter, no coupon mode without a promotion. A missing send time is
 * left out; on create, so are an empty subject and body, so that they are "required" as the API
 * says it.
 */
export function articlePayload(
  values: ArticleFormValues,
  options: { timeZone: string; create: boolean }
): AdminNewsletterPayload {
  const payload: AdminNewsletterPayload = {
    subject: values.subject,
    body: values.body,
    format: values.format,
    category_id: values.category_id,
    audience: toAudience(values.audience, options.timeZone),
    promotion_id: values.promotion_id,
    coupon_mode: values.promotion_id ? values.coupon_mode : "none",
  }
  const scheduledAt = values.scheduled_at ? fromLocalInput(values.scheduled_at, options.timeZone) : null
  if (scheduledAt) {
    payload.scheduled_at = scheduledAt
  }
  if (options.create) {
    if (!values.subject.trim()) delete payload.subject
    if (!values.body) delete payload.body
  }
  return payload
}

/**
 * Checks the form before it is sent, with the server's own rules for the fields they share
 * (lib/newsletter-article.ts: all of them required on create, any on edit) and the send time's
 * lead (`lead` minutes from `now`), which only the screen knows to check before the API does.
 */
export function checkArticle(
  values: ArticleFormValues,
  options: { timeZone: string; create: boolean; lead: number; now: number }
): ArticleCheck {
  const payload = articlePayload(values, options)
  const { audience: _audience, ...shared } = payload
  const schema = options.create ? NewsletterArticleSchema : NewsletterArticleSchema.partial()
  const result = schema.safeParse(shared)
  const problems = result.success ? [] : zodIssueProblems(result.error.issues, shared)
  let schedule: ScheduleProblem | undefined
  if (values.scheduled_at) {
    if (!payload.scheduled_at) {
      schedule = { kind: "invalidDate" }
    } else if (new Date(payload.scheduled_at).getTime() < options.now + options.lead * 60_000) {
      schedule = { kind: "leadTime", minutes: options.lead }
    }
  }
  return {
    payload,
    // The send time's own check says more than the schema's about a time the input holds.
    problems: schedule ? problems.filter((p) => p.path !== "scheduled_at") : problems,
    schedule,
  }
}
