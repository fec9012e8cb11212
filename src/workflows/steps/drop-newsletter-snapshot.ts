import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { NewsletterStatus } from "../../modules/newsletter"
import { assertCanTransition } from "../../modules/newsletter/utils/newsletter-status"

export type DropNewsletterSnapshotStepInput = { id: string }

export const dropNewsletterSnapshotStepId = "drop-newsletter-snapshot"

/**
 * This step sends a reserved article back to draft when its audience changes: the snapshot no
 * longer matches what the store owner picked. In one transaction it soft-deletes the recipients
 * (marked with one timestamp) and resets the counters. Its compensation undeletes exactly those
 * recipients and reserves the article again.
 */
export const dropNewsletterSnapshotStep = createStep(
  dropNewsletterSnapshotStepId,
  async (input: DropNewsletterSnapshotStepInput, { container }) => {
    const knex = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
    const marker = new Date()
    const before = await knex.transaction(async (trx) => {
      const row = await trx("newsletter").where({ id: input.id }).forUpdate().first()
      assertCanTransition(input.id, row.status, NewsletterStatus.DRAFT)
      await trx("newsletter_recipient")
        .where({ newsletter_id: input.id })
        .whereNull("deleted_at")
        .update({ deleted_at: marker })
      await trx("newsletter").where({ id: input.id }).update({
        status: NewsletterStatus.DRAFT,
        total_count: 0,
        unsent_count: 0,
      })
      return { total_count: row.total_count, unsent_count: row.unsent_count }
    })
    return new StepResponse(void 0, { id: input.id, marker: marker.toISOString(), ...before })
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const knex = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
    await knex.transaction(async (trx) => {
      await trx("newsletter_recipient")
        .where({ newsletter_id: previous.id, deleted_at: new Date(previous.marker) })
        .update({ deleted_at: null })
      await trx("newsletter").where({ id: previous.id }).update({
        status: NewsletterStatus.SCHEDULED,
        total_count: previous.total_count,
        unsent_count: previous.unsent_count,
      })
    })
  }
)
