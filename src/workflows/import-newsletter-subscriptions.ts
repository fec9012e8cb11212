import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import type { RejectedRow } from "../lib/csv/import"
import { NewsletterEvents } from "../modules/newsletter"
import { importNewsletterSubscriptionsStep } from "./steps/import-newsletter-subscriptions"
import { parseNewsletterSubscriptionCsvStep } from "./steps/parse-newsletter-subscription-csv"

export type ImportNewsletterSubscriptionsWorkflowInput = {
  /** The CSV text: columns email, status, consented_at, source. */
  csv: string
  /** The admin user who imports, kept in each history entry. */
  actor_id?: string | null
}

/** The import report. `accepted` = `created` + `updated` + `unchanged`. */
export type ImportNewsletterSubscriptionsReport = {
  accepted: number
  created: number
  updated: number
  unchanged: number
  without_customer: number
  rejected: RejectedRow[]
}

export const importNewsletterSubscriptionsWorkflowId = "import-newsletter-subscriptions"

/**
 * This workflow imports a subscriber list (CSV) for a shop that moves its existing list into
 * Medusa: every row is checked, the accepted ones are written set-based with history source
 * `import` and their consent date, and `newsletter.subscription_updated` is emitted for each
 * subscription that was created or changed. It returns the report: counts and every rejected row
 * with its line and reason. A malformed file imports nothing.
 *
 * @example
 * const { result } = await importNewsletterSubscriptionsWorkflow(container).run({
 *   input: { csv: "email,status,consented_at,source\ntaro@example.jp,subscribed,2024-04-01,旧ショップ会員登録\n" },
 * })
 * // result.accepted, result.rejected
 */
export const importNewsletterSubscriptionsWorkflow = createWorkflow(
  importNewsletterSubscriptionsWorkflowId,
  (input: WorkflowData<ImportNewsletterSubscriptionsWorkflowInput>) => {
    const parsed = parseNewsletterSubscriptionCsvStep({ csv: input.csv })
    const written = importNewsletterSubscriptionsStep(
      transform({ parsed, input }, ({ parsed, input }) => ({
        rows: parsed.rows,
        actor_id: input.actor_id ?? null,
      }))
    )
    when({ written }, ({ written }) => written.changed_ids.length > 0).then(() => {
      emitEventStep({
        eventName: NewsletterEvents.SUBSCRIPTION_UPDATED,
        data: transform({ written }, ({ written }) => written.changed_ids.map((id) => ({ id }))),
      })
    })
    const report = transform({ parsed, written }, ({ parsed, written }): ImportNewsletterSubscriptionsReport => ({
      accepted: written.created + written.updated + written.unchanged,
      created: written.created,
      updated: written.updated,
      unchanged: written.unchanged,
      without_customer: written.without_customer,
      rejected: [...parsed.rejected, ...written.rejected].sort((a, b) => a.line - b.line),
    }))
    return new WorkflowResponse(report)
  }
)
