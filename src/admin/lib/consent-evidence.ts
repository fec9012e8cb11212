import type { SubscriptionHistoryEntry } from "../../api/admin/newsletter-subscriptions/types"
import { formatDateTime } from "./time"

/** One line of a history entry's consent evidence: its dictionary key (`subscription.evidence.<key>`) and value. */
export type ConsentEvidenceLine = { key: string; value: string }

/**
 * What a history entry proves of the consent (特定電子メール法), in the order a store owner reads
 * it out when asked: the stated consent date (an import's, when it differs from the entry's own
 * time), then the signup's request (time, IP, user agent, page) and its confirmation (time, IP,
 * user agent). Times in the store's zone and the admin's language; values not known are left out.
 * Empty for an entry with no evidence.
 */
export function consentEvidenceLines(
  entry: Pick<SubscriptionHistoryEntry, "consented_at" | "evidence" | "created_at">,
  timeZone: string,
  language: string
): ConsentEvidenceLine[] {
  const lines: ConsentEvidenceLine[] = []
  const at = (value: string | Date) => formatDateTime(value, timeZone, language)
  const evidence = entry.evidence
  if (entry.consented_at && !evidence) {
    lines.push({ key: "consented_at", value: at(entry.consented_at) })
  }
  if (!evidence) {
    return lines
  }
  const push = (key: string, value: string | null | undefined, time = false) => {
    if (value) {
      lines.push({ key, value: time ? at(value) : value })
    }
  }
  push("requested_at", evidence.requested_at, true)
  push("request_ip", evidence.request_ip)
  push("request_user_agent", evidence.request_user_agent)
  push("source_url", evidence.source_url)
  push("confirmed_at", evidence.confirmed_at, true)
  push("confirm_ip", evidence.confirm_ip)
  push("confirm_user_agent", evidence.confirm_user_agent)
  return lines
}
