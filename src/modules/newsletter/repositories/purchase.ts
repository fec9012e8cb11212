import { WITHOUT_JIT_SQL } from "../../../lib/audience/sql"
import type { SqlManager } from "./types"

/**
 * The purchase summary (newsletter_purchase, one row per order line at the order's current
 * version) and its watermark (newsletter_purchase_sync). A sync is one DELETE and one INSERT …
 * SELECT over the affected orders, under a transaction-level advisory lock so that syncs run one
 * at a time; each statement compares what the core tables hold now with what is stored, so a sync
 * writes nothing when nothing changed and running it twice is the same as once.
 *
 * Which orders are affected: every order on the first run (the backfill); afterwards the orders
 * whose own id or one of whose order_item ids was made after the watermark (a range on each
 * primary key: ids are ULIDs, and a new order, an edit, claim, exchange, return or transfer
 * confirmed at a new version writes new order_item rows), plus the orders named by the caller (the
 * order event subscriber). Core `order` has no index on updated_at, so a cancellation, which only
 * updates the order row, is not found by the watermark: the audience leaves out the lines of orders
 * that don't count now by an anti-join on `order`, and the `order.canceled` subscriber drops the
 * canceled order's lines.
 */

const SYNC_ID = "purchases"
const LOCK_KEY = "newsletter_purchase_sync"

export type PurchaseSyncResult = {
  /** The first run: every order was read. */
  backfill: boolean
  /** Rows removed (lines gone or changed) and written (new or changed lines). */
  deleted: number
  inserted: number
  /** The watermark left for the next sync. */
  watermark: string
}

// The lines of the orders `affected` (every order on a backfill; else an array of a few ids, so that
// each is looked up by its key whatever the planner guesses of their number) as they are now: canceled and
// deleted orders, deleted and empty items left out; draft orders kept (the audience leaves them
// out; a conversion only updates the order row).
const expectedSql = (backfill: boolean) => `SELECT oi."id", o."id" AS "order_id", o."version" AS "order_version", o."customer_id",
         o."created_at" AS "ordered_at", o."sales_channel_id", li."product_id", li."variant_id",
         oi."quantity"::int AS "quantity"
  FROM "order" o
  JOIN "order_item" oi ON oi."order_id" = o."id" AND oi."version" = o."version"
   AND oi."deleted_at" IS NULL AND oi."quantity" > 0
  JOIN "order_line_item" li ON li."id" = oi."item_id" AND li."deleted_at" IS NULL
  WHERE ${backfill ? "" : `o."id" = ANY (ARRAY(SELECT a."id" FROM "affected" a)) AND `}o."deleted_at" IS NULL
    AND o."status" <> 'canceled'`

const SAME_ROW = `e."id" = p."id" AND e."order_id" = p."order_id" AND e."order_version" = p."order_version"
  AND e."customer_id" IS NOT DISTINCT FROM p."customer_id" AND e."ordered_at" = p."ordered_at"
  AND e."sales_channel_id" IS NOT DISTINCT FROM p."sales_channel_id"
  AND e."product_id" IS NOT DISTINCT FROM p."product_id"
  AND e."variant_id" IS NOT DISTINCT FROM p."variant_id" AND e."quantity" = p."quantity"`

/** The affected orders: those after the watermark and those named (a backfill reads every order). */
function affectedSql(watermark: string, orderIds: string[]) {
  return {
    sql: `SELECT o."id" FROM "order" o WHERE o."id" > ?
      UNION SELECT oi."order_id" FROM "order_item" oi WHERE oi."id" > ?
      UNION SELECT jsonb_array_elements_text(?::jsonb)`,
    bindings: [`order_${watermark}`, `orditem_${watermark}`, JSON.stringify(orderIds)] as unknown[],
  }
}

/**
 * Marks the summary's pages all-visible after a backfill (VACUUM; run it outside a transaction),
 * so that the audience's reads are index-only scans of the covering index.
 */
export async function vacuumPurchases(manager: SqlManager): Promise<void> {
  await manager.execute(`VACUUM "newsletter_purchase"`)
}

/**
 * Brings the summary up to date (see the file's comment). Run it in a transaction: the advisory
 * lock is held until it ends. `nextWatermark(nowMs)` gives the watermark to store from the
 * database's clock at the start.
 */
