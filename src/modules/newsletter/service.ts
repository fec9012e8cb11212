import type { Context } from "@medusajs/framework/types"
import {
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import { Newsletter } from "./models/newsletter"
import { NewsletterCategory } from "./models/newsletter-category"
import { NewsletterRecipient } from "./models/newsletter-recipient"
import { NewsletterSubscription } from "./models/newsletter-subscription"
import { NewsletterSubscriptionEvent } from "./models/newsletter-subscription-event"
import { resolveNewsletterOptions, ResolvedNewsletterOptions } from "./options"
import { NewsletterStatus } from "./types"
import { assertCanTransition } from "./utils/newsletter-status"
import { notFound } from "./utils/not-found"

export type TransitionNewsletterInput = {
  id: string
  to: NewsletterStatus
  /** Extra columns written in the same statement (e.g. started_at). */
  data?: Record<string, unknown>
}

export type NewsletterRow = {
  id: string
  status: NewsletterStatus
  [column: string]: unknown
}

/**
 * The newsletter module: articles, categories, recipients and subscriptions, with the generated
 * CRUD methods. Custom methods exist only where CRUD can't express the rule.
 */
class NewsletterModuleService extends MedusaService({
  Newsletter,
  NewsletterCategory,
  NewsletterRecipient,
  NewsletterSubscription,
  NewsletterSubscriptionEvent,
}) {
  protected readonly options_: ResolvedNewsletterOptions

  constructor(container: Record<string, unknown>, options: unknown) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    // Fails the boot with every wrong option named, rather than failing later at send time.
    this.options_ = resolveNewsletterOptions(options)
  }

  /** The validated plugin options, defaults filled in. */
  async getOptions(): Promise<ResolvedNewsletterOptions> {
    return this.options_
  }

  /**
   * Moves an article to `to` if the status rules allow it from its current status, as one
   * conditional UPDATE: two processes racing for the same change can't both win. Returns the
   * article's row before the change (the pre-image, for compensation).
   */
  @InjectTransactionManager()
  async transitionNewsletter(
    input: TransitionNewsletterInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<NewsletterRow> {
    const manager = sharedContext.transactionManager as any
    const [current] = (await manager.execute(
      `SELECT * FROM "newsletter" WHERE "id" = ? AND "deleted_at" IS NULL FOR UPDATE`,
      [input.id]
    )) as NewsletterRow[]
    if (!current) {
      throw notFound("Newsletter", input.id)
    }
    assertCanTransition(input.id, current.status, input.to)

    const data = { ...(input.data ?? {}), status: input.to }
    const columns = Object.keys(data)
    // Column names come from the plugin's own code; refuse anything that isn't a plain identifier.
    columns.forEach((c) => {
      if (!/^[a-z_]+$/.test(c)) {
        throw new MedusaError(MedusaError.Types.INVALID_ARGUMENT, `Not a column name: ${c}`)
      }
    })
    await manager.execute(
      `UPDATE "newsletter" SET ${columns.map((c) => `"${c}" = ?`).join(", ")}, "updated_at" = now()
       WHERE "id" = ?`,
      [...columns.map((c) => serialize(data[c])), input.id]
    )
    return current
  }
}

function serialize(value: unknown) {
  return value !== null && typeof value === "object" && !(value instanceof Date)
    ? JSON.stringify(value)
    : value
}

export default NewsletterModuleService
