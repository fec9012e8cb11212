import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterStatus } from "../types"

const S = NewsletterStatus

/**
 * Every allowed status change of an article (S10, S11, S14, S15). Anything not listed is refused.
 * `scheduled → draft` happens when the audience of a reserved article changes (its snapshot is dropped).
 * Stopped, cancelled, failed and aggregated are final: such an article never sends again.
 */
export const NEWSLETTER_TRANSITIONS: Readonly<Record<NewsletterStatus, readonly NewsletterStatus[]>> = {
  [S.DRAFT]: [S.SCHEDULED],
  [S.SCHEDULED]: [S.DRAFT, S.SENDING, S.CANCELLED, S.FAILED],
  [S.SENDING]: [S.SENT, S.STOPPED, S.FAILED],
  [S.SENT]: [S.AGGREGATING],
  [S.AGGREGATING]: [S.AGGREGATED],
  [S.AGGREGATED]: [],
  [S.CANCELLED]: [],
  [S.STOPPED]: [],
  [S.FAILED]: [],
}

/** Statuses in which sending has begun (or is over): a cancel now comes too late (S14). */
export const STARTED_STATUSES: readonly NewsletterStatus[] = [
  S.SENDING,
  S.SENT,
  S.AGGREGATING,
  S.AGGREGATED,
  S.STOPPED,
  S.FAILED,
]

/** Statuses in which subject, body and other fields may still be edited. */
export const EDITABLE_STATUSES: readonly NewsletterStatus[] = [S.DRAFT, S.SCHEDULED]

/** Statuses in which an article may be deleted (nothing was or will be sent). */
export const DELETABLE_STATUSES: readonly NewsletterStatus[] = [S.DRAFT, S.CANCELLED]

export function canTransition(from: NewsletterStatus, to: NewsletterStatus): boolean {
  return NEWSLETTER_TRANSITIONS[from]?.includes(to) ?? false
}

/**
 * Throws unless `from → to` is allowed, naming the current status: NOT_ALLOWED (400) in general,
 * CONFLICT (409) for a cancel that comes after sending started (S14), because the article moved
 * on since the store owner last looked at it.
 */
export function assertCanTransition(id: string, from: NewsletterStatus, to: NewsletterStatus): void {
  if (to === S.CANCELLED && STARTED_STATUSES.includes(from)) {
    throw new MedusaError(
      MedusaError.Types.CONFLICT,
      `Sending of newsletter "${id}" has already started (status: ${from}); it can no longer be cancelled`
    )
  }
  if (!canTransition(from, to)) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Newsletter "${id}" is ${from} and cannot be moved to ${to}`
    )
  }
}

export function assertEditable(id: string, status: NewsletterStatus): void {
  if (!EDITABLE_STATUSES.includes(status)) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Newsletter "${id}" is ${status}; only draft and scheduled newsletters can be edited`
    )
  }
}

export function assertDeletable(id: string, status: NewsletterStatus): void {
  if (!DELETABLE_STATUSES.includes(status)) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Newsletter "${id}" is ${status}; only draft and cancelled newsletters can be deleted`
    )
  }
}