export async function syncPurchases(
  manager: SqlManager,
  input: {
    order_ids: string[]
    nextWatermark: (startedAtMs: number) => string
    full?: boolean
    /** Another sync holds the lock: return null at once instead of waiting for it. */
    skip_if_busy?: boolean
  }
): Promise<PurchaseSyncResult | null> {
  if (!input.full && !input.order_ids.length) {
    // Nothing made after the watermark (the newest id of each table: one step down the end of its
    // primary key): nothing to do, no lock taken.
    const [quick] = (await manager.execute(
      `SELECT s."watermark",
              COALESCE((SELECT max(o."id") FROM "order" o) <= 'order_' || s."watermark", true)
              AND COALESCE((SELECT max(oi."id") FROM "order_item" oi) <= 'orditem_' || s."watermark", true)
                AS "unchanged"
       FROM "newsletter_purchase_sync" s
       WHERE s."id" = ? AND s."deleted_at" IS NULL AND s."watermark" IS NOT NULL`,
      [SYNC_ID]
    )) as Array<{ watermark: string; unchanged: boolean }>
    if (quick?.unchanged) {
      return { backfill: false, deleted: 0, inserted: 0, watermark: quick.watermark }
    }
  }
  if (input.skip_if_busy) {
    const [lock] = (await manager.execute(`SELECT pg_try_advisory_xact_lock(hashtext(?)) AS "locked"`, [
      LOCK_KEY,
    ])) as Array<{ locked: boolean }>
    if (!lock.locked) {
      return null
    }
  } else {
    await manager.execute(`SELECT pg_advisory_xact_lock(hashtext(?))`, [LOCK_KEY])
  }
  const [state] = (await manager.execute(
    `SELECT s."watermark", (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS "now_ms"
     FROM (SELECT 1) one
     LEFT JOIN "newsletter_purchase_sync" s ON s."id" = ? AND s."deleted_at" IS NULL`,
    [SYNC_ID]
  )) as Array<{ watermark: string | null; now_ms: number }>
  const watermark = input.full ? null : state.watermark
  const backfill = watermark === null
  const affected = backfill ? { sql: "", bindings: [] as unknown[] } : affectedSql(watermark, input.order_ids)
  const withSets = `WITH ${backfill ? "" : `"affected" AS MATERIALIZED (${affected.sql}),\n    `}"expected" AS MATERIALIZED (${expectedSql(backfill)})`
  // Whole-table joins priced from true estimates: compiling them would cost more than they run.
  await manager.execute(WITHOUT_JIT_SQL)

  // Rows whose line is gone or differs now (on the backfill: every row that isn't a line now).
  const [deleted] = (await manager.execute(
    `${withSets},
     "gone" AS (
       DELETE FROM "newsletter_purchase" p
       WHERE ${backfill ? "" : `p."order_id" = ANY (ARRAY(SELECT a."id" FROM "affected" a)) AND `}NOT EXISTS (
         SELECT 1 FROM "expected" e WHERE ${SAME_ROW})
       RETURNING 1)
     SELECT count(*)::int AS "count" FROM "gone"`,
    affected.bindings
  )) as Array<{ count: number }>
  // Lines not stored yet: the rows left after the DELETE are the lines as they are, so a line
  // already stored is skipped by its key (a probe of the primary key per line, whatever the
  // planner believes of the table's size while it fills).
  const [inserted] = (await manager.execute(
    `${withSets},
     "written" AS (
       INSERT INTO "newsletter_purchase" ("id", "order_id", "order_version", "customer_id", "ordered_at",
         "sales_channel_id", "product_id", "variant_id", "quantity", "created_at", "updated_at")
       SELECT e."id", e."order_id", e."order_version", e."customer_id", e."ordered_at",
         e."sales_channel_id", e."product_id", e."variant_id", e."quantity", now(), now()
       FROM "expected" e
       ON CONFLICT ("id") DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS "count" FROM "written"`,
    affected.bindings
  )) as Array<{ count: number }>

  if (backfill) {
    // The table's statistics follow its new size, so that the next syncs and the audience's
    // plans are priced on what it holds.
    await manager.execute(`ANALYZE "newsletter_purchase"`)
  }
  const next = input.nextWatermark(Number(state.now_ms))
  await manager.execute(
    `INSERT INTO "newsletter_purchase_sync" ("id", "watermark", "synced_at") VALUES (?, ?, now())
     ON CONFLICT ("id") DO UPDATE SET
       "watermark" = GREATEST(EXCLUDED."watermark", COALESCE("newsletter_purchase_sync"."watermark", '')),
       "synced_at" = EXCLUDED."synced_at", "updated_at" = now(), "deleted_at" = NULL`,
    [SYNC_ID, next]
  )
  return { backfill, deleted: deleted.count, inserted: inserted.count, watermark: next }
}
