import { MedusaError } from "@medusajs/framework/utils"
import { readTimeoutError } from "../../../modules/newsletter/utils/read-timeout"
import { respondReadTimeout } from "../respond-read-timeout"

function fakeResponse() {
  const sent: { status?: number; body?: unknown } = {}
  const res = {
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

describe("respondReadTimeout", () => {
  it("should answer a read stopped by its timeout with 503, its code and the store owner's message", () => {
    const { res, sent } = fakeResponse()
    const error = readTimeoutError({ what: "The CSV export" }, 30_000)

    expect(respondReadTimeout(error, res)).toBe(true)
    expect(sent).toEqual({
      status: 503,
      body: {
        type: "timeout",
        code: "newsletter_read_timeout",
        message:
          "The CSV export took longer than 30 seconds and was stopped, so that the shop stays fast. Try again when the shop is less busy",
      },
    })
  })

  it("should leave any other error to the caller", () => {
    const { res, sent } = fakeResponse()
    expect(respondReadTimeout(new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "x"), res)).toBe(false)
    expect(respondReadTimeout(new Error("statement timeout"), res)).toBe(false)
    expect(sent).toEqual({})
  })
})
