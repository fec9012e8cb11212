import { parseTestAddresses } from "../dispatch/test-addresses"
import { sendWithRetries } from "../dispatch/send-with-retries"
import { batchIdempotencyKey } from "../dispatch/send-newsletters"
import type { BatchOutcome, NewsletterTransport } from "../transport/types"

describe("parseTestAddresses", () => {
  it("should split on ASCII and Japanese commas, normalize and de-duplicate", () => {
    expect(parseTestAddresses(" Owner@Shop.example ,staff@shop.example、owner@shop.example，x@y.jp ,")).toEqual({
      addresses: ["owner@shop.example", "staff@shop.example", "x@y.jp"],
    })
  })

  it("should name the problems", () => {
    expect(parseTestAddresses(" , ")).toEqual({
      problem: "must contain at least one email address",
      code: "test_addresses_empty",
      params: {},
    })
    expect(parseTestAddresses("a@b.jp, nope, c@d")).toEqual({
      problem: "contains invalid email addresses: nope, c@d",
      code: "test_addresses_invalid",
      params: { addresses: ["nope", "c@d"] },
    })
    const many = Array.from({ length: 21 }, (_, i) => `t${i}@shop.example`).join(",")
    expect(parseTestAddresses(many)).toEqual({
      problem: "may contain at most 20 addresses (got 21)",
      code: "test_addresses_too_many",
      params: { max: 20, count: 21 },
    })
  })
})

describe("sendWithRetries", () => {
  const scripted = (outcomes: BatchOutcome[]) => {
    const keys: Array<string | undefined> = []
    const transport: NewsletterTransport = {
      name: "resend",
      description: "scripted",
      sendBatch: async (_messages, key) => {
        keys.push(key)
        return outcomes.shift()!
      },
    }
    return { transport, keys }
  }
  const accepted: BatchOutcome = { kind: "accepted", results: [{ id: "a" }] }

  it("should wait retry-after and back off on passing failures, always with the same key", async () => {
    const { transport, keys } = scripted([
      { kind: "rate_limited", retryAfterMs: 1000, reason: "429" },
      { kind: "retryable", reason: "503" },
      { kind: "retryable", reason: "reset" },
      accepted,
    ])
    const sleeps: number[] = []
    let slots = 0
    const outcome = await sendWithRetries([], "k1", {
      transport,
      sleep: async (ms) => void sleeps.push(ms),
      waitForSlot: async () => void slots++,
      budgetMs: 60_000,
    })
    expect(outcome).toEqual(accepted)
    expect(keys).toEqual(["k1", "k1", "k1", "k1"])
    expect(sleeps).toEqual([1000, 500, 1000])
    expect(slots).toEqual(4)
  })

  it("should give up after the retries or when the budget would run out", async () => {
    const failing = (): BatchOutcome => ({ kind: "retryable", reason: "503" })
    const { transport } = scripted([failing(), failing(), failing(), failing(), failing()])
    const outcome = await sendWithRetries([], "k", {
      transport,
      sleep: async () => undefined,
      waitForSlot: async () => undefined,
      budgetMs: 60_000,
      maxRetries: 3,
    })
    expect(outcome).toEqual({ kind: "retryable", reason: "503" })

    const limited = scripted([{ kind: "rate_limited", retryAfterMs: 30_000, reason: "429" }])
    expect(
      await sendWithRetries([], "k", {
        transport: limited.transport,
        sleep: async () => undefined,
        waitForSlot: async () => undefined,
        budgetMs: 10_000,
      })
    ).toEqual({ kind: "rate_limited", retryAfterMs: 30_000, reason: "429" })
  })

  it("should return quota, fatal and conflict outcomes at once", async () => {
    for (const outcome of [
      { kind: "quota", reason: "q" },
      { kind: "fatal", reason: "f" },
      { kind: "conflict", reason: "c" },
    ] as BatchOutcome[]) {
      const { transport, keys } = scripted([outcome])
      expect(
        await sendWithRetries([], "k", {
          transport,
          sleep: async () => undefined,
          waitForSlot: async () => undefined,
          budgetMs: 60_000,
        })
      ).toEqual(outcome)
      expect(keys).toHaveLength(1)
    }
  })

  it("should renew the lease right before every request, after the slot wait", async () => {
    const { transport } = scripted([{ kind: "retryable", reason: "503" }, accepted])
    const calls: string[] = []
    const outcome = await sendWithRetries([], "k", {
      transport: { ...transport, sendBatch: async (m, k) => (calls.push("send"), transport.sendBatch(m, k)) },
      sleep: async () => void calls.push("sleep"),
      waitForSlot: async () => void calls.push("slot"),
      renewLease: async () => (calls.push("renew"), true),
      budgetMs: 60_000,
    })
    expect(outcome).toEqual(accepted)
    expect(calls).toEqual(["slot", "renew", "send", "sleep", "slot", "renew", "send"])
  })

  it("should stop without sending once the lease was lost to another worker", async () => {
    const { transport, keys } = scripted([{ kind: "retryable", reason: "timeout" }, accepted])
    const renewals = [true, false]
    const outcome = await sendWithRetries([], "k", {
      transport,
      sleep: async () => undefined,
      waitForSlot: async () => undefined,
      renewLease: async () => renewals.shift()!,
      budgetMs: 60_000,
    })
    expect(outcome).toEqual({
      kind: "lease_lost",
      reason: "the batch's lease was lost to another worker before this request",
    })
    expect(keys).toEqual(["k"])
  })
})

describe("batchIdempotencyKey", () => {
  it("should keep the original key in round 0 and give each send-again round its own", () => {
    expect(batchIdempotencyKey("nl_1", 3)).toBe("newsletter/nl_1/batch/3")
    expect(batchIdempotencyKey("nl_1", 3, 0)).toBe("newsletter/nl_1/batch/3")
    expect(batchIdempotencyKey("nl_1", 3, 1)).toBe("newsletter/nl_1/batch/3/r1")
    expect(batchIdempotencyKey("nl_1", 3, 2)).toBe("newsletter/nl_1/batch/3/r2")
  })
})
