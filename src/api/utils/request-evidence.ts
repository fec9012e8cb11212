import type { MedusaRequest } from "@medusajs/framework/http"

// Far above real user agents; a longer header is cut, not refused.
const MAX_USER_AGENT = 500

/**
 * The IP address and user agent of a request, kept as consent evidence (ダブルオプトイン) and used
 * for the per-IP signup limit. The address is Express's `req.ip`: behind a proxy, set Express's
 * `trust proxy` so it is the client's, not the proxy's.
 */
export function requestEvidence(req: MedusaRequest): { ip: string | null; user_agent: string | null } {
  const agent = req.get("user-agent")
  return { ip: req.ip || null, user_agent: agent ? agent.slice(0, MAX_USER_AGENT) : null }
}
