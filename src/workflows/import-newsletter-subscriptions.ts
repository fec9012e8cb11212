import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import type { RejectedRow } from "../lib/csv/import"
import { emitNewsletterSubscriptionUpdatesStep } from "./steps/emit-newsletter-subscription-updates"
import { importNewsletterSubscriptionsStep } from "./steps/import-newsletter-subscriptions"

export type ImportNewsletterSubscriptionsWorkflowInput = {
  /** The CSV text: columns email, status, consented_at, source. Give this or `file_path`. */
  csv?: string
  /**
   * A CSV file (UTF-8) on this machine's disk, read as a stream: how a large file is imported
   * without holding its text in memory (the import route writes a received file there).
   */
  file_path?: string
  /** The admin user who imports, kept in each history entry. */
  actor_id?: string | null
  /**
   * Only check the file (the admin's import dialog does, before the owner confirms): the report
   * the import would give now, with nothing written and no event emitted.
   */
  dry_run?: boolean
}

/** The import report. `accepted` = `created` + `updated` + `unchanged`. */
export type ImportNewsletterSubscriptionsReport = {
  /** Present on a dry run: nothing was written, the counts say what the import would do. */
  dry_run?: true
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
 * Medusa: the file (its text, or a file on disk) is read as a stream and every row is checked,
 * the accepted ones are written set-based a chunk at a time in one transaction, with history
 * source `import` and their consent date, and `newsletter.subscription_updated` is emitted for
 * each subscription that was created or changed. It returns the report: counts and every rejected
 * row with its line and reason. A file over 20 MB, over 100,000 rows, not UTF-8 or malformed
 * imports nothing. With `dry_run` it only checks: the same report, nothing written.
 *
 * @example
 * const { result } = await importNewsletterSubscriptionsWorkflow(container).run({
 *   input: { csv: "email,status,consented_at,source\ntaro@example.jp,subscribed,2024-04-01,旧ショップ会員登録\n" },
 * })
 * // result.accepted, result.rejected; a large file: input { file_path: "/tmp/…/subscribers.csv" }
 */
export const importNewsletterSubscriptionsWorkflow = createWorkflow(
  importNewsletterSubscriptionsWorkflowId,
  (input: WorkflowData<ImportNewsletterSubscriptionsWorkflowInput>) => {
    const written = importNewsletterSubscriptionsStep(input)
    emitNewsletterSubscriptionUpdatesStep(transform({ written }, ({ written }) => ({ ids: written.changed_ids })))
    const report = transform({ written, input }, ({ written, input }): ImportNewsletterSubscriptionsReport => ({
      ...(input.dry_run ? { dry_run: true as const } : {}),
      accepted: written.created + written.updated + written.unchanged,
      created: written.created,
      updated: written.updated,
      unchanged: written.unchanged,
      without_customer: written.without_customer,
      rejected: written.rejected,
    }))
    return new WorkflowResponse(report)
  }
)
