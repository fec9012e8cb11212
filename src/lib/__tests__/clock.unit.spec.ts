import { NEWSLETTER_CLOCK, NewsletterClock, resolveClock, systemClock } from "../clock"

function containerWith(registrations: Record<string, unknown>) {
  return {
    hasRegistration: (key: string) => key in registrations,
    resolve: <T>(key: string) => registrations[key] as T,
  } as Parameters<typeof resolveClock>[0]
}

describe("clock", () => {
  afterEach(() => {
    jest.useRealTimers()
  })

  it("should register under the key newsletterClock", () => {
    expect(NEWSLETTER_CLOCK).toBe("newsletterClock")
  })

  it("should read the system time from the system clock", () => {
    jest.useFakeTimers({ now: new Date("2026-11-27T12:00:00.000Z") })
    expect(systemClock.now()).toEqual(new Date("2026-11-27T12:00:00.000Z"))
  })

  it("should use the system clock when none is registered", () => {
    expect(resolveClock(containerWith({}))).toBe(systemClock)
  })

  it("should use the registered clock when a test registers one", () => {
    const fixed: NewsletterClock = { now: () => new Date("2026-11-27T12:00:00.000Z") }
    const clock = resolveClock(containerWith({ [NEWSLETTER_CLOCK]: fixed }))
    expect(clock).toBe(fixed)
    expect(clock.now()).toEqual(new Date("2026-11-27T12:00:00.000Z"))
  })
})
