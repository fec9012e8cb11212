import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError } from "../../../modules/newsletter/errors"
import { readTimeoutError } from "../../../modules/newsletter/utils/read-timeout"
import { confirmationRefused, signupRateLimited } from "../../../modules/newsletter/utils/signup-rules"
import { answeringErrors, errorResponse, respondError } from "../respond-error"

function fakeResponse(headersSent = false) {
  const sent: { status?: number; body?: unknown } = {}
  const res = {
    headersSent,
    status(code: number) {
      sent.status = code
      return res
    },
    json(body: unknown) {
      sent.body = body
      return res
    },
  }
  return { res: res as any, sent }
}

describe("errorResponse", () => {
  it("should answer a NewsletterError with its type's status, code, message, params and field problems", () => {
    const error = new NewsletterError(
      MedusaError.Types.INVALID_DATA,
      "invalid_request",
      "Invalid request: subject is required",
      {},
      [{ path: "subject", code: "required", params: {} }]
    )
    expect(errorResponse(error)).toEqual({
      status: 400,
      body: {
        type: "invalid_data",
        code: "invalid_request",
        message: "Invalid request: subject is required",
        params: {},
        errors: [{ path: "subject", code: "required", params: {} }],
      },
    })
  })

  it.each([
    [MedusaError.Types.NOT_ALLOWED, 400],
    [MedusaError.Types.UNAUTHORIZED, 401],
    [MedusaError.Types.FORBIDDEN, 403],
    [MedusaError.Types.NOT_FOUND, 404],
    [MedusaError.Types.DUPLICATE_ERROR, 422],
  ])("should answer the type %s with %d", (type, status) => {
    expect(errorResponse(new NewsletterError(type, "some_code", "x", { id: "nl_1" }))).toEqual({
      status,
      body: { type, code: "some_code", message: "x", params: { id: "nl_1" } },
    })
  })

  it("should keep a 409's own message (Medusa's handler replaces it with a generic one)", () => {
    const error = new NewsletterError(
      MedusaError.Types.CONFLICT,
      "newsletter_changed_meanwhile",
      'Newsletter "nl_1" changed meanwhile: it is now sending, so it can\'t be edited',
      { id: "nl_1", status: "sending", action: "edit" }
    )
    expect(errorResponse(error)).toEqual({
      status: 409,
      body: {
        type: "conflict",
        code: "newsletter_changed_meanwhile",
        message: 'Newsletter "nl_1" changed meanwhile: it is now sending, so it can\'t be edited',
        params: { id: "nl_1", status: "sending", action: "edit" },
      },
    })
  })

  it("should answer a read stopped by its timeout with 503, whatever its type", () => {
    const error = readTimeoutError({ read: "csv_export", what: "The CSV export" }, 30_000)
    expect(errorResponse(error)).toEqual({
      status: 503,
      body: {
        type: "unexpected_state",
        code: "newsletter_read_timeout",
        message:
          "The CSV export took longer than 30 seconds and was stopped, so that the shop stays fast. Try again when the shop is less busy",
        params: { read: "csv_export", seconds: 30 },
      },
    })
  })

  it.each([
    ["import_file_too_large", 413],
    ["import_json_too_large", 413],
    ["unsupported_media_type", 415],
    ["unsupported_charset", 415],
    ["unsupported_content_encoding", 415],
  ])("should answer %s with %d", (code, status) => {
    expect(errorResponse(new NewsletterError(MedusaError.Types.INVALID_DATA, code, "x"))?.status).toBe(status)
  })

  it("should give a MedusaError without params (e.g. from Medusa's core) its code, or its type as code", () => {
    expect(errorResponse(new MedusaError(MedusaError.Types.NOT_FOUND, "Promotion not found"))).toEqual({
      status: 404,
      body: { type: "not_found", code: "not_found", message: "Promotion not found", params: {} },
    })
    expect(errorResponse(new MedusaError(MedusaError.Types.INVALID_DATA, "bad", "core_code"))?.body).toEqual({
      type: "invalid_data",
      code: "core_code",
      message: "bad",
      params: {},
    })
  })

  it("should answer a serialized copy (an error thrown in a workflow step) as the error itself", () => {
    const copy = JSON.parse(
      JSON.stringify({
        name: "Error",
        __isMedusaError: true,
        type: "not_found",
        code: "newsletter_not_found",
        message: 'Newsletter with id "nl_1" was not found',
        params: { id: "nl_1" },
      })
    )
    expect(errorResponse(copy)).toEqual({
      status: 404,
      body: {
        type: "not_found",
        code: "newsletter_not_found",
        message: 'Newsletter with id "nl_1" was not found',
        params: { id: "nl_1" },
      },
    })
  })

  it("should leave the server's own errors to Medusa's handler (500, logged)", () => {
    expect(errorResponse(new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "x"))).toBeUndefined()
    expect(errorResponse(new MedusaError(MedusaError.Types.INVALID_ARGUMENT, "x"))).toBeUndefined()
    expect(errorResponse(new MedusaError(MedusaError.Types.DB_ERROR, "x"))).toBeUndefined()
    expect(errorResponse(new Error("statement timeout"))).toBeUndefined()
    expect(errorResponse("text")).toBeUndefined()
  })
})

