import { briefErrorMessage } from "../utils/error-message"

describe("briefErrorMessage", () => {
  it("should keep only the database's message after the statement the driver puts in front", () => {
    const error = new Error(
      `WITH changed AS (\n UPDATE "newsletter_subscription" SET "status" = 'cleaned' - 1 RETURNING "id")\n INSERT INTO x SELECT 1 - injected fault after the report was recorded`
    )
    expect(briefErrorMessage(error)).toEqual("injected fault after the report was recorded")
  })

  it("should keep any other message as it is, and a thrown non-error as text", () => {
    expect(briefErrorMessage(new Error("The subscription changed meanwhile - try again"))).toEqual(
      "The subscription changed meanwhile - try again"
    )
    expect(briefErrorMessage("timeout")).toEqual("timeout")
  })

  it("should cut a long message at 1000 characters", () => {
    expect(briefErrorMessage(new Error("x".repeat(5000)))).toHaveLength(1000)
  })
})
