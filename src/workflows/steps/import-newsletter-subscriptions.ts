import { once } from "node:events"
import { createReadStream } from "node:fs"
import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveClock } from "../../lib/clock"
import { readSubscriptionCsv, type RejectedRow } from "../../lib/csv/import"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import type { SubscriptionImportRevert } from "../../modules/newsletter/service"
import { NewsletterError } from "../../modules/newsletter/errors"

export type ImportNewsletterSubscriptionsStepInput = {
  /** The CSV text: columns email, status, consented_at, source. Give this or `file_path`. */
  csv?: string
  /**
   * A CSV file (UTF-8) on this machine's disk, read as a stream: what the import route gives after
   * writing a received file there, so that the text is never held in memory.
   */
  file_path?: string
  /** The admin user who imports. */
  actor_id?: string | null
  /** Only check the file: count and refuse as the import would, and write nothing. */
  dry_run?: boolean
}

export type ImportNewsletterSubscriptionsStepOutput = {
  /** Addresses newly recorded. */
  created: number
  /** Addresses whose status changed. */
  updated: number
  /** Addresses that already had the row's status (nothing recorded). */
  unchanged: number
  /** Accepted addresses that no customer has yet: they get newsletters once a customer has it. */
  without_customer: number
  /** Every row left out, by the row checks or because of the address's status, in line order. */
  rejected: RejectedRow[]
  /** Subscriptions created or changed. */
  changed_ids: string[]
}

export const importNewsletterSubscriptionsStepId = "import-newsletter-subscriptions"

/**
 * This step imports a subscriber list (CSV, its text or a file on disk) while reading it: the text
 * or the file is parsed as a stream and its checked rows are handed to the module's
 * importNewsletterSubscriptions a chunk at a time, in one transaction, so the memory the import
 * holds does not grow with the file. A text over the size limit is refused before parsing (a file
 * as its bytes pass the limit); a malformed file, or one over the row limit, fails the step (400)
 * wherever that shows, and the transaction rolls back: nothing is imported. Its compensation
 * undoes the import through the module. A dry run reads the file and the records the same way and
 * writes nothing.
 */
export const importNewsletterSubscriptionsStep = createStep(
  importNewsletterSubscriptionsStepId,
  async (input: ImportNewsletterSubscriptionsStepInput, { container }) => {
    if ((input.csv === undefined) === (input.file_path === undefined)) {
      throw new NewsletterError(
        MedusaError.Types.INVALID_ARGUMENT,
        "import_source_required",
        "The import takes either the CSV text (csv) or a file (file_path)"
      )
    }
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const { timezone } = await service.getOptions()
    // Read 64 KiB at a time; closed here too, should the import fail before reading it to the end.
    const file = input.file_path === undefined ? null : createReadStream(input.file_path)
    try {
      if (file) {
        // A file that can't be opened fails here, not as an 'error' nobody listens to yet.
        await once(file, "open")
      }
      const reading = readSubscriptionCsv(file ?? input.csv!, {
        timezone,
        now: resolveClock(container).now(),
      })
      const { rejected, changed_ids, event_ids, reset_streaks, ...counts } =
        await service.importNewsletterSubscriptions({
          chunks: reading.chunks,
          actor_id: input.actor_id,
          dry_run: input.dry_run,
        })
      return new StepResponse<ImportNewsletterSubscriptionsStepOutput, SubscriptionImportRevert>(
        {
          ...counts,
          rejected: [...reading.rejected, ...rejected].sort((a, b) => a.line - b.line),
          changed_ids,
        },
        { event_ids, reset_streaks }
      )
    } finally {
      file?.destroy()
    }
  },
  async (revert, { container }) => {
    if (!revert) {
      return
    }
    await container
      .resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
      .revertNewsletterSubscriptionImport(revert)
  }
)

