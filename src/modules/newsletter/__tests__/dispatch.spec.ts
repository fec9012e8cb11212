import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import {
  createCategory,
  createNewsletter,
  createRecipients,
  createSubscription,
  moduleSuite,
} from "../__fixtures__"
import { ATTENTION_BATCH_ERROR, NOBODY_LEFT_REASON, OWNER_SKIP_BATCH_NOTE } from "../repositories/dispatch"
import NewsletterModuleService, { BatchResultRow, ClaimedBatch } from "../service"
import { type NewsletterStatusReason, providerPauseReason, windowWaitReason } from "../utils/status-reasons"
import {
  NewsletterAttentionAction,
  NewsletterBatchStatus,
  NewsletterRecipientStatus,
  NewsletterSendContext,
  NewsletterStatus,
  NewsletterSubscriptionStatus,
} from "../types"

jest.setTimeout(60 * 1000)

const T0 = new Date("2026-12-01T01:00:00.000Z")
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000)
const HOUR = 3600
const LEASE = 5

const context = (overrides: Partial<NewsletterSendContext> = {}): NewsletterSendContext => ({
  promotionCode: "WINTER10",
  from: "テストショップ <news@shop.example>",
  sender: { name: "テストショップ", postalAddress: "東京都千代田区1-1-1", contact: "support@shop.example" },
  backendUrl: "https://api.shop.example",
  storefrontUrl: "https://shop.example",
  couponPath: "newsletter-coupons",
  linkKeyId: "kid00001",
  ...overrides,
})

const emails = (n: number) => Array.from({ length: n }, (_, i) => `taro${i + 1}@example.jp`)

/** A quota pause as the sending loop gives it. */
const QUOTA = providerPauseReason("quota", "daily_quota_exceeded: q")
/** A window wait as the sending loop gives it (21:30 Tokyo, window 08:00–21:00). */
const WINDOW = windowWaitReason(
  new Date("2026-12-01T12:30:00.000Z"),
  { window_start: "08:00", window_end: "21:00" },
  "Asia/Tokyo"
)!

