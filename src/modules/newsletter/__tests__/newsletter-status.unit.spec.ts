import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterStatus } from "../types"
import {
  assertCanTransition,
  assertDeletable,
  assertEditable,
  canTransition,
  DELETABLE_STATUSES,
  EDITABLE_STATUSES,
  NEWSLETTER_TRANSITIONS,
  STARTED_STATUSES,
} from "../utils/newsletter-status"

const S = NewsletterStatus
const ALL_STATUSES = Object.values(NewsletterStatus)

/** The rules of the manual (S10, S11, S14, S15), written out independently of the code. */
const EXPECTED_ALLOWED: [NewsletterStatus, NewsletterStatus][] = [
  [S.DRAFT, S.SCHEDULED],
  [S.SCHEDULED, S.DRAFT],
  [S.SCHEDULED, S.SENDING],
  [S.SCHEDULED, S.CANCELLED],
  [S.SCHEDULED, S.FAILED],
  [S.SENDING, S.SENT],
  [S.SENDING, S.STOPPED],
  [S.SENDING, S.FAILED],
  [S.SENT, S.AGGREGATING],
  [S.AGGREGATING, S.AGGREGATED],
]

const isExpectedAllowed = (from: NewsletterStatus, to: NewsletterStatus) =>
  EXPECTED_ALLOWED.some(([f, t]) => f === from && t === to)

const ALL_PAIRS = ALL_STATUSES.flatMap((from) =>
  ALL_STATUSES.map((to) => [from, to] as [NewsletterStatus, NewsletterStatus])
)
const REFUSED_PAIRS = ALL_PAIRS.filter(([from, to]) => !isExpectedAllowed(from, to))

function thrownBy(fn: () => unknown): MedusaError {
  try {
    fn()
  } catch (e) {
    return e as MedusaError
  }
  throw new Error("expected the call to throw")
}

