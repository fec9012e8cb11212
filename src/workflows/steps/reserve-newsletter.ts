import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { parseAudience } from "../../lib/audience/schema"
import { resolveClock } from "../../lib/clock"
import { snapshotRecipients } from "../../lib/recipient-snapshot"
import { NEWSLETTER_MODULE, NewsletterStatus } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { assertCanTransition } from "../../modules/newsletter/utils/newsletter-status"
import { notFound } from "../../modules/newsletter/utils/not-found"
import { assertLeadTime } from "../../modules/newsletter/utils/schedule-rules"

export type ReserveNewsletterStepInput = { id: string }

export const reserveNewsletterStepId = "reserve-newsletter"

/**
 * This step reserves a draft article (予約, S8) in one database transaction: it locks the
 * article, checks the status rule and the lead time (S4) again, snapshots the recipients in one
 * statement and moves the article to `scheduled` with its counters. Either all of it is written
 * or nothing. Its compensation removes the snapshot and puts the article back to draft.
 */
export const reserveNewsletterStep = createStep(
  reserveNewsletterStepId,
  async (input: ReserveNewsletterStepInput, { container }) => {
    const knex = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
    const options = await container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).getOptions()
    const now = resolveClock(container).now()

    const total = await knex.transaction(async (trx) => {
      const row = await trx("newsletter")
        .where({ id: input.id })
        .whereNull("deleted_at")
        .forUpdate()
        .first("status", "scheduled_at", "audience")
      if (!row) {
        throw notFound("Newsletter", input.id)
      }
      assertCanTransition(input.id, row.status, NewsletterStatus.SCHEDULED)
      assertLeadTime(new Date(row.scheduled_at), now, options.minLeadMinutes, options.timezone)

      // The audience as stored on the locked row: an edit can't slip in between read and snapshot.
      const count = await snapshotRecipients(trx, input.id, parseAudience(row.audience))
      if (count === 0) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          "No subscribed customer matches this newsletter's audience; there is nobody to send it to"
        )
      }
      await trx("newsletter").where({ id: input.id }).update({
        status: NewsletterStatus.SCHEDULED,
        status_reason: null,
        total_count: count,
        unsent_count: count,
        succeeded_count: 0,
        failed_count: 0,
        skipped_count: 0,
        updated_at: now,
      })
      return count
    })

    return new StepResponse({ id: input.id, recipient_count: total }, input.id)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    const knex = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
    await knex.transaction(async (trx) => {
      const moved = await trx("newsletter")
        .where({ id, status: NewsletterStatus.SCHEDULED })
        .update({ status: NewsletterStatus.DRAFT, total_count: 0, unsent_count: 0 })
      if (moved) {
        await trx("newsletter_recipient").where({ newsletter_id: id }).delete()
      }
    })
  }
)
