import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError } from "../errors"
import { NewsletterStatus } from "../types"

const S = NewsletterStatus

/**
 * THE status source of an article: the transition table, the named sets and the wording of every
 * refusal. Every status condition in the module's SQL is built from here (see
 * {@link statusCondition}); no status list is written anywhere else.
 *
 * Every allowed status change of an article (S10, S11, S14, S15). Anything not listed is refused.
 * `scheduled → draft` happens when the audience of a reserved article changes (its snapshot is
 * dropped). Stopped, cancelled, failed and aggregated are final: such an article never sends again.
 */
export const NEWSLETTER_TRANSITIONS: Readonly<Record<NewsletterStatus, readonly NewsletterStatus[]>> = {
  [S.DRAFT]: [S.SCHEDULED],
  [S.SCHEDULED]: [S.DRAFT, S.SENDING, S.CANCELLED],
  [S.SENDING]: [S.SENT, S.STOPPED, S.FAILED],
  [S.SENT]: [S.AGGREGATING],
  [S.AGGREGATING]: [S.AGGREGATED],
  [S.AGGREGATED]: [],
  [S.CANCELLED]: [],
  [S.STOPPED]: [],
  [S.FAILED]: [],
}

/** The named sets of statuses. Each rule that asks "is the article in state X?" uses one of these. */
export const NewsletterStatusSets = {
  /** Subject, body and the other fields may still be edited. */
  EDITABLE: [S.DRAFT, S.SCHEDULED],
  /** The article may be deleted: nothing was or will be sent. */
  DELETABLE: [S.DRAFT, S.CANCELLED],
  /** Sending has begun (or is over): a cancel now comes too late (S14); coupons may be claimed. */
  STARTED: [S.SENDING, S.SENT, S.AGGREGATING, S.AGGREGATED, S.STOPPED, S.FAILED],
  /** The article still uses its category: the category can't be deleted. */
  IN_USE: [S.DRAFT, S.SCHEDULED, S.SENDING],
  /** Sending is over and delivery results are still being counted. */
  AGGREGATABLE: [S.SENT, S.AGGREGATING],
  /** Nothing ever changes the status again. */
  FINAL: [S.AGGREGATED, S.CANCELLED, S.STOPPED, S.FAILED],
  /** Batches that need the store owner's decision (sent again or skipped) may be resolved. */
  RESOLVABLE: [S.SENDING],
} as const satisfies Record<string, readonly NewsletterStatus[]>

export type NewsletterStatusSet = keyof typeof NewsletterStatusSets

/**
 * The action that moves an article into each status: one per status, so a refusal of any
 * transition can be worded from its target alone.
 */
export const NEWSLETTER_ACTION_TARGETS = {
  unschedule: S.DRAFT,
  schedule: S.SCHEDULED,
  start: S.SENDING,
  finish: S.SENT,
  aggregate: S.AGGREGATING,
  close: S.AGGREGATED,
  cancel: S.CANCELLED,
  stop: S.STOPPED,
  fail: S.FAILED,
} as const satisfies Record<string, NewsletterStatus>

/** An action that changes the status (see {@link NEWSLETTER_ACTION_TARGETS}). */
export type NewsletterTransitionAction = keyof typeof NEWSLETTER_ACTION_TARGETS

/**
 * Every action guarded by a status rule: the transitions, plus edit, delete and resolve (the store
 * owner's decision on batches that need attention), which change no status.
 */
export type NewsletterAction = "edit" | "delete" | "resolve" | NewsletterTransitionAction

/** How a refusal names the action: "…, so it can't be <words>". */
const ACTION_WORDS: Record<NewsletterAction, string> = {
  edit: "edited",
  delete: "deleted",
  resolve: "resolved (its batches that need attention sent again or skipped)",
  unschedule: "sent back to draft",
  schedule: "reserved",
  start: "started",
  finish: "marked sent",
  aggregate: "moved to aggregating",
  close: "moved to aggregated",
  cancel: "cancelled",
  stop: "stopped",
  fail: "marked failed",
}

/** Whether the table allows `from → to`. */
export function canTransition(from: NewsletterStatus, to: NewsletterStatus): boolean {
  return NEWSLETTER_TRANSITIONS[from]?.includes(to) ?? false
}

/** The statuses from which `to` may be reached (the transition table read backwards). */
export function statusesLeadingTo(to: NewsletterStatus): NewsletterStatus[] {
  return (Object.keys(NEWSLETTER_TRANSITIONS) as NewsletterStatus[]).filter((from) => canTransition(from, to))
}

export function isInStatusSet(status: NewsletterStatus, set: NewsletterStatusSet): boolean {
  return (NewsletterStatusSets[set] as readonly NewsletterStatus[]).includes(status)
}

