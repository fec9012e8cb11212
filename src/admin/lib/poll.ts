import type { AdminNewsletter, NewsletterStatusValue } from "../../api/admin/newsletters/types"

const ACTIVE: NewsletterStatusValue[] = ["sending", "aggregating"]

/**
 * How soon to read again, so that a screen follows its articles without a reload: every 5 s
 * while one is being sent or counted, and while one waits for its send time, soon after that
 * time (at most 30 s later, since the send time can be changed meanwhile).
 */
export const nextPoll = (rows: Pick<AdminNewsletter, "status" | "scheduled_at">[], now = Date.now()): number | false => {
  if (rows.some((n) => ACTIVE.includes(n.status))) {
    return 5000
  }
  const waits = rows
    .filter((n) => n.status === "scheduled")
    .map((n) => new Date(n.scheduled_at).getTime() - now)
  if (!waits.length) {
    return false
  }
  return Math.min(30_000, Math.max(5000, Math.min(...waits)))
}
