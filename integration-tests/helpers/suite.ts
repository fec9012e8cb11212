import { asValue } from "@medusajs/framework/awilix"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { AxiosInstance } from "axios"
import { NEWSLETTER_CLOCK } from "../../src/lib/clock"
import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import type NewsletterModuleService from "../../src/modules/newsletter/service"
import type { ResendStandin } from "../resend-standin/server"
import { createAdminHeaders } from "./auth"
import { minutesFromNow, movableClock, validArticle } from "./seed"

type MovableClock = ReturnType<typeof movableClock>

/** The counter fields of an article (from the admin API or the module service). */
export type ArticleCounters = {
  status: string
  total: number
  succeeded: number
  failed: number
  unsent: number
  skipped: number
}

/** Projects an article onto its status and recipient counters, for one exact `toEqual`. */
export const counters = (n: any): ArticleCounters => ({
  status: n.status,
  total: n.total_count,
  succeeded: n.succeeded_count,
  failed: n.failed_count,
  unsent: n.unsent_count,
  skipped: n.skipped_count,
})

/**
 * The per-test setup shared by the dispatch suites. Call inside `testSuite`; it registers a
 * `beforeEach` that puts a fresh movable clock under NEWSLETTER_CLOCK (starting at `clockStart`,
 * default: now), creates admin headers, resolves the newsletter module service and resets the
 * Resend stand-in. Suite-specific stand-in settings (latency, rate limit) go in the suite's own
 * `beforeEach`, which runs after this one.
 */
export function useNewsletterSuite(
  getContainer: () => MedusaContainer,
  api: AxiosInstance,
  stand: { standin: ResendStandin },
  options: { clockStart?: () => Date } = {}
) {
  let clock: MovableClock
  let headers: Record<string, string>
  let service: NewsletterModuleService

  beforeEach(async () => {
    const container = getContainer()
    clock = movableClock(options.clockStart?.())
    container.register(NEWSLETTER_CLOCK, asValue(clock))
    ;({ headers } = await createAdminHeaders(container))
    service = container.resolve(NEWSLETTER_MODULE)
    stand.standin.reset()
  })

  /**
   * Creates an article through POST /admin/newsletters (scheduled 10 real minutes ahead unless
   * `overrides` says otherwise) and reserves it; returns it with its recipient count.
   */
  const reserveArticle = async (overrides: Record<string, unknown> = {}) => {
    const { newsletter } = (
      await api.post("/admin/newsletters", validArticle({ scheduled_at: minutesFromNow(10), ...overrides }), {
        headers,
      })
    ).data
    const scheduled = await api.post(`/admin/newsletters/${newsletter.id}/schedule`, {}, { headers })
    return { ...newsletter, id: newsletter.id as string, recipient_count: scheduled.data.recipient_count as number }
  }

  /** The article as GET /admin/newsletters/:id returns it. */
  const article = async (id: string) => (await api.get(`/admin/newsletters/${id}`, { headers })).data.newsletter

  /** The counters of an article as the module service stores them. */
  const storedCounters = async (id: string) => counters((await service.listNewsletters({ id }))[0])

  /** Messages the stand-in accepted for one article (tagged with its id). */
  const messagesFor = (id: string) =>
    stand.standin.messages.filter((m) => m.tags?.some((t) => t.name === "newsletter_id" && t.value === id))

  /** Sent / duplicates / lost for one article of `total` recipients, from what the stand-in accepted. */
  const tally = (id: string, total: number) => {
    const perAddress = new Map<string, number>()
    messagesFor(id).forEach((m) => perAddress.set(m.to[0], (perAddress.get(m.to[0]) ?? 0) + 1))
    const messages = [...perAddress.values()].reduce((a, b) => a + b, 0)
    return { sent: perAddress.size, duplicates: messages - perAddress.size, lost: total - perAddress.size }
  }

  return {
    get clock() {
      return clock
    },
    get headers() {
      return headers
    },
    get service() {
      return service
    },
    reserveArticle,
    article,
    messagesFor,
    tally,
    counters,
    storedCounters,
  }
}
