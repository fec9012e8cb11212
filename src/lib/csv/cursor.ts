import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { type SqlQuery, WITHOUT_JIT_SQL } from "../audience/sql"

/** Rows fetched from the cursor per round trip. */
export const CURSOR_BATCH_SIZE = 1000

/**
 * Reads the rows of one query through a PostgreSQL server-side cursor (DECLARE … FETCH), a
 * batch at a time, inside a read-only transaction: the query runs once, and only one batch is
 * held in memory however many rows it returns. Stopping early (a client that disconnects) ends
 * the transaction and frees the cursor.
 */
export async function* cursorRows<T = Record<string, unknown>>(
  knex: Knex,
  query: SqlQuery,
  batchSize = CURSOR_BATCH_SIZE
): AsyncGenerator<T> {
  const trx = await knex.transaction({ readOnly: true })
  let done = false
  try {
    // As for the preview and the snapshot: compiling these plans can cost a second for nothing.
    await trx.raw(WITHOUT_JIT_SQL)
    await trx.raw(`DECLARE "newsletter_csv" NO SCROLL CURSOR FOR ${query.sql}`, query.bindings)
    for (;;) {
      const { rows } = await trx.raw(`FETCH ${Number(batchSize)} FROM "newsletter_csv"`)
      for (const row of rows as T[]) {
        yield row
      }
      if (rows.length < batchSize) {
        break
      }
    }
    await trx.commit()
    done = true
  } finally {
    if (!done) {
      await trx.rollback().catch(() => undefined)
    }
  }
}
