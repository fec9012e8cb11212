import { deliveryRate, formatRate } from "../rates"

describe("delivery rates", () => {
  it("divides unique opens or clicks by delivered mails", () => {
    expect([deliveryRate(3, 4), deliveryRate(0, 4), deliveryRate(4, 4)]).toEqual([0.75, 0, 1])
  })

  it("has no rate when nothing was delivered", () => {
    expect([deliveryRate(0, 0), deliveryRate(2, null), deliveryRate(null, undefined)]).toEqual([
      null,
      null,
      null,
    ])
  })

  it("counts a missing numerator as zero", () => {
    expect(deliveryRate(null, 5)).toEqual(0)
  })

  it("formats with at most one decimal, and an em dash for no rate", () => {
    expect([
      formatRate(deliveryRate(1, 3), "ja"),
      formatRate(deliveryRate(1, 2), "en"),
      formatRate(null, "ja"),
    ]).toEqual(["33.3%", "50%", "—"])
  })
})
