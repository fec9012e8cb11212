import dispatchNewslettersJob from "../../src/jobs/dispatch-newsletters"
import { report } from "../helpers/report"
import { seedSubscribers } from "../helpers/seed"
import { SHORT_LEASE_ENV, useResendStandin } from "../helpers/standin"
import { useNewsletterSuite } from "../helpers/suite"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(5 * 60 * 1000)

// Batches of 10, so the article spans three requests.
const stand = useResendStandin({ NEWSLETTER_TEST_BATCH_SIZE: "10", ...SHORT_LEASE_ENV })

const FIRST_FROM = "テストショップ <news@shop.example>"
const LATER_FROM = "新しい差出人 <other@shop.example>"

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const suite = useNewsletterSuite(getContainer, api, stand)

    it("the promotion's code and the from option changed between a batch's attempts: the retry is identical", async () => {
      await seedSubscribers(getContainer(), 30)
      const { promotion } = (
        await api.post(
          "/admin/promotions",
          {
            code: "WINTER10",
            type: "standard",
            status: "active",
            is_automatic: false,
            application_method: { type: "percentage", target_type: "order", allocation: "across", value: 10 },
          },
          { headers: suite.headers }
        )
      ).data
      const { id, recipient_count } = await suite.reserveArticle({
        body: "<#顧客名> 様\nコード: <#クーポンコード>",
        promotion_id: promotion.id,
        coupon_mode: "code",
      })
      expect(recipient_count).toEqual(30)

      // First attempt of batch 1: Resend takes it, but the answer is lost; the retry with the same
      // key meets a quota error, so the batch goes back for a later run.
      stand.standin.fault({ type: "drop" })
      stand.standin.fault({ type: "quota", name: "daily_quota_exceeded" })
      suite.clock.advanceMinutes(11)
      await dispatchNewslettersJob(getContainer())
      expect(await suite.storedCounters(id)).toEqual({
        status: "sending", total: 30, succeeded: 0, failed: 0, unsent: 30, skipped: 0,
      })
      expect(suite.messagesFor(id)).toHaveLength(10)

      // Meanwhile the shop changes the promotion's code and the plugin's from address.
      await api.post(`/admin/promotions/${promotion.id}`, { code: "SPRING20" }, { headers: suite.headers })
      const options = await suite.service.getOptions()
      options.resend!.from = LATER_FROM
      try {
        suite.clock.advanceMinutes(1)
        await dispatchNewslettersJob(getContainer())
      } finally {
        options.resend!.from = FIRST_FROM
      }

      const requests = stand.standin.requests
      const conflicts = requests.filter((r) => r.status === 409).length
      const replayed = requests.filter((r) => r.replayed).length
      const messages = suite.messagesFor(id)
      const figures = suite.tally(id, 30)
      const [stored] = await suite.service.listNewsletters({ id })
      report("retry after the code and from changed", {
        requests: requests.length,
        conflicts,
        replayed,
        failed: stored.failed_count,
        unconfirmed: stored.unconfirmed_count,
        ...figures,
      })
      expect(requests.map((r) => [r.idempotencyKey, r.status, r.fault ?? null, r.replayed ?? false])).toEqual([
        [`newsletter/${id}/batch/1`, 200, "drop", false],
        [`newsletter/${id}/batch/1`, 429, "quota", false],
        [`newsletter/${id}/batch/1`, 200, null, true],
        [`newsletter/${id}/batch/2`, 200, null, false],
        [`newsletter/${id}/batch/3`, 200, null, false],
      ])
      expect(conflicts).toEqual(0)
      expect(figures).toEqual({ sent: 30, duplicates: 0, lost: 0 })
      expect(await suite.storedCounters(id)).toEqual({
        status: "sent", total: 30, succeeded: 30, failed: 0, unsent: 0, skipped: 0,
      })
      expect(stored.unconfirmed_count).toEqual(0)
      // Every mail, retried batch and later batches alike, carries what the article started with.
      expect(new Set(messages.map((m) => m.from))).toEqual(new Set([FIRST_FROM]))
      expect(messages.filter((m) => m.text!.includes("コード: WINTER10"))).toHaveLength(30)
      expect(stored.send_context).toEqual(expect.objectContaining({ promotionCode: "WINTER10", from: FIRST_FROM }))
      // The recipients of batch 1 carry the ids Resend gave the first attempt.
      const recipients = await suite.service.listNewsletterRecipients({ newsletter_id: id }, { take: 100 })
      const accepted = new Set(messages.map((m) => m.id))
      expect(recipients.filter((r) => r.status !== "sent" || !accepted.has(r.provider_message_id!))).toEqual([])
    })
  },
})
