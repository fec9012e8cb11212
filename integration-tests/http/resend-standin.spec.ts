/**
 * The Resend stand-in, driven over real HTTP by the real `resend` SDK (pointed at it with
 * `baseUrl`). No Medusa here: these tests pin down what the sending engine will see.
 */
import { Resend } from "resend"
import type { CreateBatchOptions } from "resend"
import { ResendStandin, startResendStandin } from "../resend-standin/server"

jest.setTimeout(30 * 1000)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const DROPPED_ERROR = {
  name: "application_error",
  statusCode: null,
  message: "Unable to fetch data. The request could not be resolved.",
}

const email = (n: number, overrides: Record<string, unknown> = {}) => ({
  from: "Shop <news@shop.example>",
  to: [`user${n}@example.jp`],
  subject: `Newsletter ${n}`,
  html: `<p>Hello ${n}</p>`,
  text: `Hello ${n}`,
  ...overrides,
})
const emails = (count: number, start = 0) =>
  Array.from({ length: count }, (_, i) => email(start + i)) as CreateBatchOptions

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** Poll until `condition` holds (the stand-in runs in this process, so its state is visible). */
const until = async (condition: () => boolean) => {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5000) throw new Error("condition not met within 5 s")
    await sleep(5)
  }
}

describe("Resend stand-in", () => {
  let standin: ResendStandin
  let resend: Resend

  beforeAll(async () => {
    standin = await startResendStandin()
    resend = new Resend(standin.apiKey, { baseUrl: standin.url })
  })
  afterAll(() => standin.close())
  beforeEach(() => standin.reset())

  describe("sending", () => {
    it("accepts a batch of 3, answers ids in request order and records each email", async () => {
      const batch = emails(3)
      batch[1] = {
        ...batch[1],
        headers: { "List-Unsubscribe": "<https://shop.example/u/1>" },
        tags: [{ name: "campaign", value: "nl_1" }],
      }

      const { data, error, headers } = await resend.batch.send(batch)

      expect(error).toBeNull()
      expect(data!.data).toHaveLength(3)
      data!.data.forEach(({ id }) => expect(id).toMatch(UUID))
      expect(data).toEqual({ data: standin.messages.map(({ id }) => ({ id })) })
      expect(headers!["content-type"]).toBe("application/json; charset=utf-8")
      expect(standin.messages).toEqual([
        {
          id: data!.data[0].id,
          path: "/emails/batch",
          from: "Shop <news@shop.example>",
          to: ["user0@example.jp"],
          subject: "Newsletter 0",
          html: "<p>Hello 0</p>",
          text: "Hello 0",
          batchIndex: 0,
          receivedAt: expect.any(Number),
        },
        {
          id: data!.data[1].id,
          path: "/emails/batch",
          from: "Shop <news@shop.example>",
          to: ["user1@example.jp"],
          subject: "Newsletter 1",
          html: "<p>Hello 1</p>",
          text: "Hello 1",
          headers: { "List-Unsubscribe": "<https://shop.example/u/1>" },
          tags: [{ name: "campaign", value: "nl_1" }],
          batchIndex: 1,
          receivedAt: expect.any(Number),
        },
        expect.objectContaining({ id: data!.data[2].id, to: ["user2@example.jp"], batchIndex: 2 }),
      ])
      expect(standin.requests).toEqual([
        {
          method: "POST",
          path: "/emails/batch",
          status: 200,
          batchValidation: "strict",
          at: expect.any(Number),
          concurrent: 0,
          itemCount: 3,
          acceptedCount: 3,
        },
      ])
    })

    it("sends a single email to POST /emails and answers { id }", async () => {
      const { data, error } = await resend.emails.send({
        from: "news@shop.example",
        to: "taro@example.jp",
        subject: "Hi",
        text: "Hello",
      })

      expect(error).toBeNull()
      expect(data).toEqual({ id: expect.stringMatching(UUID) })
      expect(standin.messages).toEqual([
        {
          id: data!.id,
          path: "/emails",
          from: "news@shop.example",
          to: ["taro@example.jp"],
          subject: "Hi",
          text: "Hello",
          receivedAt: expect.any(Number),
        },
      ])
    })

    it("refuses a batch of 101 emails as a whole with 422 validation_error", async () => {
      const { data, error } = await resend.batch.send(emails(101))

      expect(data).toBeNull()
      expect(error).toEqual({
        statusCode: 422,
        name: "validation_error",
        message: "The `request.body` field must contain at most 100 emails (got 101).",
      })
      expect(standin.messages).toEqual([])
    })

    it("accepts exactly 100 emails", async () => {
      const { data, error } = await resend.batch.send(emails(100))

      expect(error).toBeNull()
      expect(data!.data).toHaveLength(100)
      expect(standin.messages.map((m) => m.batchIndex)).toEqual([...Array(100).keys()])
    })

    it.each([
      [
        "no subject",
        { subject: undefined },
        422,
        "missing_required_field",
        "Missing `subject` field.",
      ],
      [
        "no body",
        { html: undefined, text: undefined },
        422,
        "missing_required_field",
        "Missing `html` or `text` field.",
      ],
      [
        "malformed to",
        { to: ["not-an-address"] },
        422,
        "validation_error",
        "Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.",
      ],
      [
        "malformed from",
        { from: "Shop news@shop.example" },
        422,
        "validation_error",
        "Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.",
      ],
      [
        "51 recipients",
        { to: Array.from({ length: 51 }, (_, i) => `u${i}@example.jp`) },
        422,
        "validation_error",
        "The `to` field must contain at most 50 recipients.",
      ],
    ])("validates each email: %s", async (_label, overrides, statusCode, name, message) => {
      const { error } = await resend.emails.send(email(1, overrides) as never)

      expect(error).toEqual({ statusCode, name, message })
      expect(standin.messages).toEqual([])
    })
  })

  describe("auth", () => {
    it("answers 401 to a wrong API key, the way Resend's sending endpoints do", async () => {
      const wrong = new Resend("re_wrong", { baseUrl: standin.url })

      const { data, error } = await wrong.batch.send(emails(1))

      expect(data).toBeNull()
      expect(error).toEqual({
        statusCode: 401,
        name: "validation_error",
        message: "API key is invalid",
      })
      expect(standin.messages).toEqual([])
    })

    it("answers 401 missing_api_key without an Authorization header", async () => {
      // The SDK refuses to start without a key, so this one goes through plain fetch.
      const response = await fetch(`${standin.url}/emails`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(email(1)),
      })

      expect(response.status).toBe(401)
      expect(await response.json()).toEqual({
        statusCode: 401,
        name: "missing_api_key",
        message: "Missing API key in the authorization header.",
      })
    })
  })

  describe("idempotency", () => {
    it("replays the original response for the same key and payload, recording nothing new", async () => {
      const first = await resend.batch.send(emails(3), { idempotencyKey: "campaign/1/batch/0" })
      const replay = await resend.batch.send(emails(3), { idempotencyKey: "campaign/1/batch/0" })

      expect(first.error).toBeNull()
      expect(replay).toEqual({ data: first.data, error: null, headers: expect.any(Object) })
      expect(standin.messages).toHaveLength(3)
      expect(standin.messages.map((m) => m.idempotencyKey)).toEqual(
        Array(3).fill("campaign/1/batch/0")
      )
      expect(standin.requests.map((r) => [r.status, r.replayed, r.acceptedCount])).toEqual([
        [200, undefined, 3],
        [200, true, 0],
      ])
    })

    it("treats a payload with the same content but another key order as the same payload", async () => {
      const first = await resend.emails.send(email(1), { idempotencyKey: "k" })
      const { to, from, ...rest } = email(1)
      const reordered = await resend.emails.send({ ...rest, to, from } as never, {
        idempotencyKey: "k",
      })

      expect(reordered.data).toEqual(first.data)
      expect(standin.messages).toHaveLength(1)
    })

    it("answers 409 invalid_idempotent_request for the same key with a different payload", async () => {
      await resend.batch.send(emails(3), { idempotencyKey: "campaign/1/batch/0" })

      const { data, error } = await resend.batch.send(emails(3, 1), {
        idempotencyKey: "campaign/1/batch/0",
      })

      expect(data).toBeNull()
      expect(error).toEqual({
        statusCode: 409,
        name: "invalid_idempotent_request",
        message: "Same idempotency key used with a different request payload.",
      })
      expect(standin.messages).toHaveLength(3)
    })

    it("answers 409 concurrent_idempotent_requests while the first request is in flight", async () => {
      standin.fault({ type: "delay", ms: 300 })

      const slow = resend.batch.send(emails(2), { idempotencyKey: "k1" })
      await until(() => standin.inFlight === 1)
      const concurrent = await resend.batch.send(emails(2), { idempotencyKey: "k1" })
      const original = await slow
      const later = await resend.batch.send(emails(2), { idempotencyKey: "k1" })

      expect(concurrent.error).toEqual({
        statusCode: 409,
        name: "concurrent_idempotent_requests",
        message: "Same idempotency key used while original request is still in progress.",
      })
      expect(original.error).toBeNull()
      expect(later.data).toEqual(original.data)
      expect(standin.messages).toHaveLength(2)
    })

    it("refuses a key longer than 256 characters with 400 invalid_idempotency_key", async () => {
      const { error } = await resend.emails.send(email(1), { idempotencyKey: "k".repeat(257) })
      const ok = await resend.emails.send(email(1), { idempotencyKey: "k".repeat(256) })

      expect(error).toEqual({
        statusCode: 400,
        name: "invalid_idempotency_key",
        message: "The key must be between 1-256 chars.",
      })
      expect(ok.error).toBeNull()
      expect(standin.messages).toHaveLength(1)
    })

    it("forgets a key after 24 hours", async () => {
      let clock = Date.parse("2026-01-01T00:00:00Z")
      const timed = await startResendStandin({ now: () => clock })
      const client = new Resend(timed.apiKey, { baseUrl: timed.url })
      try {
        const first = await client.emails.send(email(1), { idempotencyKey: "k" })
        clock += 24 * 60 * 60 * 1000 - 1
        const stillReplayed = await client.emails.send(email(1), { idempotencyKey: "k" })
        clock += 1
        const fresh = await client.emails.send(email(1), { idempotencyKey: "k" })

        expect(stillReplayed.data).toEqual(first.data)
        expect(fresh.data!.id).not.toBe(first.data!.id)
        expect(timed.messages.map((m) => m.receivedAt)).toEqual([
          Date.parse("2026-01-01T00:00:00Z"),
          Date.parse("2026-01-02T00:00:00Z"),
        ])
      } finally {
        await timed.close()
      }
    })

    it("does not keep the key of a failed request", async () => {
      standin.fault({ type: "status", status: 500 })

      const failed = await resend.emails.send(email(1), { idempotencyKey: "k" })
      const retried = await resend.emails.send(email(1), { idempotencyKey: "k" })

      expect(failed.error).toEqual({
        statusCode: 500,
        name: "internal_server_error",
        message: "An unexpected error occurred.",
      })
      expect(retried.error).toBeNull()
      expect(standin.messages).toHaveLength(1)
    })
  })

  describe("batch validation modes", () => {
    it("permissive: accepts the valid emails and lists the rejected ones by index", async () => {
      standin.fault({ type: "reject", addresses: ["USER1@example.jp", "user3@example.jp"] })

      const { data, error } = await resend.batch.send(emails(4), { batchValidation: "permissive" })

      expect(error).toBeNull()
      expect(data).toEqual({
        data: [{ id: standin.messages[0].id }, { id: standin.messages[1].id }],
        errors: [
          { index: 1, message: "The recipient `user1@example.jp` was rejected." },
          { index: 3, message: "The recipient `user3@example.jp` was rejected." },
        ],
      })
      expect(standin.messages.map((m) => [m.to, m.batchIndex])).toEqual([
        [["user0@example.jp"], 0],
        [["user2@example.jp"], 2],
      ])
      expect(standin.requests[0]).toMatchObject({ batchValidation: "permissive", acceptedCount: 2 })
    })

    it("permissive: reports invalid fields by index as well", async () => {
      const batch = emails(2)
      batch[0] = { ...batch[0], to: "broken" }

      const { data } = await resend.batch.send(batch, { batchValidation: "permissive" })

      expect(data!.errors).toEqual([
        {
          index: 0,
          message:
            "Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.",
        },
      ])
      expect(data!.data).toEqual([{ id: standin.messages[0].id }])
    })

    it("strict: fails the whole batch with 422 when one recipient is rejected", async () => {
      standin.fault({ type: "reject", addresses: ["user2@example.jp"] })

      const { data, error } = await resend.batch.send(emails(3))

      expect(data).toBeNull()
      expect(error).toEqual({
        statusCode: 422,
        name: "validation_error",
        message: "emails[2]: The recipient `user2@example.jp` was rejected.",
      })
      expect(standin.messages).toEqual([])
    })
  })

  describe("rate limit", () => {
    it("answers 429 rate_limit_exceeded with retry-after past N requests a second, without processing", async () => {
      let clock = 1_000_000
      const limited = await startResendStandin({
        rateLimit: { requestsPerSecond: 2 },
        now: () => clock,
      })
      const client = new Resend(limited.apiKey, { baseUrl: limited.url })
      try {
        const first = await client.batch.send(emails(1))
        clock += 400
        const second = await client.batch.send(emails(1))
        clock += 100
        const third = await client.batch.send(emails(1))
        clock += 500 // the first request leaves the window
        const fourth = await client.batch.send(emails(1))

        expect(first.headers).toMatchObject({
          "ratelimit-limit": "2",
          "ratelimit-remaining": "1",
          "ratelimit-reset": "1",
        })
        expect(second.headers).toMatchObject({ "ratelimit-remaining": "0" })
        expect(third.data).toBeNull()
        expect(third.error).toEqual({
          statusCode: 429,
          name: "rate_limit_exceeded",
          message: expect.stringContaining("You can only make 2 requests per second"),
        })
        expect(third.headers).toMatchObject({
          "retry-after": "1",
          "ratelimit-limit": "2",
          "ratelimit-remaining": "0",
          "ratelimit-reset": "1",
        })
        expect(fourth.error).toBeNull()
        expect(limited.messages).toHaveLength(3)
        expect(limited.requests.map((r) => r.status)).toEqual([200, 200, 429, 200])
      } finally {
        await limited.close()
      }
    })

    it("can be switched on and off at run time", async () => {
      standin.setRateLimit(1)
      const results = [await resend.emails.send(email(1)), await resend.emails.send(email(2))]
      standin.setRateLimit(null)
      const unlimited = await resend.emails.send(email(3))

      expect(results.map((r) => r.error?.name ?? "ok")).toEqual(["ok", "rate_limit_exceeded"])
      expect(unlimited.error).toBeNull()
      expect(unlimited.headers!["ratelimit-limit"]).toBeUndefined()
    })
  })

  describe("faults", () => {
    it("answers 429 with the quota error name, for `times` requests", async () => {
      standin.fault({ type: "quota", name: "daily_quota_exceeded", times: 2 })

      const results = [
        await resend.batch.send(emails(1)),
        await resend.emails.send(email(1)),
        await resend.emails.send(email(1)),
      ]

      expect(results[0].error).toEqual({
        statusCode: 429,
        name: "daily_quota_exceeded",
        message: "You have reached your daily email sending quota.",
      })
      expect(results[1].error).toMatchObject({ statusCode: 429, name: "daily_quota_exceeded" })
      expect(results[2].error).toBeNull()
      expect(standin.messages).toHaveLength(1)
    })

    it("answers a proxy-style 503 that the SDK reports as application_error with the status", async () => {
      standin.fault({ type: "status", status: 503 })

      const { error, headers } = await resend.batch.send(emails(1))

      expect(error).toEqual({
        statusCode: 503,
        name: "application_error",
        message:
          "Internal server error. We are unable to process your request right now, please try again later.",
      })
      expect(headers!["content-type"]).toBe("text/plain; charset=utf-8")
      expect(standin.messages).toEqual([])
    })

    it("drop after processing: the SDK sees a network error; the retry with the same key gets the original ids", async () => {
      standin.fault({ type: "drop" })

      const lost = await resend.batch.send(emails(3), { idempotencyKey: "campaign/9/batch/4" })
      const retry = await resend.batch.send(emails(3), { idempotencyKey: "campaign/9/batch/4" })

      expect(lost).toEqual({ data: null, error: DROPPED_ERROR, headers: null })
      expect(retry.error).toBeNull()
      expect(retry.data!.data).toEqual(standin.messages.map(({ id }) => ({ id })))
      expect(standin.messages).toHaveLength(3)
      expect(standin.requests.map((r) => [r.status, r.dropped, r.replayed])).toEqual([
        [200, "after", undefined],
        [200, undefined, true],
      ])
    })

    it("drop before processing: nothing is recorded and the retry is processed afresh", async () => {
      standin.fault({ type: "dropBefore" })

      const lost = await resend.batch.send(emails(2), { idempotencyKey: "k" })
      const retry = await resend.batch.send(emails(2), { idempotencyKey: "k" })

      expect(lost.error).toEqual(DROPPED_ERROR)
      expect(retry.error).toBeNull()
      expect(standin.messages).toHaveLength(2)
      expect(standin.requests.map((r) => [r.status, r.dropped, r.replayed])).toEqual([
        [0, "before", undefined],
        [200, undefined, undefined],
      ])
    })

    it("a client timeout on a slow answer still leaves the email sent; the retry replays it", async () => {
      standin.fault({ type: "delay", ms: 300 })

      const timedOut = await resend.emails.send(email(1), {
        idempotencyKey: "k",
        signal: AbortSignal.timeout(50),
      })
      await until(() => standin.inFlight === 0)
      const retry = await resend.emails.send(email(1), { idempotencyKey: "k" })

      expect(timedOut.error).toEqual(DROPPED_ERROR)
      expect(standin.messages).toHaveLength(1)
      expect(retry.data).toEqual({ id: standin.messages[0].id })
    })

    it("randomFaults fails the same requests the same way for the same seed", async () => {
      const run = async (seed: number) => {
        standin.reset()
        standin.randomFaults({ rate: 0.3, seed })
        const outcomes: string[] = []
        for (let i = 0; i < 40; i++) {
          const { error } = await resend.batch.send(emails(2, i * 2), {
            idempotencyKey: `seed/${i}`,
          })
          outcomes.push(error ? `${error.name}:${error.statusCode}` : "ok")
        }
        const faults = standin.requests.flatMap((r, i) => (r.fault ? [`${i} ${r.fault}`] : []))
        return { outcomes, faults, recorded: standin.messages.length }
      }

      const a = await run(42)
      const b = await run(42)
      const c = await run(43)

      expect(b).toEqual(a)
      expect(c.faults).not.toEqual(a.faults)
      // Pinned for seed 42: 16 of 40 requests fail, in all five ways.
      expect(a.faults).toEqual([
        "2 random:drop",
        "3 random:dropBefore",
        "5 random:rateLimited",
        "7 random:drop",
        "9 random:drop",
        "12 random:status500",
        "13 random:dropBefore",
        "15 random:rateLimited",
        "18 random:status500",
        "20 random:dropBefore",
        "21 random:status503",
        "24 random:status503",
        "25 random:dropBefore",
        "30 random:status500",
        "33 random:dropBefore",
        "37 random:rateLimited",
      ])
      const SDK_ERROR_OF: Record<string, string> = {
        drop: "application_error:null",
        dropBefore: "application_error:null",
        rateLimited: "rate_limit_exceeded:429",
        status500: "internal_server_error:500",
        status503: "application_error:503",
      }
      const expectedOutcomes = Array<string>(40).fill("ok")
      for (const fault of a.faults) {
        const [index, label] = fault.split(" ")
        expectedOutcomes[Number(index)] = SDK_ERROR_OF[label.replace("random:", "")]
      }
      expect(a.outcomes).toEqual(expectedOutcomes)
      // 24 answered requests plus 3 dropped after processing, two emails each.
      expect(a.recorded).toBe((24 + 3) * 2)
    })
  })
})
