import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ImportRow, RejectedRow } from "../../lib/csv/import"
import { normalizedEmailSql } from "../../modules/newsletter/utils/email"
import {
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
} from "../../modules/newsletter/types"

export type ImportNewsletterSubscriptionsStepInput = {
  rows: ImportRow[]
  /** The admin user who imports. */
  actor_id?: string | null
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
  /** Rows refused because of the address's current status. */
  rejected: RejectedRow[]
  /** Subscriptions created or changed. */
  changed_ids: string[]
}

type Compensation = {
  created_ids: string[]
  event_ids: string[]
  previous: Array<{ id: string; status: string; transient_error_count: number }>
}

type Existing = { id: string; email: string; status: string; transient_error_count: number }

const S = NewsletterSubscriptionStatus

/**
 * Why an import may not move an address from `from` to `to`, or null when it may. An import
 * never re-subscribes an address that opted out or was cleaned in this shop: the list being
 * migrated is older than the shop's own record (特定電子メール法: an opt-out must be honoured).
 * Opting out and cleaning are always applied.
 */
export function importRefusal(from: string | null, to: string): string | null {
  if (to !== S.SUBSCRIBED || from === null || from === S.SUBSCRIBED) {
    return null
  }
  return from === S.CLEANED
    ? "the address is cleaned in this shop (mail to it bounced permanently); an import does not subscribe it again — clear it on the customer's page first"
    : "the address is unsubscribed in this shop; an import does not subscribe it again (the customer can subscribe in the store)"
}

export const importNewsletterSubscriptionsStepId = "import-newsletter-subscriptions"

/**
 * This step writes the rows of a subscriber import set-based, in one transaction and a handful
 * of statements whatever the number of rows: it locks the addresses' current subscriptions,
 * creates the new ones, changes the others, and records one history entry per change with
 * source `import`, the file's consent date (`consented_at`) and its source text as reason.
 * Rows that already have their status record nothing. Its compensation removes the entries and
 * the created subscriptions and restores the changed ones.
 */