moduleIntegrationTestRunner<NewsletterModuleService>({
  ...moduleSuite,
  testSuite: ({ service }) => {
    /** A reserved article of `n` subscribed recipients, due at T0. */
    const reserved = async (n: number, data: Record<string, unknown> = {}) => {
      const article = await createNewsletter(service, {
        status: NewsletterStatus.SCHEDULED,
        scheduled_at: T0,
        total_count: n,
        unsent_count: n,
        ...data,
      })
      await createRecipients(service, article.id, emails(n))
      // Several articles of one test share the addresses; an address has one subscription.
      const existing = new Set((await service.listNewsletterSubscriptions({ email: emails(n) })).map((s) => s.email))
      for (const email of emails(n).filter((e) => !existing.has(e))) {
        await createSubscription(service, { email })
      }
      return article
    }

    /** A reserved article claimed at T0 and cut into batches of `batchSize`. */
    const sending = async (n: number, batchSize = 2) => {
      const article = await reserved(n)
      expect(await service.claimDueNewsletters({ now: T0, batchSize, contexts: { [article.id]: context() } })).toEqual([
        article.id,
      ])
      return article
    }

    const batches = async (newsletterId: string) =>
      await service.listNewsletterBatches({ newsletter_id: newsletterId }, { order: { seq: "ASC" } })
    const article = async (id: string) => await service.retrieveNewsletter(id)
    const figures = async (id: string) => {
      const n = await article(id)
      return {
        status: n.status,
        total: n.total_count,
        succeeded: n.succeeded_count,
        failed: n.failed_count,
        unsent: n.unsent_count,
        skipped: n.skipped_count,
        awaiting: n.awaiting_count,
        unconfirmed: n.unconfirmed_count,
      }
    }
    /** The batch a claim took (what it marked for attention: `claimNewsletterBatch` itself). */
    const claim = async (newsletterId: string, workerId: string, now: Date) =>
      (await service.claimNewsletterBatch({ newsletterId, workerId, leaseSeconds: LEASE, now })).claimed
    /** The fencing token `workerId` shows for `claimed` (the claim's number). */
    const holder = (claimed: ClaimedBatch, workerId: string) => ({
      batchId: claimed.batch.id,
      workerId,
      attempt: claimed.batch.attempts,
    })
    const record = (claimed: ClaimedBatch, workerId: string, now: Date, results: BatchResultRow[], note?: string) =>
      service.recordNewsletterBatch({
        ...holder(claimed, workerId),
        newsletterId: claimed.batch.newsletter_id,
        now,
        results,
        note,
      })
    const release = (
      claimed: ClaimedBatch,
      workerId: string,
      error: string,
      extra: { retryAt?: Date; articleReason?: NewsletterStatusReason } = {}
    ) => service.releaseNewsletterBatch({ ...holder(claimed, workerId), error, ...extra })
    /** The article's reason as stored: [sentence, code, params]. */
    const reasonOf = async (id: string) => {
      const n = await article(id)
      return [n.status_reason, n.status_reason_code, n.status_reason_params]
    }
    const NO_REASON = [null, null, null]
    /** Recipients' [email, error_code, error_reason], in position order, of one status. */
    const recipientReasons = async (newsletterId: string, status: NewsletterRecipientStatus) =>
      (
        await service.listNewsletterRecipients({ newsletter_id: newsletterId, status }, { order: { position: "ASC" } })
      ).map((r) => [r.email, r.error_code, r.error_reason])
    /** Every recipient of `claimed` with `status` (sent ones get an id from their position). */
    const allAs = (claimed: ClaimedBatch, status: NewsletterRecipientStatus.SENT | NewsletterRecipientStatus.FAILED) =>
      claimed.recipients.map((r) => ({
        recipient_id: r.id,
        status,
        provider_message_id: status === NewsletterRecipientStatus.SENT ? `re_${r.position}` : null,
      }))
    const recipientRows = async (newsletterId: string) =>
      (
        await service.listNewsletterRecipients({ newsletter_id: newsletterId }, { order: { position: "ASC" } })
      ).map((r) => [r.email, r.status, r.provider_message_id, r.error_type])

    describe("listDueNewsletters", () => {
      it("should list the reserved articles whose time has come, with their category's window, oldest first", async () => {
        const category = await createCategory(service)
        const later = await reserved(0, { scheduled_at: at(60), category_id: category.id })
        const first = await reserved(0)
        await reserved(0, { scheduled_at: at(61) })
        await createNewsletter(service, { scheduled_at: T0 })
        await createNewsletter(service, { status: NewsletterStatus.SENDING, scheduled_at: T0 })

        expect(await service.listDueNewsletters({ now: at(60) })).toEqual([
          { id: first.id, window_start: null, window_end: null },
          { id: later.id, window_start: "09:00", window_end: "21:00" },
        ])
      })
    })

    describe("claimDueNewsletters", () => {
      it("should move the article to sending, freeze its send context and cut it into batches in one statement", async () => {
        const { id } = await reserved(5)

        expect(await service.claimDueNewsletters({ now: at(3), batchSize: 2, contexts: { [id]: context() } })).toEqual([id])

        const claimed = await article(id)
        expect(claimed).toEqual(
          expect.objectContaining({ status: NewsletterStatus.SENDING, started_at: at(3), send_context: context() })
        )
        expect(await reasonOf(id)).toEqual(NO_REASON)
        expect(
          (await batches(id)).map((b) => [b.seq, b.first_position, b.last_position, b.status, b.attempts, b.first_attempted_at])
        ).toEqual([
          [1, 1, 2, NewsletterBatchStatus.PENDING, 0, null],
          [2, 3, 4, NewsletterBatchStatus.PENDING, 0, null],
          [3, 5, 5, NewsletterBatchStatus.PENDING, 0, null],
        ])
        expect((await batches(id))[0].id).toMatch(/^nlbat_/)
      })

      it("should claim an article outside its window at its time, with the reason it waits (※1)", async () => {
        const { id } = await reserved(3)
        const other = await reserved(1)

        expect(
          await service.claimDueNewsletters({
            now: T0,
            batchSize: 2,
            contexts: { [id]: context(), [other.id]: context() },
            waiting: { [id]: WINDOW },
          })
        ).toEqual([id, other.id].sort())

        expect(await article(id)).toEqual(expect.objectContaining({ status: NewsletterStatus.SENDING, started_at: T0 }))
        expect(await reasonOf(id)).toEqual([
          "Waiting outside the category's sending window (08:00–21:00 Asia/Tokyo); sending goes on when it opens at " +
            "2026-12-01T23:00:00.000Z.",
          "waiting_for_window",
          { window_start: "08:00", window_end: "21:00", timezone: "Asia/Tokyo", opens_at: "2026-12-01T23:00:00.000Z" },
        ])
        expect(await reasonOf(other.id)).toEqual(NO_REASON)
        expect(await batches(id)).toHaveLength(2)
      })

      it("should claim an article once: a second claim changes nothing, not even the frozen context", async () => {
        const { id } = await reserved(3)
        await service.claimDueNewsletters({ now: T0, batchSize: 2, contexts: { [id]: context() } })

        expect(
          await service.claimDueNewsletters({ now: at(1), batchSize: 1, contexts: { [id]: context({ promotionCode: "OTHER" }) } })
        ).toEqual([])
        expect((await article(id)).send_context).toEqual(context())
        expect((await article(id)).started_at).toEqual(T0)
        expect(await batches(id)).toHaveLength(2)
      })

      it("should not claim a draft, an article not yet due or one not in the contexts", async () => {
        const draft = await createNewsletter(service, { scheduled_at: T0 })
        const future = await reserved(1, { scheduled_at: at(10) })
        const other = await reserved(1)

        expect(
          await service.claimDueNewsletters({
            now: T0,
            batchSize: 2,
            contexts: { [draft.id]: context(), [future.id]: context() },
          })
        ).toEqual([])
        expect([(await article(draft.id)).status, (await article(future.id)).status, (await article(other.id)).status]).toEqual([
          NewsletterStatus.DRAFT,
          NewsletterStatus.SCHEDULED,
          NewsletterStatus.SCHEDULED,
        ])
        expect((await article(future.id)).send_context).toBeNull()
      })
    })

    describe("freezeNewsletterSendContext", () => {
      it("should freeze a context on a sending article that has none, and keep the first one after that", async () => {
        const legacy = await createNewsletter(service, { status: NewsletterStatus.SENDING })

        expect(await service.freezeNewsletterSendContext({ newsletterId: legacy.id, context: context() })).toEqual(context())
        expect(
          await service.freezeNewsletterSendContext({ newsletterId: legacy.id, context: context({ from: "Other <o@x.jp>" }) })
        ).toEqual(context())
        expect((await article(legacy.id)).send_context).toEqual(context())
      })

      it("should freeze nothing on an article that is not being sent", async () => {
        const stopped = await createNewsletter(service, { status: NewsletterStatus.STOPPED })
        expect(await service.freezeNewsletterSendContext({ newsletterId: stopped.id, context: context() })).toBeNull()
        expect((await article(stopped.id)).send_context).toBeNull()
      })
    })

    describe("listNewslettersToSend", () => {
      it("should list articles with batches to claim or nothing left, not those waiting only on attention", async () => {
        const active = await sending(2)
        const done = await sending(2)
        await record((await claim(done.id, "w1", T0))!, "w1", T0, [])
        const stuck = await sending(2)
        const [batch] = await batches(stuck.id)
        await service.updateNewsletterBatches({ id: batch.id, status: NewsletterBatchStatus.ATTENTION })
        await reserved(1)

        expect((await service.listNewslettersToSend()).sort()).toEqual([active.id, done.id].sort())
      })
    })

    describe("claimNewsletterBatch", () => {
      it("should claim the first pending batch with a lease, stamp its first attempt and skip opt-outs since the reservation", async () => {
        const { id } = await sending(3)
        await service.updateNewsletterSubscriptions({
          selector: { email: "taro2@example.jp" },
          data: { status: NewsletterSubscriptionStatus.UNSUBSCRIBED },
        })

        const claimed = await claim(id, "w1", at(1))

        expect(claimed).toEqual({
          batch: expect.objectContaining({ seq: 1, attempts: 1, first_position: 1, last_position: 2, first_attempted_at: at(1) }),
          recipients: [expect.objectContaining({ position: 1, email: "taro1@example.jp" })],
        })
        const [first] = await batches(id)
        expect(first).toEqual(
          expect.objectContaining({
            status: NewsletterBatchStatus.SENDING,
            worker_id: "w1",
            lease_until: at(1 + LEASE),
            first_attempted_at: at(1),
            skip_checked: true,
          })
        )
        expect(await recipientRows(id)).toEqual([
          ["taro1@example.jp", "pending", null, null],
          ["taro2@example.jp", "skipped", null, null],
          ["taro3@example.jp", "pending", null, null],
        ])
        expect(await recipientReasons(id, NewsletterRecipientStatus.SKIPPED)).toEqual([
          ["taro2@example.jp", "unsubscribed_after_reservation", "unsubscribed after the reservation"],
        ])
        expect(await figures(id)).toEqual(
          expect.objectContaining({ total: 3, succeeded: 0, failed: 0, unsent: 2, skipped: 1 })
        )
      })

      it("should code a recipient cleaned since the reservation, and one without a subscription as unsubscribed", async () => {
        const { id } = await sending(3, 3)
        await service.updateNewsletterSubscriptions({
          selector: { email: "taro1@example.jp" },
          data: { status: NewsletterSubscriptionStatus.CLEANED },
        })
        const [taro3] = await service.listNewsletterSubscriptions({ email: "taro3@example.jp" })
        await service.deleteNewsletterSubscriptions(taro3.id)

        expect((await claim(id, "w1", T0))!.recipients.map((r) => r.email)).toEqual(["taro2@example.jp"])
        expect(await recipientReasons(id, NewsletterRecipientStatus.SKIPPED)).toEqual([
          ["taro1@example.jp", "cleaned_after_reservation", "cleaned after the reservation"],
          ["taro3@example.jp", "unsubscribed_after_reservation", "unsubscribed after the reservation"],
        ])
      })

      it("should give a second worker the next batch while the first one's lease runs", async () => {
        const { id } = await sending(4)
        await claim(id, "w1", T0)

        expect((await claim(id, "w2", at(LEASE - 1)))!.batch.seq).toBe(2)
        expect(await claim(id, "w3", at(LEASE - 1))).toBeNull()
      })

      it("should let another worker take a batch over once its lease ran out, as the next attempt with the same payload", async () => {
        const { id } = await sending(2)
        await claim(id, "w1", T0)
        // An opt-out after the first claim doesn't change the batch's payload any more.
        await service.updateNewsletterSubscriptions({
          selector: { email: "taro2@example.jp" },
          data: { status: NewsletterSubscriptionStatus.UNSUBSCRIBED },
        })

        expect(await claim(id, "w2", at(LEASE))).toBeNull()
        const taken = await claim(id, "w2", at(LEASE + 1))

        expect(taken!.batch).toEqual(expect.objectContaining({ seq: 1, attempts: 2, first_attempted_at: T0 }))
        expect(taken!.recipients.map((r) => r.email)).toEqual(["taro1@example.jp", "taro2@example.jp"])
        expect((await batches(id))[0]).toEqual(
          expect.objectContaining({ worker_id: "w2", attempts: 2, lease_until: at(2 * LEASE + 1), first_attempted_at: T0 })
        )
      })

      it("should not claim a batch whose backoff runs, or any batch of an article no longer being sent", async () => {
        const { id } = await sending(2)
        const first = await claim(id, "w1", T0)
        await release(first!, "w1", "503", { retryAt: at(60) })

        expect(await claim(id, "w1", at(59))).toBeNull()
        expect((await claim(id, "w1", at(60)))!.batch.attempts).toBe(2)

        const other = await sending(2)
        await service.updateNewsletters({ id: other.id, status: NewsletterStatus.STOPPED })
        expect(await claim(other.id, "w1", T0)).toBeNull()
      })

      it("should retry a batch up to 23 hours after its first attempt, then mark it for attention and never send it", async () => {
        const { id } = await sending(5)
        const first = await claim(id, "w1", T0)
        // Batch 2 is claimed a second later by a worker that dies with it.
        expect((await claim(id, "w2", at(1)))!.batch.seq).toBe(2)
        await release(first!, "w1", "503")

        // Exactly 23 hours after its first attempt, batch 1 may still go.
        const retried = await claim(id, "w3", at(23 * HOUR))
        expect(retried!.batch).toEqual(expect.objectContaining({ seq: 1, attempts: 2, first_attempted_at: T0 }))
        await release(retried!, "w3", "503")

        // 25 hours on, batches 1 (pending) and 2 (lease run out) are too old to retry: batch 3 goes.
        const next = await claim(id, "w4", at(25 * HOUR))
        expect(next!.batch.seq).toBe(3)
        expect((await batches(id)).map((b) => [b.seq, b.status, b.worker_id, b.lease_until, b.last_error])).toEqual([
          [1, NewsletterBatchStatus.ATTENTION, null, null, ATTENTION_BATCH_ERROR],
          [2, NewsletterBatchStatus.ATTENTION, null, null, ATTENTION_BATCH_ERROR],
          [3, NewsletterBatchStatus.SENDING, "w4", at(25 * HOUR + LEASE), null],
        ])
        const reason =
          "Needs attention: 4 recipients (batches 1, 2) were never confirmed as sent, and their first attempt is more than 23 hours old. " +
          "Resend forgets idempotency keys after 24 hours, so they are not sent again automatically and stay unsent. " +
          "Check Resend's email log (tag newsletter_id) before sending to them again."
        expect(await reasonOf(id)).toEqual([reason, "needs_attention", { recipients: 4, batches: [1, 2] }])
        expect(await figures(id)).toEqual(
          expect.objectContaining({ status: "sending", total: 5, succeeded: 0, failed: 0, unsent: 5, skipped: 0 })
        )
        // Nothing else to claim while batch 3 is held: the marked batches are never offered again.
        expect(await claim(id, "w5", at(25 * HOUR + 1))).toBeNull()
      })

      it("should name a single batch in the attention message", async () => {
        const { id } = await sending(3)
        const first = await claim(id, "w1", T0)
        await release(first!, "w1", "quota")

        expect(await claim(id, "w1", at(24 * HOUR))).toEqual(expect.objectContaining({ batch: expect.objectContaining({ seq: 2 }) }))
        expect((await article(id)).status_reason).toMatch(/^Needs attention: 2 recipients \(batch 1\) were never confirmed/)
        expect((await reasonOf(id)).slice(1)).toEqual(["needs_attention", { recipients: 2, batches: [1] }])
      })

      it("should report what needs attention only from the claim that marked it, even when it claims nothing", async () => {
        const { id } = await sending(4)
        const first = (await claim(id, "w1", T0))!
        const second = (await claim(id, "w2", at(1)))!
        await release(first, "w1", "503")
        await release(second, "w2", "503")
        const full = (now: Date) => service.claimNewsletterBatch({ newsletterId: id, workerId: "w3", leaseSeconds: LEASE, now })

        // 25 hours on, both batches are too old: this claim marks them and has nothing to send.
        expect(await full(at(25 * HOUR))).toEqual({ claimed: null, attention: { batches: [1, 2], recipients: 4 } })
        // Marked already: no later claim reports them again.
        expect(await full(at(25 * HOUR + 1))).toEqual({ claimed: null, attention: null })
      })
    })

    describe("renewNewsletterBatchLease", () => {
      it("should extend the holder's lease from now, and refuse a worker that lost the batch", async () => {
        const { id } = await sending(2)
        const first = await claim(id, "w1", T0)
        const holder = { batchId: first!.batch.id, workerId: "w1", attempt: 1, leaseSeconds: LEASE }

        expect(await service.renewNewsletterBatchLease({ ...holder, now: at(4) })).toBe(true)
        expect((await batches(id))[0].lease_until).toEqual(at(4 + LEASE))
        // Renewed, so not taken over where the first lease would have run out.
        expect(await claim(id, "w2", at(LEASE + 1))).toBeNull()

        expect(await claim(id, "w2", at(4 + LEASE + 1))).not.toBeNull()
        expect(await service.renewNewsletterBatchLease({ ...holder, now: at(11) })).toBe(false)
        expect((await batches(id))[0]).toEqual(expect.objectContaining({ worker_id: "w2", lease_until: at(10 + LEASE) }))
      })
    })

    describe("recordNewsletterBatch", () => {
      it("should record the holder's outcome with exact counters and mark the batch done", async () => {
        const { id } = await sending(3, 3)
        const claimed = (await claim(id, "w1", T0))!
        const { recipients } = claimed

        const result = await record(claimed, "w1", at(2), [
          { recipient_id: recipients[0].id, status: NewsletterRecipientStatus.SENT, provider_message_id: "re_1" },
          { recipient_id: recipients[1].id, status: NewsletterRecipientStatus.FAILED, error_type: "rejected", error_reason: "bad" },
          { recipient_id: recipients[2].id, status: NewsletterRecipientStatus.SENT, provider_message_id: "re_3" },
        ])

        expect(result).toEqual({
          recorded: true,
          sent: 2,
          failed: 1,
          unconfirmed: 0,
          succeeded_count: 2,
          failed_count: 1,
          unconfirmed_count: 0,
        })
        expect(await figures(id)).toEqual({
          status: "sending", total: 3, succeeded: 2, failed: 1, unsent: 0, skipped: 0, awaiting: 2, unconfirmed: 0,
        })
        expect(await recipientRows(id)).toEqual([
          ["taro1@example.jp", "sent", "re_1", null],
          ["taro2@example.jp", "failed", null, "rejected"],
          ["taro3@example.jp", "sent", "re_3", null],
        ])
        expect((await batches(id))[0]).toEqual(
          expect.objectContaining({ status: NewsletterBatchStatus.DONE, lease_until: null, last_error: null })
        )
      })

      it("should refuse a late worker's record after a take-over, and keep the successor's outcome", async () => {
        const { id } = await sending(2)
        const late = (await claim(id, "w1", T0))!
        const successor = (await claim(id, "w2", at(LEASE + 1)))!
        const sentBy = (worker: string) =>
          late.recipients.map((r) => ({
            recipient_id: r.id,
            status: NewsletterRecipientStatus.SENT,
            provider_message_id: `${worker}_${r.position}`,
          }))

        expect(await record(successor, "w2", at(7), sentBy("w2"))).toEqual(expect.objectContaining({ recorded: true, sent: 2 }))
        expect(await record(late, "w1", at(8), sentBy("w1"))).toEqual({ recorded: false })

        expect(successor.batch.attempts).toBe(2)
        expect(await recipientRows(id)).toEqual([
          ["taro1@example.jp", "sent", "w2_1", null],
          ["taro2@example.jp", "sent", "w2_2", null],
        ])
        expect(await figures(id)).toEqual(expect.objectContaining({ succeeded: 2, failed: 0, unsent: 0, awaiting: 2 }))
      })

      it("should refuse a late worker's record before the successor recorded: nothing changes, the batch stays the successor's", async () => {
        const { id } = await sending(2)
        const late = (await claim(id, "w1", T0))!
        await claim(id, "w2", at(LEASE + 1))

        expect(await record(late, "w1", at(8), allAs(late, NewsletterRecipientStatus.FAILED))).toEqual({ recorded: false })
        expect(await recipientRows(id)).toEqual([
          ["taro1@example.jp", "pending", null, null],
          ["taro2@example.jp", "pending", null, null],
        ])
        expect((await batches(id))[0]).toEqual(expect.objectContaining({ status: NewsletterBatchStatus.SENDING, worker_id: "w2" }))
        expect(await figures(id)).toEqual(expect.objectContaining({ succeeded: 0, failed: 0, unsent: 2 }))
      })

      it("should count a conflict's mails as sent and unconfirmed, with the note on the batch", async () => {
        const { id } = await sending(2)
        const claimed = (await claim(id, "w1", T0))!

        const result = await record(
          claimed,
          "w1",
          at(1),
          claimed.recipients.map((r) => ({ recipient_id: r.id, status: NewsletterRecipientStatus.SENT, provider_message_id: null })),
          "sent, provider ids unknown (invalid_idempotent_request: x)"
        )

        expect(result).toEqual(expect.objectContaining({ sent: 2, failed: 0, unconfirmed: 2, succeeded_count: 2, unconfirmed_count: 2 }))
        expect(await figures(id)).toEqual(expect.objectContaining({ succeeded: 2, failed: 0, unsent: 0, awaiting: 2, unconfirmed: 2 }))
        expect((await batches(id))[0].last_error).toBe("sent, provider ids unknown (invalid_idempotent_request: x)")
      })

      it("should clear a pause reason but keep an attention message", async () => {
        const { id } = await sending(4)
        const first = (await claim(id, "w1", T0))!
        await release(first, "w1", "q", { articleReason: QUOTA })
        expect(await reasonOf(id)).toEqual([
          "Sending paused: daily_quota_exceeded: q. It resumes at the next run that succeeds.",
          "paused_quota",
          { provider_message: "daily_quota_exceeded: q" },
        ])
        const second = (await claim(id, "w1", at(HOUR)))!
        expect(second.batch.seq).toBe(1)
        await record(second, "w1", at(HOUR), [])
        expect(await reasonOf(id)).toEqual(NO_REASON)

        const stale = (await claim(id, "w1", at(HOUR)))!
        await release(stale, "w1", "503")
        await claim(id, "w1", at(25 * HOUR))
        const attention = await reasonOf(id)
        expect(attention[0]).toMatch(/^Needs attention: 2 recipients \(batch 2\)/)
        expect(attention.slice(1)).toEqual(["needs_attention", { recipients: 2, batches: [2] }])

        await release(stale, "w1", "x", { articleReason: QUOTA })
        await service.noteNewsletterSendingPaused({ newsletterId: id, reason: WINDOW })
        expect(await reasonOf(id)).toEqual(attention)
      })
    })

    describe("releaseNewsletterBatch", () => {
      it("should hand the holder's batch back with its error, backoff and the article's reason", async () => {
        const { id } = await sending(2)
        const claimed = (await claim(id, "w1", T0))!

        expect(
          await release(claimed, "w1", "daily_quota_exceeded: q", { retryAt: at(60), articleReason: QUOTA })
        ).toEqual({ released: true, paused: true })
        expect((await batches(id))[0]).toEqual(
          expect.objectContaining({
            status: NewsletterBatchStatus.PENDING,
            worker_id: null,
            lease_until: null,
            last_error: "daily_quota_exceeded: q",
            next_attempt_at: at(60),
            attempts: 1,
            first_attempted_at: T0,
          })
        )
        expect(await reasonOf(id)).toEqual([QUOTA.message, "paused_quota", { provider_message: "daily_quota_exceeded: q" }])
      })

      it("should show a pause for another provider error under its own code", async () => {
        const { id } = await sending(2)
        const claimed = (await claim(id, "w1", T0))!

        await release(claimed, "w1", "invalid_api_key: k", { articleReason: providerPauseReason("fatal", "invalid_api_key: k") })
        expect(await reasonOf(id)).toEqual([
          "Sending paused: invalid_api_key: k. It resumes at the next run that succeeds.",
          "paused_provider_error",
          { provider_message: "invalid_api_key: k" },
        ])
      })

      it("should say a pause began only when the reason's code changes: once per pause, whoever meets it", async () => {
        const { id } = await sending(4)
        const FATAL = providerPauseReason("fatal", "invalid_api_key: k")
        const paused = async (articleReason?: typeof QUOTA) =>
          (await release((await claim(id, "w1", T0))!, "w1", "x", { articleReason })).paused

        expect(await paused(QUOTA)).toBe(true)
        // The next run meets the quota again, and a batch handed back without a reason.
        expect(await paused(QUOTA)).toBe(false)
        expect(await paused()).toBe(false)
        // Another cause is another pause.
        expect(await paused(FATAL)).toBe(true)
        // A batch that goes out ends the pause; the next quota error begins a new one.
        const sent = (await claim(id, "w1", T0))!
        await record(sent, "w1", T0, allAs(sent, NewsletterRecipientStatus.SENT))
        expect(await paused(QUOTA)).toBe(true)
      })

      it("should refuse a late worker's release: the successor keeps the batch", async () => {
        const { id } = await sending(2)
        const late = (await claim(id, "w1", T0))!
        await claim(id, "w2", at(LEASE + 1))

        expect(
          await release(late, "w1", "late", { articleReason: QUOTA })
        ).toEqual({ released: false, paused: false })
        expect((await batches(id))[0]).toEqual(
          expect.objectContaining({ status: NewsletterBatchStatus.SENDING, worker_id: "w2", attempts: 2, last_error: null })
        )
        expect(await reasonOf(id)).toEqual(NO_REASON)
      })
    })

    describe("noteNewsletterSendingPaused", () => {
      it("should show why an article being sent waits, and change nothing on one that is not", async () => {
        const { id } = await sending(2)
        await service.noteNewsletterSendingPaused({ newsletterId: id, reason: WINDOW })
        expect(await reasonOf(id)).toEqual([WINDOW.message, WINDOW.code, WINDOW.params])

        const scheduled = await reserved(1)
        await service.noteNewsletterSendingPaused({ newsletterId: scheduled.id, reason: WINDOW })
        expect(await reasonOf(scheduled.id)).toEqual(NO_REASON)
      })
    })

    describe("finishNewsletterIfComplete", () => {
      const recordAll = async (id: string, status: NewsletterRecipientStatus.SENT | NewsletterRecipientStatus.FAILED) => {
        for (let c = await claim(id, "w1", T0); c; c = await claim(id, "w1", T0)) {
          await record(c, "w1", T0, allAs(c, status))
        }
      }

      it("should wait while a batch remains, then finish as sent", async () => {
        const { id } = await sending(3)
        const first = (await claim(id, "w1", T0))!
        await record(first, "w1", T0, allAs(first, NewsletterRecipientStatus.SENT))
        expect(await service.finishNewsletterIfComplete({ newsletterId: id, now: at(5) })).toBeNull()

        await recordAll(id, NewsletterRecipientStatus.SENT)
        expect(await service.finishNewsletterIfComplete({ newsletterId: id, now: at(6) })).toBe(NewsletterStatus.SENT)
        expect(await article(id)).toEqual(
          expect.objectContaining({ status: NewsletterStatus.SENT, finished_at: at(6) })
        )
        expect(await reasonOf(id)).toEqual(NO_REASON)
        expect(await service.finishNewsletterIfComplete({ newsletterId: id, now: at(7) })).toBeNull()
        expect((await article(id)).finished_at).toEqual(at(6))
      })

      it("should finish as failed, saying why, when everybody had opted out", async () => {
        const { id } = await sending(2)
        await service.updateNewsletterSubscriptions({
          selector: { email: emails(2) },
          data: { status: NewsletterSubscriptionStatus.CLEANED },
        })
        await recordAll(id, NewsletterRecipientStatus.SENT)

        expect(await service.finishNewsletterIfComplete({ newsletterId: id, now: at(3) })).toBe(NewsletterStatus.FAILED)
        expect(await article(id)).toEqual(expect.objectContaining({ finished_at: at(3) }))
        expect(await reasonOf(id)).toEqual([NOBODY_LEFT_REASON, "nobody_left", { skipped: 2 }])
        expect(await figures(id)).toEqual(expect.objectContaining({ total: 2, succeeded: 0, failed: 0, unsent: 0, skipped: 2 }))
      })

      it("should not finish an article whose batch needs attention, nor one no longer being sent", async () => {
        const { id } = await sending(2)
        const first = (await claim(id, "w1", T0))!
        await release(first, "w1", "503")
        expect(await claim(id, "w1", at(24 * HOUR))).toBeNull()

        expect(await service.finishNewsletterIfComplete({ newsletterId: id, now: at(24 * HOUR) })).toBeNull()
        expect(await figures(id)).toEqual(expect.objectContaining({ status: "sending", unsent: 2 }))

        const stopped = await sending(1)
        await recordAll(stopped.id, NewsletterRecipientStatus.FAILED)
        await service.updateNewsletters({ id: stopped.id, status: NewsletterStatus.STOPPED })
        expect(await service.finishNewsletterIfComplete({ newsletterId: stopped.id, now: at(1) })).toBeNull()
        expect((await article(stopped.id)).status).toBe(NewsletterStatus.STOPPED)
      })
    })

    describe("reserveSendSlot", () => {
      it("should space the slots of one schedule intervalMs apart, and keep schedules apart", async () => {
        const waits = [
          await service.reserveSendSlot({ name: "resend", intervalMs: 400 }),
          await service.reserveSendSlot({ name: "resend", intervalMs: 400 }),
          await service.reserveSendSlot({ name: "resend", intervalMs: 400 }),
        ]
        const other = await service.reserveSendSlot({ name: "outbox", intervalMs: 400 })

        // Each call takes a few milliseconds of real time: the waits shrink by that much.
        expect(waits[0]).toBe(0)
        expect(waits[1]).toBeGreaterThan(300)
        expect(waits[1]).toBeLessThanOrEqual(400)
        expect(waits[2]).toBeGreaterThan(700)
        expect(waits[2]).toBeLessThanOrEqual(800)
        expect(other).toBe(0)
        const [slot] = await service.listNewsletterSendSlots({ name: "resend" })
        expect(slot.id).toMatch(/^nlslot_/)
      })
    })

    describe("resolveNewsletterAttention", () => {
      const SEND_AGAIN = NewsletterAttentionAction.SEND_AGAIN
      const SKIP = NewsletterAttentionAction.SKIP
      const resolve = (newsletterId: string, action: NewsletterAttentionAction) =>
        service.resolveNewsletterAttention({ newsletterId, action })
      const refusal = async (newsletterId: string, action: NewsletterAttentionAction) => {
        const error = await resolve(newsletterId, action).catch((e) => e)
        return [error.type, error.message]
      }
      /** seq, status, key round, attempts, first attempt, skip checked, worker, last_error. */
      const batchRows = async (id: string) =>
        (await batches(id)).map((b) => [
          b.seq,
          b.status,
          b.key_generation,
          b.attempts,
          b.first_attempted_at,
          b.skip_checked,
          b.worker_id,
          b.last_error,
        ])
      const sendAgainNote = (round: number) =>
        `sent again at the store owner's request under a new idempotency key (round ${round}); ` +
        "recipients whose first attempt went out may get the mail twice"
      /**
       * An article of `n` recipients (batches of 2) whose batch 1, first attempted at T0 and given
       * back, is marked for attention when w2 claims the next batch at T0 + 24 h.
       */
      const needingAttention = async (n: number) => {
        const { id } = await sending(n)
        await release((await claim(id, "w1", T0))!, "w1", "503")
        const next = await claim(id, "w2", at(24 * HOUR))
        expect((await batches(id))[0].status).toBe(NewsletterBatchStatus.ATTENTION)
        expect((await article(id)).status_reason).toMatch(/^Needs attention: 2 recipients \(batch 1\)/)
        return { id, next }
      }

      it("should send the batches needing attention again in a new key round, the 23 hours counting from the new first attempt", async () => {
        const { id, next } = await needingAttention(5)
        // Opt-outs since the reservation are checked again at the new round's first claim.
        await service.updateNewsletterSubscriptions({
          selector: { email: "taro2@example.jp" },
          data: { status: NewsletterSubscriptionStatus.UNSUBSCRIBED },
        })

        expect(await resolve(id, SEND_AGAIN)).toEqual({
          action: "send_again",
          batches: [{ id: expect.stringMatching(/^nlbat_/), seq: 1, key_generation: 1 }],
          skipped: 0,
        })
        // Batch 2, held by w2, is untouched.
        expect(await batchRows(id)).toEqual([
          [1, "pending", 1, 1, null, false, null, sendAgainNote(1)],
          [2, "sending", 0, 1, at(24 * HOUR), true, "w2", null],
          [3, "pending", 0, 0, null, false, null, null],
        ])
        expect((await batches(id))[0]).toEqual(expect.objectContaining({ lease_until: null, next_attempt_at: null }))
        expect(await reasonOf(id)).toEqual(NO_REASON)
        expect(await figures(id)).toEqual(
          expect.objectContaining({ status: "sending", total: 5, succeeded: 0, failed: 0, unsent: 5, skipped: 0 })
        )
        await record(next!, "w2", at(24 * HOUR + 1), allAs(next!, NewsletterRecipientStatus.SENT))

        const again = (await claim(id, "w3", at(24 * HOUR + 10)))!
        expect(again.batch).toEqual(
          expect.objectContaining({ seq: 1, key_generation: 1, attempts: 2, first_attempted_at: at(24 * HOUR + 10) })
        )
        expect(again.recipients.map((r) => r.email)).toEqual(["taro1@example.jp"])
        expect(await recipientRows(id)).toEqual([
          ["taro1@example.jp", "pending", null, null],
          ["taro2@example.jp", "skipped", null, null],
          ["taro3@example.jp", "sent", "re_3", null],
          ["taro4@example.jp", "sent", "re_4", null],
          ["taro5@example.jp", "pending", null, null],
        ])
        expect(await figures(id)).toEqual(
          expect.objectContaining({ total: 5, succeeded: 2, failed: 0, unsent: 2, skipped: 1 })
        )

        // Given back, it is retried up to 23 hours after the new first attempt, then needs attention again.
        await release(again, "w3", "503")
        const within = (await claim(id, "w4", at(47 * HOUR)))!
        expect(within.batch).toEqual(expect.objectContaining({ seq: 1, key_generation: 1, attempts: 3 }))
        await release(within, "w4", "503")
        expect((await claim(id, "w5", at(48 * HOUR)))!.batch.seq).toBe(3)
        expect((await batches(id))[0].status).toBe(NewsletterBatchStatus.ATTENTION)
        expect((await resolve(id, SEND_AGAIN)).batches).toEqual([{ id: expect.any(String), seq: 1, key_generation: 2 }])
        expect((await batchRows(id))[0]).toEqual([1, "pending", 2, 3, null, false, null, sendAgainNote(2)])
      })

      it("should skip the batches needing attention, counting their unsent recipients as skipped, then finish the article as sent", async () => {
        const { id, next } = await needingAttention(5)
        await record(next!, "w2", at(24 * HOUR), allAs(next!, NewsletterRecipientStatus.SENT))
        const last = (await claim(id, "w2", at(24 * HOUR)))!
        await record(last, "w2", at(24 * HOUR), allAs(last, NewsletterRecipientStatus.SENT))
        expect(await claim(id, "w2", at(24 * HOUR))).toBeNull()
        expect(await service.listNewslettersToSend()).not.toContain(id)

        expect(await resolve(id, SKIP)).toEqual({
          action: "skip",
          batches: [{ id: expect.stringMatching(/^nlbat_/), seq: 1, key_generation: 0 }],
          skipped: 2,
        })
        expect(await batchRows(id)).toEqual([
          [1, "done", 0, 1, T0, true, null, OWNER_SKIP_BATCH_NOTE],
          [2, "done", 0, 1, at(24 * HOUR), true, "w2", null],
          [3, "done", 0, 1, at(24 * HOUR), true, "w2", null],
        ])
        expect(OWNER_SKIP_BATCH_NOTE).toBe(
          "skipped by the store owner: first attempted more than 23 hours ago; its unsent recipients are recorded as skipped"
        )
        expect(await recipientRows(id)).toEqual([
          ["taro1@example.jp", "skipped", null, null],
          ["taro2@example.jp", "skipped", null, null],
          ["taro3@example.jp", "sent", "re_3", null],
          ["taro4@example.jp", "sent", "re_4", null],
          ["taro5@example.jp", "sent", "re_5", null],
        ])
        const ownerSkip = "not sent: first attempted more than 23 hours ago; the store owner chose not to send again"
        expect(await recipientReasons(id, NewsletterRecipientStatus.SKIPPED)).toEqual([
          ["taro1@example.jp", "owner_skipped", ownerSkip],
          ["taro2@example.jp", "owner_skipped", ownerSkip],
        ])
        expect(await figures(id)).toEqual(
          expect.objectContaining({ status: "sending", total: 5, succeeded: 3, failed: 0, unsent: 0, skipped: 2 })
        )
        expect(await reasonOf(id)).toEqual(NO_REASON)

        expect(await service.listNewslettersToSend()).toContain(id)
        expect(await service.finishNewsletterIfComplete({ newsletterId: id, now: at(25 * HOUR) })).toBe(NewsletterStatus.SENT)
        expect(await article(id)).toEqual(
          expect.objectContaining({ status: NewsletterStatus.SENT, status_reason: null, finished_at: at(25 * HOUR) })
        )
      })

      it("should finish as failed, saying the store owner skipped, when no mail was confirmed at all", async () => {
        const { id, next } = await needingAttention(2)
        expect(next).toBeNull()

        expect(await resolve(id, SKIP)).toEqual(expect.objectContaining({ skipped: 2 }))
        expect(await service.finishNewsletterIfComplete({ newsletterId: id, now: at(25 * HOUR) })).toBe(
          NewsletterStatus.FAILED
        )
        expect(await reasonOf(id)).toEqual([
          "Nothing was confirmed as sent: the store owner chose not to send again the batches first attempted more " +
            "than 23 hours earlier (check Resend's email log, tag newsletter_id, for what they delivered), and nobody " +
            "else was left to send to",
          "owner_skipped_all",
          { skipped: 2 },
        ])
        expect(await figures(id)).toEqual(
          expect.objectContaining({ status: "failed", total: 2, succeeded: 0, failed: 0, unsent: 0, skipped: 2 })
        )
      })

      it("should refuse, changing nothing, when nothing needs attention, and name the status of an article not being sent", async () => {
        const { id } = await needingAttention(3)
        await resolve(id, SKIP)
        const rows = await batchRows(id)
        const nothing =
          `Nothing of newsletter "${id}" needs attention: no batch is waiting for the store owner's decision ` +
          "(it may have been resolved already)"
        expect(await refusal(id, SKIP)).toEqual(["conflict", nothing])
        expect(await refusal(id, SEND_AGAIN)).toEqual(["conflict", nothing])
        expect(await batchRows(id)).toEqual(rows)
        expect(await figures(id)).toEqual(expect.objectContaining({ status: "sending", unsent: 1, skipped: 2 }))

        const stopped = await needingAttention(2)
        await service.updateNewsletters({ id: stopped.id, status: NewsletterStatus.STOPPED })
        expect(await refusal(stopped.id, SEND_AGAIN)).toEqual([
          "conflict",
          `Newsletter "${stopped.id}" changed meanwhile: it is now stopped, so it can't be resolved ` +
            "(its batches that need attention sent again or skipped)",
        ])
        expect((await batches(stopped.id)).map((b) => [b.status, b.key_generation])).toEqual([["attention", 0]])

        const draft = await createNewsletter(service)
        expect(await refusal(draft.id, SKIP)).toEqual([
          "not_allowed",
          `Newsletter "${draft.id}" is draft; only a newsletter being sent has batches that can be sent again or skipped`,
        ])
        expect(await refusal("nl_missing", SKIP)).toEqual(["not_found", 'Newsletter with id "nl_missing" was not found'])
      })
    })
  },
})