describe("respondError", () => {
  it("should send the answer and say so, or leave the response alone", () => {
    const { res, sent } = fakeResponse()
    expect(respondError(new NewsletterError(MedusaError.Types.NOT_FOUND, "customer_not_found", "x", { id: "c" }), res)).toBe(true)
    expect(sent).toEqual({
      status: 404,
      body: { type: "not_found", code: "customer_not_found", message: "x", params: { id: "c" } },
    })
    const other = fakeResponse()
    expect(respondError(new Error("boom"), other.res)).toBe(false)
    expect(other.sent).toEqual({})
  })
})

describe("the signup's statuses", () => {
  it("should answer a signup over its limit with 429 and retry-after, an expired link with 410", () => {
    const headers: Record<string, string> = {}
    const { res, sent } = fakeResponse()
    res.setHeader = (name: string, value: string) => (headers[name] = value)
    expect(respondError(signupRateLimited(360), res)).toBe(true)
    expect([sent.status, headers, (sent.body as any).code]).toEqual([429, { "retry-after": "360" }, "signup_rate_limited"])
    expect(errorResponse(confirmationRefused("expired"))?.status).toEqual(410)
    expect(errorResponse(confirmationRefused("used"))?.status).toEqual(409)
    expect(errorResponse(confirmationRefused("invalid"))?.status).toEqual(400)
  })
})

describe("answeringErrors", () => {
  it("should answer a client's error in the plugin's shape and rethrow any other", async () => {
    const { res, sent } = fakeResponse()
    await answeringErrors(async () => {
      throw new NewsletterError(MedusaError.Types.CONFLICT, "newsletter_sending_started", "started", {
        id: "nl_1",
        status: "sending",
        action: "cancel",
      })
    })({}, res)
    expect(sent).toEqual({
      status: 409,
      body: {
        type: "conflict",
        code: "newsletter_sending_started",
        message: "started",
        params: { id: "nl_1", status: "sending", action: "cancel" },
      },
    })

    const boom = new Error("boom")
    await expect(answeringErrors(async () => Promise.reject(boom))({}, fakeResponse().res)).rejects.toBe(boom)
  })

  it("should rethrow once the answer has begun (a CSV download can only be cut off)", async () => {
    const { res, sent } = fakeResponse(true)
    const error = readTimeoutError({ read: "csv_export", what: "The CSV export" }, 30_000)
    await expect(answeringErrors(async () => Promise.reject(error))({}, res)).rejects.toBe(error)
    expect(sent).toEqual({})
  })

  it("should let a handler that succeeds answer as it does", async () => {
    const { res, sent } = fakeResponse()
    await answeringErrors(async (_req, r: any) => r.status(200).json({ ok: true }))({}, res)
    expect(sent).toEqual({ status: 200, body: { ok: true } })
  })
})
