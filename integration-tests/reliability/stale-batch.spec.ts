import dispatchNewslettersJob from "../../src/jobs/dispatch-newsletters"
import { report } from "../helpers/report"
import { seedSubscribers } from "../helpers/seed"
import { SHORT_LEASE_ENV, useResendStandin } from "../helpers/standin"
import { useNewsletterSuite } from "../helpers/suite"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(5 * 60 * 1000)

// Batches of 10, so the article spans three requests.
const stand = useResendStandin({ NEWSLETTER_TEST_BATCH_SIZE: "10", ...SHORT_LEASE_ENV })

const ATTENTION =
  "Needs attention: 10 recipients (batch 1) were never confirmed as sent, and their first attempt is more than 23 hours old. " +
  "Resend forgets idempotency keys after 24 hours, so they are not sent again automatically and stay unsent. " +
  "Check Resend's email log (tag newsletter_id) before sending to them again."

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const suite = useNewsletterSuite(getContainer, api, stand)

    it("a batch first attempted 24 hours earlier is not re-sent and is shown as needing attention", async () => {
      await seedSubscribers(getContainer(), 30)
      const { id, recipient_count } = await suite.reserveArticle()
      expect(recipient_count).toEqual(30)

      // Batch 1's first attempt: its answer is lost, the retry meets a quota error. Its outcome is
      // unknown to the plugin, and the article pauses.
      stand.standin.fault({ type: "drop" })
      stand.standin.fault({ type: "quota", name: "daily_quota_exceeded" })
      suite.clock.advanceMinutes(11)
      await dispatchNewslettersJob(getContainer())
      const key = `newsletter/${id}/batch/1`
      expect(stand.standin.requests.map((r) => [r.idempotencyKey, r.status])).toEqual([
        [key, 200],
        [key, 429],
      ])

      // The next run comes a day later (a long quota pause): Resend has forgotten the key by now.
      suite.clock.advanceMinutes(24 * 60)
      const before = stand.standin.requests.length
      await dispatchNewslettersJob(getContainer())
      await dispatchNewslettersJob(getContainer())
      const later = stand.standin.requests.slice(before)

      const { newsletter } = (await api.get(`/admin/newsletters/${id}`, { headers: suite.headers })).data
      const batches = await suite.service.listNewsletterBatches({ newsletter_id: id }, { order: { seq: "ASC" } })
      const figures = suite.tally(id, 30)
      report("batch first attempted 24 h earlier", {
        requestsForIt: later.filter((r) => r.idempotencyKey === key).length,
        requestsAfter: later.length,
        status: newsletter.status,
        attention: batches.filter((b) => b.status === "attention").length,
        unsent: newsletter.unsent_count,
        ...figures,
      })
      expect(later.map((r) => r.idempotencyKey)).toEqual([`newsletter/${id}/batch/2`, `newsletter/${id}/batch/3`])
      expect(newsletter).toEqual(
        expect.objectContaining({
          status: "sending",
          status_reason: ATTENTION,
          total_count: 30,
          succeeded_count: 20,
          failed_count: 0,
          unsent_count: 10,
          skipped_count: 0,
          unconfirmed_count: 0,
          finished_at: null,
        })
      )
      expect(batches.map((b) => [b.seq, b.status, b.attempts])).toEqual([
        [1, "attention", 1],
        [2, "done", 1],
        [3, "done", 1],
      ])
      // The first attempt did reach the stand-in: its 10 mails went out once, the others once.
      expect(figures).toEqual({ sent: 30, duplicates: 0, lost: 0 })
      const pending = await suite.service.listNewsletterRecipients({ newsletter_id: id, status: "pending" }, { take: 100 })
      expect(pending.map((r) => r.email).sort()).toEqual(
        Array.from({ length: 10 }, (_, i) => `taro${String(i + 1).padStart(3, "0")}@example.jp`)
      )

      // The store owner finds batch 1 in Resend's log and chooses not to send it again: the
      // article finishes as sent, its 10 recipients skipped, and nothing more leaves.
      const resolved = await api.post(`/admin/newsletters/${id}/attention`, { action: "skip" }, { headers: suite.headers })
      suite.clock.advanceMinutes(1)
      await dispatchNewslettersJob(getContainer())
      const finished = await suite.article(id)
      report("batch needing attention, skipped by the store owner", {
        answer: resolved.status,
        status: finished.status,
        skipped: finished.skipped_count,
        requestsAfter: stand.standin.requests.length - before - later.length,
        ...suite.tally(id, 30),
      })
      expect(resolved.data.attention).toEqual({ action: "skip", skipped: 10, batches: [{ seq: 1, key_generation: 0 }] })
      expect(suite.counters(finished)).toEqual({ status: "sent", total: 30, succeeded: 20, failed: 0, unsent: 0, skipped: 10 })
      expect(stand.standin.requests.length).toBe(before + later.length)
      expect(suite.tally(id, 30)).toEqual({ sent: 30, duplicates: 0, lost: 0 })
    })
  },
})
