import { MedusaError } from "@medusajs/framework/utils"
import { isStatementTimeout, READ_TIMEOUT_CODE, readTimeoutError } from "../utils/read-timeout"

describe("read timeouts", () => {
  it("should recognise PostgreSQL stopping a statement at its statement_timeout only", () => {
    expect(isStatementTimeout({ code: "57014", message: "canceling statement due to statement timeout" })).toBe(true)
    expect(isStatementTimeout({ code: "57014", message: "canceling statement due to user request" })).toBe(false)
    expect(isStatementTimeout({ code: "23505", message: "statement timeout" })).toBe(false)
    expect(isStatementTimeout(null)).toBe(false)
  })

  it("should say what took too long, for how long, and what to do, with its code", () => {
    const error = readTimeoutError(
      { read: "audience_preview", what: "The audience preview", hint: "Narrow the conditions" },
      30_000
    )
    expect([error.type, error.code, error.params, error.message]).toEqual([
      MedusaError.Types.UNEXPECTED_STATE,
      READ_TIMEOUT_CODE,
      { read: "audience_preview", seconds: 30 },
      "The audience preview took longer than 30 seconds and was stopped, so that the shop stays fast. Narrow the conditions",
    ])
    const csv = readTimeoutError({ read: "csv_export", what: "The CSV export" }, 250)
    expect([csv.params, csv.message]).toEqual([
      { read: "csv_export", seconds: 0.3 },
      "The CSV export took longer than 0.3 seconds and was stopped, so that the shop stays fast. Try again when the shop is less busy",
    ])
  })
})
