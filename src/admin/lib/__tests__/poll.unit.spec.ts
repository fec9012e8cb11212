import { nextPoll } from "../poll"

const NOW = Date.parse("2026-12-01T01:00:00Z")
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString()

describe("nextPoll", () => {
  it("reads every 5 s while an article is being sent or counted", () => {
    expect(nextPoll([{ status: "draft", scheduled_at: at(600) }, { status: "sending", scheduled_at: at(-60) }], NOW)).toBe(5000)
    expect(nextPoll([{ status: "aggregating", scheduled_at: at(-60) }], NOW)).toBe(5000)
  })

  it("reads soon after the nearest send time, at least 5 s and at most 30 s later", () => {
    expect(nextPoll([{ status: "scheduled", scheduled_at: at(12) }, { status: "scheduled", scheduled_at: at(20) }], NOW)).toBe(12_000)
    expect(nextPoll([{ status: "scheduled", scheduled_at: at(1) }], NOW)).toBe(5000)
    expect(nextPoll([{ status: "scheduled", scheduled_at: at(-30) }], NOW)).toBe(5000)
    expect(nextPoll([{ status: "scheduled", scheduled_at: at(3600) }], NOW)).toBe(30_000)
  })

  it("doesn't read again when nothing moves", () => {
    expect(nextPoll([{ status: "draft", scheduled_at: at(60) }, { status: "aggregated", scheduled_at: at(-600) }], NOW)).toBe(false)
    expect(nextPoll([], NOW)).toBe(false)
  })
})
