/**
 * Pure rules of the purchase summary's sync (repositories/purchase.ts): the watermark, and which
 * order an order event names.
 */

// Crockford's base 32, the alphabet of ULIDs (Medusa's ids are `<prefix>_<ULID>`).
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/**
 * The time part of a ULID made at `ms` (milliseconds since 1970): its first 10 characters. Medusa's
 * ids sort by it, so `id > '<prefix>_' || timePart(t)` is a range on the primary key holding every
 * id made at or after `t`.
 */
export function ulidTimePart(ms: number): string {
  let x = Math.max(0, Math.floor(ms))
  let s = ""
  for (let i = 0; i < 10; i++) {
    s = CROCKFORD[x % 32] + s
    x = Math.floor(x / 32)
  }
  return s
}

/**
 * How far back each sync reads again (ids made within this long before the previous sync began):
 * an order written by a transaction still open when a sync ran (its ids made before, committed
 * after) and an app server whose clock is behind the database's by less than this are still read.
 * The order events catch what this misses.
 */
export const PURCHASE_SYNC_MARGIN_MS = 10 * 60_000

/** The watermark a sync that began at `startedAtMs` leaves for the next one. */
export function nextPurchaseWatermark(startedAtMs: number, marginMs = PURCHASE_SYNC_MARGIN_MS): string {
  return ulidTimePart(startedAtMs - marginMs)
}

/**
 * The order an order event is about: `{ id }` (order.placed, order.canceled, order.updated,
 * order.completed, order.archived, order.transfer_requested), `{ order_id }` (order-edit.confirmed,
 * order.claim_created, order.exchange_created, order.return_requested, order.return_received,
 * order.fulfillment_created/_canceled). Null when the payload names none.
 */
export function orderIdOfEvent(data: unknown): string | null {
  if (!data || typeof data !== "object") {
    return null
  }
  const { order_id, id } = data as { order_id?: unknown; id?: unknown }
  if (typeof order_id === "string" && order_id) {
    return order_id
  }
  return typeof id === "string" && id.startsWith("order_") ? id : null
}
