import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/**
 * Seeds `count` registered, subscribed customers (bulk0000001@example.jp …) with two SQL
 * statements: fast enough for lists of tens of thousands in the reliability suite.
 */
export async function seedSubscribersSql(container: MedusaContainer, count: number, prefix = "bulk") {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  await knex.raw(
    `INSERT INTO customer (id, email, first_name, last_name, has_account, created_at, updated_at)
     SELECT 'cus_' || ? || lpad(g::text, 7, '0'), ? || lpad(g::text, 7, '0') || '@example.jp',
            '太郎', '山田', true, now(), now()
     FROM generate_series(1, ?) g`,
    [prefix, prefix, count]
  )
  await knex.raw(
    `INSERT INTO newsletter_subscription (id, email, status, transient_error_count, created_at, updated_at)
     SELECT 'nlsub_' || ? || lpad(g::text, 7, '0'), ? || lpad(g::text, 7, '0') || '@example.jp',
            'subscribed', 0, now(), now()
     FROM generate_series(1, ?) g`,
    [prefix, prefix, count]
  )
}