/** The action whose target is `to` (every status has exactly one). */
export function actionLeadingTo(to: NewsletterStatus): NewsletterTransitionAction {
  const action = (Object.keys(NEWSLETTER_ACTION_TARGETS) as NewsletterTransitionAction[]).find(
    (a) => NEWSLETTER_ACTION_TARGETS[a] === to
  )
  if (!action) {
    throw new NewsletterError(
      MedusaError.Types.INVALID_ARGUMENT,
      "not_a_newsletter_status",
      `Not a newsletter status: ${to}`,
      { status: to }
    )
  }
  return action
}

/** The statuses an action may start from: the named set of edit and delete, else the table. */
export function statusesAllowing(action: NewsletterAction): readonly NewsletterStatus[] {
  switch (action) {
    case "edit":
      return NewsletterStatusSets.EDITABLE
    case "delete":
      return NewsletterStatusSets.DELETABLE
    case "resolve":
      return NewsletterStatusSets.RESOLVABLE
    default:
      return statusesLeadingTo(NEWSLETTER_ACTION_TARGETS[action])
  }
}

/**
 * A parameterized SQL condition "the status column is one of these statuses", for a conditional
 * write: `{ sql: '"status" = ANY(?::text[])', bindings: ["{draft,scheduled}"] }`. The column may be
 * qualified (`n."status"`); it comes from the module's code, never from input. The statuses are
 * bound as ONE array literal, not as a JS array: MikroORM's `execute` (and knex) would spread a JS
 * array into a comma list. An empty list matches nothing.
 */
export function statusCondition(
  statuses: readonly NewsletterStatus[],
  column = `"status"`
): { sql: string; bindings: [string] } {
  return { sql: `${column} = ANY(?::text[])`, bindings: [`{${statuses.join(",")}}`] }
}

/** The actions a store owner takes; the others are the dispatcher's and the aggregation's. */
const OWNER_ACTIONS: readonly NewsletterAction[] = ["edit", "delete", "schedule", "unschedule", "cancel"]

/**
 * Why an action is refused from `current`. `raced` marks a refusal found by a conditional write
 * (the status changed after the caller last looked): that is a CONFLICT (409) naming the current
 * status. A store owner's action on an article whose sending has started is always a CONFLICT
 * too (S14: the article moved on since the owner last looked; nothing can be changed any more);
 * anything else is NOT_ALLOWED (400). The codes, each with `{ id, status, action }` (status: the
 * current one):
 * - `newsletter_sending_started`: an owner's action once sending has started (409);
 * - `newsletter_changed_meanwhile`: a conditional write lost a race (409);
 * - `newsletter_not_editable`, `newsletter_not_deletable`, `newsletter_not_resolvable`;
 * - `newsletter_transition_not_allowed`, with `to`, the status the action leads to.
 */
export function statusRefusal(
  id: string,
  current: NewsletterStatus,
  action: NewsletterAction,
  raced = false
): NewsletterError {
  const params = { id, status: current, action }
  // The store owner's screen is stale: the article was claimed for sending meanwhile (S14).
  if (OWNER_ACTIONS.includes(action) && isInStatusSet(current, "STARTED")) {
    return new NewsletterError(
      MedusaError.Types.CONFLICT,
      "newsletter_sending_started",
      `Sending of newsletter "${id}" has already started (status: ${current}); it can no longer be ${ACTION_WORDS[action]}`,
      params
    )
  }
  if (raced) {
    return new NewsletterError(
      MedusaError.Types.CONFLICT,
      "newsletter_changed_meanwhile",
      `Newsletter "${id}" changed meanwhile: it is now ${current}, so it can't be ${ACTION_WORDS[action]}`,
      params
    )
  }
  const set = SET_REFUSALS[action as keyof typeof SET_REFUSALS]
  if (set) {
    return new NewsletterError(
      MedusaError.Types.NOT_ALLOWED,
      set.code,
      `Newsletter "${id}" is ${current}; ${set.only}`,
      params
    )
  }
  const to = NEWSLETTER_ACTION_TARGETS[action as NewsletterTransitionAction]
  return new NewsletterError(
    MedusaError.Types.NOT_ALLOWED,
    "newsletter_transition_not_allowed",
    `Newsletter "${id}" is ${current} and cannot be moved to ${to}`,
    { ...params, to }
  )
}

/** The refusals of the actions allowed by a named set rather than the transition table. */
const SET_REFUSALS = {
  edit: { code: "newsletter_not_editable", only: "only draft and scheduled newsletters can be edited" },
  delete: { code: "newsletter_not_deletable", only: "only draft and cancelled newsletters can be deleted" },
  resolve: {
    code: "newsletter_not_resolvable",
    only: "only a newsletter being sent has batches that can be sent again or skipped",
  },
} as const satisfies Partial<Record<NewsletterAction, { code: string; only: string }>>

/**
 * Throws {@link statusRefusal} (NOT_ALLOWED, or CONFLICT once sending started) unless `action` is
 * allowed from `current`: the friendly check on a workflow's read, before the guarded write.
 */
export function assertActionAllowed(id: string, current: NewsletterStatus, action: NewsletterAction): void {
  if (!statusesAllowing(action).includes(current)) {
    throw statusRefusal(id, current, action)
  }
}
