import dispatchNewslettersJob from "../../src/jobs/dispatch-newsletters"
import { seedSubscribers } from "../helpers/seed"
import { SHORT_LEASE_ENV, useResendStandin } from "../helpers/standin"
import { counters, useNewsletterSuite } from "../helpers/suite"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(180 * 1000)

// Batches of 10, so an article of 30 spans three requests.
const stand = useResendStandin({ NEWSLETTER_TEST_BATCH_SIZE: "10", ...SHORT_LEASE_ENV })

const OWNER_SKIP_REASON =
  "not sent: first attempted more than 23 hours ago; the store owner chose not to send again"

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const suite = useNewsletterSuite(getContainer, api, stand)
    const resolve = (id: string, body: unknown, headers = suite.headers) =>
      api.post(`/admin/newsletters/${id}/attention`, body, { headers }).catch((e) => e.response)

    /**
     * An article of 30 whose batch 1 needs attention: its first attempt meets `firstFault` (its
     * outcome unknown to the plugin), the retry a quota error; the next run comes 24 hours later
     * and sends batches 2 and 3 only.
     */
    const needingAttention = async (firstFault: "drop" | "dropBefore") => {
      await seedSubscribers(getContainer(), 30)
      const { id } = await suite.reserveArticle()
      stand.standin.fault({ type: firstFault })
      stand.standin.fault({ type: "quota", name: "daily_quota_exceeded" })
      suite.clock.advanceMinutes(11)
      await dispatchNewslettersJob(getContainer())
      suite.clock.advanceMinutes(24 * 60)
      await dispatchNewslettersJob(getContainer())

      const article = await suite.article(id)
      expect(counters(article)).toEqual({ status: "sending", total: 30, succeeded: 20, failed: 0, unsent: 10, skipped: 0 })
      expect(article.status_reason).toMatch(/^Needs attention: 10 recipients \(batch 1\)/)
      expect([article.status_reason_code, article.status_reason_params]).toEqual([
        "needs_attention",
        { recipients: 10, batches: [1] },
      ])
      const keys = stand.standin.requests.map((r) => [r.idempotencyKey, r.status])
      expect(keys.slice(0, 2)).toEqual([
        [`newsletter/${id}/batch/1`, firstFault === "drop" ? 200 : 0],
        [`newsletter/${id}/batch/1`, 429],
      ])
      return id
    }

    describe("POST /admin/newsletters/:id/attention", () => {
      it("should skip a batch first attempted 24 hours earlier: its recipients skipped, the article sent", async () => {
        // The first attempt did go out (its answer was lost): the owner checks Resend's log and skips.
        const id = await needingAttention("drop")
        const before = stand.standin.requests.length
        const resolvedAt = suite.clock.now().toISOString()

        const response = await resolve(id, { action: "skip" })

        expect(response.status).toBe(200)
        expect(response.data.attention).toEqual({ action: "skip", skipped: 10, batches: [{ seq: 1, key_generation: 0 }] })
        expect(counters(response.data.newsletter)).toEqual({
          status: "sent", total: 30, succeeded: 20, failed: 0, unsent: 0, skipped: 10,
        })
        expect(response.data.newsletter).toEqual(
          expect.objectContaining({ status_reason: null, status_reason_code: null, status_reason_params: null, finished_at: resolvedAt })
        )

        // The next run sends nothing more and leaves the figures as they are.
        suite.clock.advanceMinutes(1)
        await dispatchNewslettersJob(getContainer())
        expect(stand.standin.requests.length).toBe(before)
        const article = await suite.article(id)
        expect(counters(article)).toEqual({ status: "sent", total: 30, succeeded: 20, failed: 0, unsent: 0, skipped: 10 })
        expect(article.finished_at).toEqual(resolvedAt)
        const skipped = await suite.service.listNewsletterRecipients(
          { newsletter_id: id, status: "skipped" },
          { order: { position: "ASC" }, take: 100 }
        )
        expect(skipped.map((r) => [r.email, r.error_code, r.error_reason])).toEqual(
          Array.from({ length: 10 }, (_, i) => [
            `taro${String(i + 1).padStart(3, "0")}@example.jp`,
            "owner_skipped",
            OWNER_SKIP_REASON,
          ])
        )
        expect(suite.tally(id, 30)).toEqual({ sent: 30, duplicates: 0, lost: 0 })

        // Another admin resolving it again meanwhile: nothing needs attention any more.
        const again = await resolve(id, { action: "send_again" })
        expect([again.status, again.data.code, again.data.params, again.data.message]).toEqual([
          409,
          "newsletter_changed_meanwhile",
          { id, status: "sent", action: "resolve" },
          `Newsletter "${id}" changed meanwhile: it is now sent, so it can't be resolved (its batches that need attention sent again or skipped)`,
        ])
      })

      it("should send a batch again under a new Idempotency-Key, once, when the store owner chooses to", async () => {
        // The first attempt never reached Resend: sending again delivers each mail exactly once.
        const id = await needingAttention("dropBefore")
        const before = stand.standin.requests.length

        const response = await resolve(id, { action: "send_again" })

        expect(response.status).toBe(200)
        expect(response.data.attention).toEqual({
          action: "send_again", skipped: 0, batches: [{ seq: 1, key_generation: 1 }],
        })
        expect(counters(response.data.newsletter)).toEqual({
          status: "sending", total: 30, succeeded: 20, failed: 0, unsent: 10, skipped: 0,
        })
        expect(response.data.newsletter.status_reason).toBeNull()
        const twice = await resolve(id, { action: "send_again" })
        expect([twice.status, twice.data.code, twice.data.params, twice.data.message]).toEqual([
          409,
          "newsletter_nothing_needs_attention",
          { id },
          `Nothing of newsletter "${id}" needs attention: no batch is waiting for the store owner's decision (it may have been resolved already)`,
        ])

        suite.clock.advanceMinutes(1)
        await dispatchNewslettersJob(getContainer())

        expect(stand.standin.requests.slice(before).map((r) => [r.idempotencyKey, r.status, r.itemCount])).toEqual([
          [`newsletter/${id}/batch/1/r1`, 200, 10],
        ])
        expect(counters(await suite.article(id))).toEqual({
          status: "sent", total: 30, succeeded: 30, failed: 0, unsent: 0, skipped: 0,
        })
        expect(suite.tally(id, 30)).toEqual({ sent: 30, duplicates: 0, lost: 0 })
      })

      it("should answer 401 without an admin login, 404 for an unknown article and 400 naming a bad field", async () => {
        const unauthenticated = await resolve("nl_missing", { action: "skip" }, {})
        expect(unauthenticated.status).toBe(401)

        const unknown = await resolve("nl_missing", { action: "skip" })
        expect([unknown.status, unknown.data.code, unknown.data.message]).toEqual([
          404,
          "newsletter_not_found",
          'Newsletter with id "nl_missing" was not found',
        ])

        const answers = []
        for (const body of [{ action: "resend" }, {}, { action: "skip", batch: 1 }]) {
          const bad = await resolve("nl_missing", body)
          answers.push([bad.status, bad.data.message, bad.data.code, bad.data.errors])
        }
        expect(answers).toEqual([
          [
            400,
            "Invalid request: action must be one of: send_again, skip",
            "invalid_request",
            [{ path: "action", code: "invalid_value", params: { values: ["send_again", "skip"] } }],
          ],
          [400, "Invalid request: action is required", "invalid_request", [{ path: "action", code: "required", params: {} }]],
          [
            400,
            "Invalid request: unknown field: batch",
            "invalid_request",
            [{ path: "", code: "unknown_fields", params: { keys: ["batch"] } }],
          ],
        ])
      })
    })
  },
})
