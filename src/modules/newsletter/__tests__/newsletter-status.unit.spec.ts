import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterStatus } from "../types"
import {
  actionLeadingTo,
  assertActionAllowed,
  canTransition,
  isInStatusSet,
  NEWSLETTER_ACTION_TARGETS,
  NEWSLETTER_TRANSITIONS,
  NewsletterAction,
  NewsletterStatusSets,
  statusCondition,
  statusesAllowing,
  statusesLeadingTo,
  statusRefusal,
} from "../utils/newsletter-status"

const S = NewsletterStatus
const ALL_STATUSES = Object.values(NewsletterStatus)

/** The rules of the manual (S10, S11, S14, S15), written out independently of the code. */
const EXPECTED_ALLOWED: [NewsletterStatus, NewsletterStatus][] = [
  [S.DRAFT, S.SCHEDULED],
  [S.SCHEDULED, S.DRAFT],
  [S.SCHEDULED, S.SENDING],
  [S.SCHEDULED, S.CANCELLED],
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
const STARTED = [S.SENDING, S.SENT, S.AGGREGATING, S.AGGREGATED, S.STOPPED, S.FAILED]

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
    expect(REFUSED_PAIRS).toHaveLength(72)
  })

  it("should list exactly the transitions of the manual (no scheduled → failed: no path uses it)", () => {
    expect(NEWSLETTER_TRANSITIONS).toEqual({
      draft: ["scheduled"],
      scheduled: ["draft", "sending", "cancelled"],
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

  describe("statusesLeadingTo", () => {
    it("should read the table backwards, for every status", () => {
      expect(Object.fromEntries(ALL_STATUSES.map((to) => [to, statusesLeadingTo(to)]))).toEqual({
        draft: ["scheduled"],
        scheduled: ["draft"],
        sending: ["scheduled"],
        sent: ["sending"],
        aggregating: ["sent"],
        aggregated: ["aggregating"],
        cancelled: ["scheduled"],
        stopped: ["sending"],
        failed: ["sending"],
      })
    })

    it.each(ALL_PAIRS)("should agree with canTransition for %s → %s", (from, to) => {
      expect(statusesLeadingTo(to).includes(from)).toBe(canTransition(from, to))
    })
  })

  describe("named sets", () => {
    it("should hold exactly these statuses", () => {
      expect(NewsletterStatusSets).toEqual({
        EDITABLE: ["draft", "scheduled"],
        DELETABLE: ["draft", "cancelled"],
        STARTED: ["sending", "sent", "aggregating", "aggregated", "stopped", "failed"],
        IN_USE: ["draft", "scheduled", "sending"],
        AGGREGATABLE: ["sent", "aggregating"],
        FINAL: ["aggregated", "cancelled", "stopped", "failed"],
        RESOLVABLE: ["sending"],
      })
    })

    it("should call final exactly the statuses with no way out", () => {
      const noWayOut = ALL_STATUSES.filter((from) => !ALL_STATUSES.some((to) => canTransition(from, to)))
      expect(noWayOut.sort()).toEqual([...NewsletterStatusSets.FINAL].sort())
    })

    it("should call started exactly the statuses reachable from sending, sending included", () => {
      const reachable = new Set<NewsletterStatus>([S.SENDING])
      for (let grew = true; grew; ) {
        grew = false
        for (const from of [...reachable]) {
          for (const to of NEWSLETTER_TRANSITIONS[from]) {
            if (!reachable.has(to)) {
              reachable.add(to)
              grew = true
            }
          }
        }
      }
      expect([...NewsletterStatusSets.STARTED].sort()).toEqual([...reachable].sort())
    })

    it.each(
      Object.entries(NewsletterStatusSets).flatMap(([set, members]) =>
        ALL_STATUSES.map((status) => [set, status, (members as readonly string[]).includes(status)] as const)
      )
    )("isInStatusSet(%s): %s → %s", (set, status, expected) => {
      expect(isInStatusSet(status, set as keyof typeof NewsletterStatusSets)).toBe(expected)
    })
  })

  describe("actions", () => {
    it("should name one action per target status", () => {
      expect(NEWSLETTER_ACTION_TARGETS).toEqual({
        unschedule: "draft",
        schedule: "scheduled",
        start: "sending",
        finish: "sent",
        aggregate: "aggregating",
        close: "aggregated",
        cancel: "cancelled",
        stop: "stopped",
        fail: "failed",
      })
      expect(ALL_STATUSES.map((to) => actionLeadingTo(to))).toEqual([
        "unschedule",
        "schedule",
        "start",
        "finish",
        "aggregate",
        "close",
        "cancel",
        "stop",
        "fail",
      ])
    })

    it("should refuse to name the action of an unknown status", () => {
      const error = thrownBy(() => actionLeadingTo("archived" as NewsletterStatus))
      expect(error.type).toBe("invalid_argument")
      expect(error.message).toBe("Not a newsletter status: archived")
    })

    it("should start each action from its set or from the table", () => {
      expect(statusesAllowing("edit")).toEqual(["draft", "scheduled"])
      expect(statusesAllowing("delete")).toEqual(["draft", "cancelled"])
      expect(statusesAllowing("schedule")).toEqual(["draft"])
      expect(statusesAllowing("unschedule")).toEqual(["scheduled"])
      expect(statusesAllowing("cancel")).toEqual(["scheduled"])
      expect(statusesAllowing("start")).toEqual(["scheduled"])
      expect(statusesAllowing("finish")).toEqual(["sending"])
      expect(statusesAllowing("stop")).toEqual(["sending"])
      expect(statusesAllowing("fail")).toEqual(["sending"])
      expect(statusesAllowing("aggregate")).toEqual(["sent"])
      expect(statusesAllowing("close")).toEqual(["aggregating"])
    })
  })

  describe("statusCondition", () => {
    it("should bind the statuses as one array literal", () => {
      expect(statusCondition(NewsletterStatusSets.EDITABLE)).toEqual({
        sql: `"status" = ANY(?::text[])`,
        bindings: ["{draft,scheduled}"],
      })
    })

    it("should qualify the column when told", () => {
      expect(statusCondition([S.SENDING], `n."status"`)).toEqual({
        sql: `n."status" = ANY(?::text[])`,
        bindings: ["{sending}"],
      })
    })

    it("should match nothing for an empty list", () => {
      expect(statusCondition([])).toEqual({ sql: `"status" = ANY(?::text[])`, bindings: ["{}"] })
    })

    it("should need no quoting: every status is a plain lower-case word", () => {
      ALL_STATUSES.forEach((s) => expect(s).toMatch(/^[a-z]+$/))
    })
  })

  describe("statusRefusal", () => {
    it("should word a refused edit and delete with their sets", () => {
      const edit = statusRefusal("nl_1", S.CANCELLED, "edit")
      expect([edit.type, edit.message]).toEqual([
        "not_allowed",
        'Newsletter "nl_1" is cancelled; only draft and scheduled newsletters can be edited',
      ])
      const del = statusRefusal("nl_1", S.SCHEDULED, "delete")
      expect([del.type, del.message]).toEqual([
        "not_allowed",
        'Newsletter "nl_1" is scheduled; only draft and cancelled newsletters can be deleted',
      ])
    })

    it.each(
      (Object.keys(NEWSLETTER_ACTION_TARGETS) as NewsletterAction[])
        .filter((a) => a !== "cancel")
        .map((a) => [a, NEWSLETTER_ACTION_TARGETS[a as keyof typeof NEWSLETTER_ACTION_TARGETS]])
    )("should word a refused %s as the move to %s", (action, target) => {
      // aggregated is final and started: the owner's moves from it are conflicts (tested below).
      const current = ["schedule", "unschedule"].includes(action as string) ? S.CANCELLED : S.AGGREGATED
      const error = statusRefusal("nl_1", current, action as NewsletterAction)
      expect(error.type).toBe("not_allowed")
      expect(error.message).toBe(`Newsletter "nl_1" is ${current} and cannot be moved to ${target}`)
    })

    it.each([[S.DRAFT], [S.CANCELLED]])("should refuse to cancel a %s newsletter as not allowed", (current) => {
      const error = statusRefusal("nl_1", current, "cancel")
      expect(error.type).toBe("not_allowed")
      expect(error.message).toBe(`Newsletter "nl_1" is ${current} and cannot be moved to cancelled`)
    })

    it.each(
      (["edit", "delete", "schedule", "unschedule", "cancel"] as NewsletterAction[]).flatMap((action) =>
        STARTED.map((s) => [action, s])
      )
    )("should refuse the owner's %s of a %s newsletter with a conflict, raced or not", (action, current) => {
      const words = { edit: "edited", delete: "deleted", schedule: "reserved", unschedule: "sent back to draft", cancel: "cancelled" }
      for (const raced of [false, true]) {
        const error = statusRefusal("nl_1", current as NewsletterStatus, action as NewsletterAction, raced)
        expect(error).toBeInstanceOf(MedusaError)
        expect(error.type).toBe("conflict")
        expect(error.message).toBe(
          `Sending of newsletter "nl_1" has already started (status: ${current}); it can no longer be ${words[action as keyof typeof words]}`
        )
      }
    })

    it.each([
      ["edit", S.CANCELLED, "edited"],
      ["delete", S.SCHEDULED, "deleted"],
      ["schedule", S.SCHEDULED, "reserved"],
      ["unschedule", S.DRAFT, "sent back to draft"],
      ["cancel", S.DRAFT, "cancelled"],
      ["start", S.CANCELLED, "started"],
      ["finish", S.STOPPED, "marked sent"],
      ["aggregate", S.AGGREGATING, "moved to aggregating"],
      ["close", S.AGGREGATED, "moved to aggregated"],
      ["stop", S.SENT, "stopped"],
      ["fail", S.STOPPED, "marked failed"],
      ["resolve", S.SENT, "resolved (its batches that need attention sent again or skipped)"],
    ] as Array<[NewsletterAction, NewsletterStatus, string]>)(
      "should answer a lost race on %s with a conflict naming the current status (%s)",
      (action, current, words) => {
        const error = statusRefusal("nl_1", current, action, true)
        expect(error.type).toBe("conflict")
        expect(error.message).toBe(`Newsletter "nl_1" changed meanwhile: it is now ${current}, so it can't be ${words}`)
      }
    )
  })

  describe("statusRefusal's codes", () => {
    it.each([
      ["edit", S.CANCELLED, false, "newsletter_not_editable", {}],
      ["delete", S.SCHEDULED, false, "newsletter_not_deletable", {}],
      ["resolve", S.SENT, false, "newsletter_not_resolvable", {}],
      ["cancel", S.DRAFT, false, "newsletter_transition_not_allowed", { to: "cancelled" }],
      ["start", S.DRAFT, false, "newsletter_transition_not_allowed", { to: "sending" }],
      ["cancel", S.SENDING, false, "newsletter_sending_started", {}],
      ["edit", S.SENT, true, "newsletter_sending_started", {}],
      ["edit", S.CANCELLED, true, "newsletter_changed_meanwhile", {}],
      ["start", S.CANCELLED, true, "newsletter_changed_meanwhile", {}],
    ] as Array<[NewsletterAction, NewsletterStatus, boolean, string, object]>)(
      "should give a refused %s from %s (raced: %s) the code %s with the id, status and action",
      (action, current, raced, code, extra) => {
        const error = statusRefusal("nl_1", current, action, raced)
        expect([error.code, error.params]).toEqual([code, { id: "nl_1", status: current, action, ...extra }])
      }
    )
  })

  describe("resolve (the store owner's decision on batches that need attention)", () => {
    it("should allow it only while the article is being sent", () => {
      expect(statusesAllowing("resolve")).toEqual(["sending"])
      expect(assertActionAllowed("nl_1", S.SENDING, "resolve")).toBeUndefined()
    })

    it.each(ALL_STATUSES.filter((s) => s !== S.SENDING))("should refuse it from %s as not allowed", (current) => {
      const error = thrownBy(() => assertActionAllowed("nl_1", current, "resolve"))
      expect([error.type, error.message]).toEqual([
        "not_allowed",
        `Newsletter "nl_1" is ${current}; only a newsletter being sent has batches that can be sent again or skipped`,
      ])
    })
  })

  describe("assertActionAllowed", () => {
    const cases = (["edit", "delete", ...Object.keys(NEWSLETTER_ACTION_TARGETS)] as NewsletterAction[]).flatMap(
      (action) => ALL_STATUSES.map((status) => [action, status] as [NewsletterAction, NewsletterStatus])
    )

    it.each(cases)("should decide %s from %s by the action's statuses", (action, status) => {
      if (statusesAllowing(action).includes(status)) {
        expect(assertActionAllowed("nl_1", status, action)).toBeUndefined()
      } else {
        const error = thrownBy(() => assertActionAllowed("nl_1", status, action))
        expect(error.message).toBe(statusRefusal("nl_1", status, action).message)
        const owners: NewsletterAction[] = ["edit", "delete", "schedule", "unschedule", "cancel"]
        expect(error.type).toBe(owners.includes(action) && STARTED.includes(status) ? "conflict" : "not_allowed")
      }
    })

    it("should let exactly 13 action/status pairs through", () => {
      expect(cases.filter(([a, s]) => statusesAllowing(a).includes(s))).toHaveLength(13)
    })
  })

  describe("assertActionAllowed for every transition", () => {
    it.each(EXPECTED_ALLOWED)("should let %s → %s through", (from, to) => {
      expect(assertActionAllowed("nl_1", from, actionLeadingTo(to))).toBeUndefined()
    })

    // The owner's moves (to draft, scheduled, cancelled) from a started article are conflicts.
    const ownerTargets: NewsletterStatus[] = [S.DRAFT, S.SCHEDULED, S.CANCELLED]
    const refusedNotAllowed = REFUSED_PAIRS.filter(([from, to]) => !(ownerTargets.includes(to) && STARTED.includes(from)))

    it.each(refusedNotAllowed)("should refuse %s → %s as not allowed, naming both statuses", (from, to) => {
      const error = thrownBy(() => assertActionAllowed("nl_1", from, actionLeadingTo(to)))
      expect(error).toBeInstanceOf(MedusaError)
      expect(error.type).toBe("not_allowed")
      expect(error.message).toBe(`Newsletter "nl_1" is ${from} and cannot be moved to ${to}`)
    })

    it("should refuse scheduled → failed (the unused rule is gone)", () => {
      const error = thrownBy(() => assertActionAllowed("nl_1", S.SCHEDULED, "fail"))
      expect(error.type).toBe("not_allowed")
      expect(error.message).toBe('Newsletter "nl_1" is scheduled and cannot be moved to failed')
    })

    it.each(STARTED.map((s) => [s]))("should refuse to cancel a %s newsletter with a conflict", (from) => {
      const error = thrownBy(() => assertActionAllowed("nl_1", from, "cancel"))
      expect(error.type).toBe("conflict")
      expect(error.message).toBe(
        `Sending of newsletter "nl_1" has already started (status: ${from}); it can no longer be cancelled`
      )
    })
  })
})