export const importNewsletterSubscriptionsStep = createStep(
  importNewsletterSubscriptionsStepId,
  async (input: ImportNewsletterSubscriptionsStepInput, { container }) => {
    const knex = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
    const compensation: Compensation = { created_ids: [], event_ids: [], previous: [] }

    const output = await knex.transaction(async (trx) => {
      const emails = input.rows.map((r) => r.email)
      const { rows: existingRows } = await trx.raw(
        `SELECT "id", "email", "status", "transient_error_count" FROM "newsletter_subscription"
         WHERE "deleted_at" IS NULL
           AND "email" IN (SELECT jsonb_array_elements_text(?::jsonb))
         FOR UPDATE`,
        [JSON.stringify(emails)]
      )
      const existing = new Map<string, Existing>(
        (existingRows as Existing[]).map((r) => [r.email, r])
      )

      const rejected: RejectedRow[] = []
      const toCreate: ImportRow[] = []
      const toUpdate: Array<{ current: Existing; row: ImportRow }> = []
      const accepted: ImportRow[] = []
      let unchanged = 0
      for (const row of input.rows) {
        const current = existing.get(row.email)
        const refusal = importRefusal(current?.status ?? null, row.status)
        if (refusal) {
          rejected.push({ line: row.line, email: row.email, reason: refusal })
          continue
        }
        accepted.push(row)
        if (!current) {
          toCreate.push(row)
        } else if (current.status === row.status) {
          unchanged++
        } else {
          toUpdate.push({ current, row })
        }
      }

      // Ids are made by the database (as the recipient snapshot does): generating 10,000 ULIDs
      // in JavaScript takes seconds. Another request may have recorded an address since the lock
      // was taken: such a row is reported, not forced.
      const { rows: inserted } = toCreate.length
        ? await trx.raw(
            `INSERT INTO "newsletter_subscription"
               ("id", "email", "customer_id", "status", "transient_error_count", "created_at", "updated_at")
             SELECT 'nlsub_' || replace(gen_random_uuid()::text, '-', ''), x."email", NULL, x."status",
                    0, now(), now()
             FROM jsonb_to_recordset(?::jsonb) AS x("email" text, "status" text)
             ON CONFLICT ("email") WHERE "deleted_at" IS NULL DO NOTHING
             RETURNING "id", "email"`,
            [JSON.stringify(toCreate.map(({ email, status }) => ({ email, status })))]
          )
        : { rows: [] as Array<{ id: string; email: string }> }
      const createdIds = new Map(
        (inserted as Array<{ id: string; email: string }>).map((r) => [r.email, r.id])
      )
      const created = toCreate
        .filter((row) => createdIds.has(row.email))
        .map((row) => ({ id: createdIds.get(row.email)!, row }))
      const lost = new Set(toCreate.filter((row) => !createdIds.has(row.email)))
      for (const row of lost) {
        rejected.push({
          line: row.line,
          email: row.email,
          reason: "the address was recorded by someone else during the import; import the file again",
        })
      }
      compensation.created_ids = created.map((c) => c.id)

      if (toUpdate.length) {
        await trx.raw(
          `UPDATE "newsletter_subscription" s
           SET "status" = x."status", "transient_error_count" = 0, "updated_at" = now()
           FROM jsonb_to_recordset(?::jsonb) AS x("id" text, "status" text)
           WHERE s."id" = x."id"`,
          [JSON.stringify(toUpdate.map(({ current, row }) => ({ id: current.id, status: row.status })))]
        )
        compensation.previous = toUpdate.map(({ current }) => ({
          id: current.id,
          status: current.status,
          transient_error_count: current.transient_error_count,
        }))
      }

      const events = [
        ...created.map((c) => ({ subscription_id: c.id, from_status: null as string | null, row: c.row })),
        ...toUpdate.map(({ current, row }) => ({
          subscription_id: current.id,
          from_status: current.status as string | null,
          row,
        })),
      ].map((e) => ({
        subscription_id: e.subscription_id,
        from_status: e.from_status,
        to_status: e.row.status,
        reason: e.row.source,
        consented_at: e.row.consented_at,
      }))
      if (events.length) {
        const { rows: written } = await trx.raw(
          `INSERT INTO "newsletter_subscription_event"
             ("id", "subscription_id", "from_status", "to_status", "source", "reason", "consented_at",
              "actor_id", "created_at", "updated_at")
           SELECT 'nlsubev_' || replace(gen_random_uuid()::text, '-', ''), x."subscription_id",
                  x."from_status", x."to_status", ?, x."reason", x."consented_at"::timestamptz, ?,
                  now(), now()
           FROM jsonb_to_recordset(?::jsonb)
             AS x("subscription_id" text, "from_status" text, "to_status" text, "reason" text,
                  "consented_at" text)
           RETURNING "id"`,
          [NewsletterSubscriptionSource.IMPORT, input.actor_id ?? null, JSON.stringify(events)]
        )
        compensation.event_ids = (written as Array<{ id: string }>).map((e) => e.id)
      }

      const { rows: lonely } = accepted.length > lost.size
        ? await trx.raw(
            `SELECT count(*)::int AS "count" FROM jsonb_array_elements_text(?::jsonb) AS a("email")
             WHERE NOT EXISTS (SELECT 1 FROM "customer" c
                               WHERE c."deleted_at" IS NULL AND c."email" IS NOT NULL
                                 AND ${normalizedEmailSql(`c."email"`)} = a."email")`,
            [JSON.stringify(accepted.filter((r) => !lost.has(r)).map((r) => r.email))]
          )
        : { rows: [{ count: 0 }] }

      return {
        created: created.length,
        updated: toUpdate.length,
        unchanged,
        without_customer: lonely[0].count as number,
        rejected,
        changed_ids: events.map((e) => e.subscription_id),
      }
    })

    return new StepResponse<ImportNewsletterSubscriptionsStepOutput, Compensation>(output, compensation)
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    const knex = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
    await knex.transaction(async (trx) => {
      if (compensation.event_ids.length) {
        await trx("newsletter_subscription_event").whereIn("id", compensation.event_ids).delete()
      }
      if (compensation.created_ids.length) {
        await trx("newsletter_subscription").whereIn("id", compensation.created_ids).delete()
      }
      if (compensation.previous.length) {
        await trx.raw(
          `UPDATE "newsletter_subscription" s
           SET "status" = x."status", "transient_error_count" = x."transient_error_count",
               "updated_at" = now()
           FROM jsonb_to_recordset(?::jsonb) AS x("id" text, "status" text, "transient_error_count" int)
           WHERE s."id" = x."id"`,
          [JSON.stringify(compensation.previous)]
        )
      }
    })
  }
)