describe("newsletter status rules", () => {
  it("should know exactly nine statuses", () => {
    expect(ALL_STATUSES).toEqual([
      "draft",
      "scheduled",
      "sending",
      "sent",
      "aggregating",
      "aggregated",
      "cancelled",
      "stopped",
      "failed",
    ])
    expect(ALL_PAIRS).toHaveLength(81)
    expect(REFUSED_PAIRS).toHaveLength(71)
  })

  it("should list exactly the transitions of the manual", () => {
    expect(NEWSLETTER_TRANSITIONS).toEqual({
      draft: ["scheduled"],
      scheduled: ["draft", "sending", "cancelled", "failed"],
      sending: ["sent", "stopped", "failed"],
      sent: ["aggregating"],
      aggregating: ["aggregated"],
      aggregated: [],
      cancelled: [],
      stopped: [],
      failed: [],
    })
  })

  describe("canTransition", () => {
    it.each(EXPECTED_ALLOWED)("should allow %s → %s", (from, to) => {
      expect(canTransition(from, to)).toBe(true)
    })

    it.each(REFUSED_PAIRS)("should refuse %s → %s", (from, to) => {
      expect(canTransition(from, to)).toBe(false)
    })

    it("should refuse any move from an unknown status", () => {
      expect(canTransition("archived" as NewsletterStatus, S.DRAFT)).toBe(false)
    })
  })

  describe("assertCanTransition", () => {
    it.each(EXPECTED_ALLOWED)("should let %s → %s through", (from, to) => {
      expect(assertCanTransition("nl_1", from, to)).toBeUndefined()
    })

    const refusedNotAllowed = REFUSED_PAIRS.filter(
      ([from, to]) => !(to === S.CANCELLED && STARTED_STATUSES.includes(from))
    )

    it.each(refusedNotAllowed)("should refuse %s → %s as not allowed, naming both statuses", (from, to) => {
      const error = thrownBy(() => assertCanTransition("nl_1", from, to))
      expect(error).toBeInstanceOf(MedusaError)
      expect(error.type).toBe("not_allowed")
      expect(error.message).toBe(`Newsletter "nl_1" is ${from} and cannot be moved to ${to}`)
    })

    it("should word a refused move the way the store owner reads it", () => {
      const error = thrownBy(() => assertCanTransition("nl_1", S.SENT, S.DRAFT))
      expect(error.type).toBe("not_allowed")
      expect(error.message).toBe('Newsletter "nl_1" is sent and cannot be moved to draft')
    })

    it("should refuse to cancel a draft (a draft is deleted, not cancelled)", () => {
      const error = thrownBy(() => assertCanTransition("nl_1", S.DRAFT, S.CANCELLED))
      expect(error.type).toBe("not_allowed")
      expect(error.message).toBe('Newsletter "nl_1" is draft and cannot be moved to cancelled')
    })

    it("should count every status from sending on as started", () => {
      expect(STARTED_STATUSES).toEqual([
        "sending",
        "sent",
        "aggregating",
        "aggregated",
        "stopped",
        "failed",
      ])
    })

    it.each(STARTED_STATUSES.map((s) => [s]))(
      "should refuse to cancel a %s newsletter with a conflict naming its status",
      (from) => {
        const error = thrownBy(() => assertCanTransition("nl_1", from, S.CANCELLED))
        expect(error).toBeInstanceOf(MedusaError)
        expect(error.type).toBe("conflict")
        expect(error.message).toBe(
          `Sending of newsletter "nl_1" has already started (status: ${from}); it can no longer be cancelled`
        )
      }
    )

    it("should give the exact conflict message for a newsletter being sent", () => {
      const error = thrownBy(() => assertCanTransition("nl_1", S.SENDING, S.CANCELLED))
      expect(error.type).toBe("conflict")
      expect(error.message).toBe(
        'Sending of newsletter "nl_1" has already started (status: sending); it can no longer be cancelled'
      )
    })

    it("should refuse to cancel a cancelled newsletter again as not allowed", () => {
      const error = thrownBy(() => assertCanTransition("nl_1", S.CANCELLED, S.CANCELLED))
      expect(error.type).toBe("not_allowed")
      expect(error.message).toBe('Newsletter "nl_1" is cancelled and cannot be moved to cancelled')
    })
  })

  describe("final statuses", () => {
    it.each([[S.AGGREGATED], [S.CANCELLED], [S.STOPPED], [S.FAILED]])(
      "should have no way out of %s",
      (from) => {
        expect(NEWSLETTER_TRANSITIONS[from]).toEqual([])
        expect(ALL_STATUSES.filter((to) => canTransition(from, to))).toEqual([])
      }
    )

    it("should leave every other status a way out", () => {
      const withWayOut = ALL_STATUSES.filter((from) =>
        ALL_STATUSES.some((to) => canTransition(from, to))
      )
      expect(withWayOut).toEqual(["draft", "scheduled", "sending", "sent", "aggregating"])
    })
  })

  describe("assertEditable", () => {
    it("should allow editing only drafts and scheduled newsletters", () => {
      expect(EDITABLE_STATUSES).toEqual(["draft", "scheduled"])
    })

    it.each([[S.DRAFT], [S.SCHEDULED]])("should let a %s newsletter be edited", (status) => {
      expect(assertEditable("nl_1", status)).toBeUndefined()
    })

    it.each(
      ALL_STATUSES.filter((s) => s !== S.DRAFT && s !== S.SCHEDULED).map((s) => [s])
    )("should refuse to edit a %s newsletter", (status) => {
      const error = thrownBy(() => assertEditable("nl_1", status))
      expect(error).toBeInstanceOf(MedusaError)
      expect(error.type).toBe("not_allowed")
      expect(error.message).toBe(
        `Newsletter "nl_1" is ${status}; only draft and scheduled newsletters can be edited`
      )
    })

    it("should give the exact message for a newsletter being sent", () => {
      expect(() => assertEditable("nl_1", S.SENDING)).toThrow(
        'Newsletter "nl_1" is sending; only draft and scheduled newsletters can be edited'
      )
    })
  })

  describe("assertDeletable", () => {
    it("should allow deleting only drafts and cancelled newsletters", () => {
      expect(DELETABLE_STATUSES).toEqual(["draft", "cancelled"])
    })

    it.each([[S.DRAFT], [S.CANCELLED]])("should let a %s newsletter be deleted", (status) => {
      expect(assertDeletable("nl_1", status)).toBeUndefined()
    })

    it.each(
      ALL_STATUSES.filter((s) => s !== S.DRAFT && s !== S.CANCELLED).map((s) => [s])
    )("should refuse to delete a %s newsletter", (status) => {
      const error = thrownBy(() => assertDeletable("nl_1", status))
      expect(error).toBeInstanceOf(MedusaError)
      expect(error.type).toBe("not_allowed")
      expect(error.message).toBe(
        `Newsletter "nl_1" is ${status}; only draft and cancelled newsletters can be deleted`
      )
    })

    it("should give the exact message for a scheduled newsletter", () => {
      expect(() => assertDeletable("nl_1", S.SCHEDULED)).toThrow(
        'Newsletter "nl_1" is scheduled; only draft and cancelled newsletters can be deleted'
      )
    })
  })
})
