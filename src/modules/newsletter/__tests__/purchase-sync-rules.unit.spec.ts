import { monotonicFactory, ulid } from "ulid"
import {
  nextPurchaseWatermark,
  orderIdOfEvent,
  PURCHASE_SYNC_MARGIN_MS,
  ulidTimePart,
} from "../utils/purchase-sync-rules"

describe("purchase sync rules", () => {
  it("should write the time part of a ULID made at that moment", () => {
    for (const ms of [0, 1, 31, 32, 1_700_000_000_000, Date.UTC(2026, 11, 2, 13, 0, 0, 123)]) {
      expect(ulidTimePart(ms)).toBe(ulid(ms).slice(0, 10))
    }
    expect(ulidTimePart(0)).toBe("0000000000")
    expect(ulidTimePart(-5)).toBe("0000000000")
  })

  it("should sort ids made at or after the watermark after <prefix>_<watermark>, earlier ones before", () => {
    const t = Date.UTC(2026, 11, 2, 13, 0, 0)
    const mark = `orditem_${ulidTimePart(t)}`
    const next = monotonicFactory()
    const ids = [t - 1, t, t + 1, t + 60_000].map((ms) => `orditem_${next(ms)}`)
    expect(ids.map((id) => id > mark)).toEqual([false, true, true, true])
  })

  it("should leave a watermark the margin before the sync began", () => {
    const t = Date.UTC(2026, 11, 2, 13, 0, 0)
    expect(nextPurchaseWatermark(t)).toBe(ulidTimePart(t - PURCHASE_SYNC_MARGIN_MS))
    expect(PURCHASE_SYNC_MARGIN_MS).toBe(600_000)
    expect(nextPurchaseWatermark(t, 0)).toBe(ulidTimePart(t))
  })

  it("should read the order an order event names", () => {
    expect(orderIdOfEvent({ id: "order_01A" })).toBe("order_01A")
    expect(orderIdOfEvent({ order_id: "order_01B", actions: [] })).toBe("order_01B")
    expect(orderIdOfEvent({ id: "claim_01", order_id: "order_01C" })).toBe("order_01C")
    expect(orderIdOfEvent({ id: "ordch_01" })).toBeNull()
    expect(orderIdOfEvent({})).toBeNull()
    expect(orderIdOfEvent(null)).toBeNull()
    expect(orderIdOfEvent("order_01")).toBeNull()
  })
})
