import { mkdtemp, readdir, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import path from "node:path"
import { resolveNewsletterOptions } from "../../modules/newsletter/options"
import { getTransport } from "../transport"
import { classifyResendError, retryAfterMs } from "../transport/classify-resend-error"
import { OutboxTransport } from "../transport/outbox-transport"
import { mapBatchResults } from "../transport/resend-transport"
import type { OutgoingMessage } from "../transport/types"

const sender = { name: "テストショップ", postalAddress: "東京都千代田区1-1-1", contact: "support@shop.example" }

describe("classifyResendError", () => {
  it.each([
    [{ name: "daily_quota_exceeded", statusCode: 429, message: "q" }, "quota"],
    [{ name: "monthly_quota_exceeded", statusCode: 429, message: "q" }, "quota"],
    [{ name: "invalid_idempotent_request", statusCode: 409, message: "x" }, "conflict"],
    [{ name: "concurrent_idempotent_requests", statusCode: 409, message: "x" }, "retryable"],
    [{ name: "application_error", statusCode: null, message: "Unable to fetch data" }, "retryable"],
    [{ name: "internal_server_error", statusCode: 500, message: "x" }, "retryable"],
    [{ name: "application_error", statusCode: 503, message: "x" }, "retryable"],
    [{ name: "validation_error", statusCode: 401, message: "API key is invalid" }, "fatal"],
    [{ name: "invalid_from_address", statusCode: 422, message: "x" }, "fatal"],
  ] as const)("should classify %o as %s", (error, kind) => {
    expect(classifyResendError(error, null).kind).toEqual(kind)
  })

  it("should wait retry-after on a 429 and keep the reason", () => {
    expect(
      classifyResendError(
        { name: "rate_limit_exceeded", statusCode: 429, message: "Too many requests" },
        { "retry-after": "2" }
      )
    ).toEqual({
      kind: "rate_limited",
      retryAfterMs: 2000,
      reason: "rate_limit_exceeded: Too many requests",
    })
  })

  it("should read retry-after defensively", () => {
    expect([
      retryAfterMs(null),
      retryAfterMs({ "retry-after": "nonsense" }),
      retryAfterMs({ "retry-after": "-3" }),
      retryAfterMs({ "retry-after": "0" }),
      retryAfterMs({ "retry-after": "1" }),
      retryAfterMs({ "retry-after": "3600" }),
    ]).toEqual([1000, 1000, 1000, 0, 1000, 60000])
  })
})

describe("mapBatchResults", () => {
  it("should put ids back next to their messages around the refused ones", () => {
    expect(
      mapBatchResults(4, {
        data: [{ id: "a" }, { id: "b" }],
        errors: [
          { index: 1, message: "Invalid `to` field" },
          { index: 3, message: "Suppressed" },
        ],
      })
    ).toEqual([{ id: "a" }, { error: "Invalid `to` field" }, { id: "b" }, { error: "Suppressed" }])
  })

  it("should report a missing id rather than invent one", () => {
    expect(mapBatchResults(2, { data: [{ id: "a" }] })).toEqual([
      { id: "a" },
      { error: "no id returned by the provider" },
    ])
  })
})

describe("OutboxTransport", () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "newsletter-outbox-"))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const message = (to: string): OutgoingMessage => ({
    from: "テストショップ <news@shop.example>",
    to,
    subject: "山田 太郎様へ 冬のセール",
    html: "<p>山田 太郎様</p>",
    text: "山田 太郎様",
    headers: { "List-Unsubscribe": "<https://api.example.jp/u/t>" },
    tags: [{ name: "newsletter_id", value: "nl_1" }],
  })

  it("should write one UTF-8 .eml per message and overwrite them on a retry with the same key", async () => {
    const transport = new OutboxTransport(dir)
    const first = await transport.sendBatch([message("a@example.jp"), message("b@example.jp")], "newsletter/nl_1/batch/1")
    const retry = await transport.sendBatch([message("a@example.jp"), message("b@example.jp")], "newsletter/nl_1/batch/1")

    expect(first.kind).toEqual("accepted")
    expect(retry).toEqual(first)
    const files = (await readdir(dir)).sort()
    expect(files).toEqual(["newsletter_nl_1_batch_1-000.eml", "newsletter_nl_1_batch_1-001.eml"])
    const eml = await readFile(path.join(dir, files[0]), "utf8")
    expect(eml).toMatch(/^To: a@example\.jp$/m)
    expect(eml).toMatch(/^Subject: =\?UTF-8\?B\?/m)
    expect(eml).toMatch(/^List-Unsubscribe: <https:\/\/api\.example\.jp\/u\/t>$/m)
    expect(eml).toContain("Content-Type: multipart/alternative")
    expect(eml).toContain(Buffer.from("山田 太郎様").toString("base64"))
  })
})

describe("getTransport", () => {
  it("should use Resend whenever an API key is configured, the outbox otherwise", () => {
    const withResend = getTransport(
      resolveNewsletterOptions({
        sender,
        resend: { apiKey: "re_x", from: "Shop <news@shop.example>" },
        // Real mail needs public link URLs.
        storefrontUrl: "https://shop.example",
        backendUrl: "https://api.shop.example",
      })
    )
    const withoutResend = getTransport(resolveNewsletterOptions({ sender, outboxDir: "/tmp/outbox-x" }))
    expect([withResend.name, withResend.description]).toEqual(["resend", "Resend (https://api.resend.com)"])
    expect([withoutResend.name, withoutResend.description]).toEqual(["outbox", "outbox folder /tmp/outbox-x"])
  })
})
