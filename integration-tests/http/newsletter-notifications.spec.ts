import { Modules } from "@medusajs/framework/utils"
import { TestEventUtils } from "@medusajs/test-utils"
import dispatchNewslettersJob from "../../src/jobs/dispatch-newsletters"
import { NewsletterSubscriptionSource, NewsletterSubscriptionStatus } from "../../src/modules/newsletter/types"
import { seedCustomers, seedSubscribers } from "../helpers/seed"
import { SHORT_LEASE_ENV, useResendStandin } from "../helpers/standin"
import { useNewsletterSuite } from "../helpers/suite"
import { resendEvent, signWebhook } from "../helpers/webhooks"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(180 * 1000)

// Batches of 10, so that an article of 30 spans three requests.
const stand = useResendStandin({ NEWSLETTER_TEST_BATCH_SIZE: "10", ...SHORT_LEASE_ENV })

const SUBJECT = "冬のセールのお知らせ"

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const suite = useNewsletterSuite(getContainer, api, stand)
    const eventBus = () => getContainer().resolve(Modules.EVENT_BUS)
    /** Resolves once every subscriber of the next `name` event has run (at most 15 s). */
    const handled = (name: string) => TestEventUtils.waitSubscribersExecution(name, eventBus())

    /** The bell's notifications as the dashboard lists them, newest first. */
    const bell = async () =>
      (await api.get("/admin/notifications?channel=feed&order=-created_at", { headers: suite.headers })).data.notifications

    /** A notification of the plugin, as GET /admin/notifications answers it. */
    const notification = (event: string, id: string, ja: { title: string; description: string }, en: object) => ({
      id: expect.any(String),
      to: "",
      channel: "feed",
      template: "admin-ui",
      trigger_type: event,
      resource_id: id,
      resource_type: "newsletter",
      receiver_id: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
      data: {
        ...ja,
        newsletter_id: id,
        event,
        url: `/app/newsletters/${id}`,
        language: "ja",
        texts: { ja, en },
      },
    })

    describe("the admin's bell (feed notifications)", () => {
      it("should tell of an error-rate stop, in Japanese, with the article's id and page", async () => {
        await seedSubscribers(getContainer(), 300)
        // Resend rejects 3 of every 10 addresses: the stop comes at 100 attempted, 30 failed.
        const rejected = Array.from({ length: 300 }, (_, i) => `taro${String(i + 1).padStart(3, "0")}@example.jp`).filter(
          (_, i) => i % 10 < 3
        )
        stand.standin.fault({ type: "reject", addresses: rejected })
        const { id } = await suite.reserveArticle()
        const stopped = handled("newsletter.stopped")

        suite.clock.advanceMinutes(11)
        await dispatchNewslettersJob(getContainer())
        await stopped

        expect(await bell()).toEqual([
          notification(
            "newsletter.stopped",
            id,
            {
              title: "メルマガの配信を停止しました",
              description:
                `「${SUBJECT}」はエラー率が上限（10%）を超えたため配信停止になりました。送信した100件のうち30件がエラー（30%）、未送信は200件です。\n` +
                "アドレスを見直してクリーニングしてから、記事を複製して送り直してください。",
            },
            {
              title: "Newsletter stopped",
              description:
                `“${SUBJECT}” was stopped: 30 of 100 attempted mails failed (30%, above the 10% limit); 200 were not sent.\n` +
                "Clean the list, then duplicate the article to send it again.",
            }
          ),
        ])
      })

      it("should tell of a quota pause once, of batches needing attention, and of the end of sending", async () => {
        await seedSubscribers(getContainer(), 30)
        const { id } = await suite.reserveArticle()
        // Batch 1's first answer is lost after Resend took it; its retry meets the daily quota.
        stand.standin.fault({ type: "drop" })
        stand.standin.fault({ type: "quota", name: "daily_quota_exceeded" })
        const paused = handled("newsletter.paused")
        suite.clock.advanceMinutes(11)
        await dispatchNewslettersJob(getContainer())
        await paused

        // The next run meets the quota again: the same pause, nothing new to tell.
        stand.standin.fault({ type: "quota", name: "daily_quota_exceeded" })
        suite.clock.advanceMinutes(1)
        await dispatchNewslettersJob(getContainer())

        // A day later batch 1 is too old to send again: it waits for the owner; 2 and 3 go out.
        const attention = handled("newsletter.needs_attention")
        suite.clock.advanceMinutes(24 * 60)
        await dispatchNewslettersJob(getContainer())
        await attention

        const sent = handled("newsletter.sent")
        const skip = await api.post(`/admin/newsletters/${id}/attention`, { action: "skip" }, { headers: suite.headers })
        expect(skip.data.newsletter.status).toBe("sent")
        await sent

        expect(await bell()).toEqual([
          notification(
            "newsletter.sent",
            id,
            {
              title: "メルマガの配信が完了しました",
              description: `「${SUBJECT}」を20件送信しました（エラー0件、送信対象外10件）。`,
            },
            { title: "Newsletter sent", description: `“${SUBJECT}” went out to 20 recipients (0 errors, 10 skipped).` }
          ),
          notification(
            "newsletter.needs_attention",
            id,
            {
              title: "メルマガの確認が必要です",
              description:
                `「${SUBJECT}」の10件（バッチ 1）は、送信の確認が取れないまま最初の送信から23時間を過ぎたため、自動では再送しません。\n` +
                "Resendの送信ログを確認してから、記事の画面で再送するかどうかを選んでください。",
            },
            {
              title: "Newsletter needs attention",
              description:
                `10 recipients of “${SUBJECT}” (batch 1) were never confirmed as sent, and their first attempt is more than 23 hours ` +
                "old, so they are not sent again automatically.\nCheck Resend's email log, then choose on the article's page whether to send them again.",
            }
          ),
          notification(
            "newsletter.paused",
            id,
            {
              title: "メルマガの配信を一時停止しています",
              description:
                `「${SUBJECT}」は、Resendの送信上限（1日または1か月）に達したため一時停止しています。未送信は30件です。次の送信が成功すると自動で再開します。`,
            },
            {
              title: "Newsletter paused",
              description:
                `“${SUBJECT}” is paused: Resend's daily or monthly sending quota is used up. 30 are not sent yet; ` +
                "sending goes on by itself at the next run that succeeds.",
            }
          ),
        ])
      })

      it("should tell of a failure when nobody was left to send to", async () => {
        await seedSubscribers(getContainer(), 2)
        const { id } = await suite.reserveArticle()
        for (const email of ["taro001@example.jp", "taro002@example.jp"]) {
          await suite.service.changeNewsletterSubscription({
            email,
            status: NewsletterSubscriptionStatus.UNSUBSCRIBED,
            source: NewsletterSubscriptionSource.ADMIN,
          })
        }
        const failed = handled("newsletter.failed")
        suite.clock.advanceMinutes(11)
        await dispatchNewslettersJob(getContainer())
        await failed

        expect(await bell()).toEqual([
          notification(
            "newsletter.failed",
            id,
            {
              title: "メルマガの配信に失敗しました",
              description: `「${SUBJECT}」は送信する相手がいませんでした（配信失敗）。予約の後、宛先の全員が配信停止またはクリーニング済になりました。`,
            },
            {
              title: "Newsletter failed",
              description: `“${SUBJECT}” failed: nobody was left to send to; every recipient unsubscribed or was cleaned after the reservation.`,
            }
          ),
        ])
      })
    })

    describe("GET /admin/newsletter-settings (配信設定の状態)", () => {
      const settings = async () =>
        (await api.get("/admin/newsletter-settings", { headers: suite.headers })).data.newsletter_settings

      it("should warn when articles were sent but no signed webhook came, and stop once one arrives", async () => {
        expect([(await settings()).webhooks, (await settings()).warnings]).toEqual([
          { secret_configured: true, last_received_at: null, retention_days: 30 },
          [],
        ])
        await seedSubscribers(getContainer(), 2)
        const { id } = await suite.reserveArticle()
        suite.clock.advanceMinutes(11)
        await dispatchNewslettersJob(getContainer())
        // Sent a moment ago: reports get 10 minutes before their absence counts.
        expect((await settings()).warnings).toEqual([])

        suite.clock.advanceMinutes(10)
        expect((await settings()).warnings).toEqual([
          { code: "webhooks_missing", params: { articles: 1, hours: 24, last_received_at: null } },
        ])

        const [message] = suite.messagesFor(id)
        const body = JSON.stringify(resendEvent("email.delivered", message))
        expect((await api.post("/hooks/newsletter/resend", body, { headers: signWebhook(body) })).status).toBe(200)
        const receivedAt = suite.clock.now().toISOString()
        const after = await settings()
        expect([after.webhooks, after.warnings]).toEqual([
          { secret_configured: true, last_received_at: receivedAt, retention_days: 30 },
          [],
        ])

        // A day without a report after that send: the warning is back, naming the last one.
        suite.clock.advanceMinutes(24 * 60)
        expect((await settings()).warnings).toEqual([])
        const { id: second } = await suite.reserveArticle({ scheduled_at: new Date(suite.clock.now().getTime() + 10 * 60_000).toISOString() })
        suite.clock.advanceMinutes(11)
        await dispatchNewslettersJob(getContainer())
        suite.clock.advanceMinutes(10)
        expect(suite.messagesFor(second)).toHaveLength(2)
        expect((await settings()).warnings).toEqual([
          { code: "webhooks_missing", params: { articles: 1, hours: 24, last_received_at: receivedAt } },
        ])
      })
    })

    describe("customer email change (POST /admin/customers/:id)", () => {
      const createCustomer = async (email: string) =>
        (await api.post("/admin/customers", { email, last_name: "山田", first_name: "太郎" }, { headers: suite.headers }))
          .data.customer
      const setSubscription = (customerId: string, status: string) =>
        api.post(`/admin/customers/${customerId}/newsletter-subscription`, { status }, { headers: suite.headers })
      const subscriptionOf = async (customerId: string) =>
        (await api.get(`/admin/customers/${customerId}/newsletter-subscription`, { headers: suite.headers })).data
          .newsletter_subscription
      const changeEmail = async (customerId: string, email: string) => {
        const done = handled("customer.updated")
        await api.post(`/admin/customers/${customerId}`, { email }, { headers: suite.headers })
        await done
      }
      const entry = (from: string | null, to: string, source: string, extra: Record<string, unknown> = {}) => ({
        id: expect.any(String),
        from_status: from,
        to_status: to,
        source,
        reason: null,
        reason_code: null,
        params: null,
        newsletter_id: null,
        actor_id: expect.any(String),
        consented_at: null,
        evidence: null,
        created_at: expect.any(String),
        ...extra,
      })
      const emailChange = (from: string, to: string, oldEmail: string, newEmail: string) =>
        entry(from, to, "email_change", {
          reason: `${oldEmail} → ${newEmail}`,
          params: { old_email: oldEmail, new_email: newEmail },
          actor_id: null,
        })

      it("should move the subscription to the new address with its history and an email_change entry", async () => {
        const customer = await createCustomer("taro@old.example.jp")
        await setSubscription(customer.id, "subscribed")
        const before = await subscriptionOf(customer.id)

        await changeEmail(customer.id, "Taro@New.example.jp")

        expect(await subscriptionOf(customer.id)).toEqual({
          id: before.id,
          email: "taro@new.example.jp",
          customer_id: customer.id,
          status: "subscribed",
          opt_in_level: "single",
          updated_at: expect.any(String),
          history: [
            emailChange("subscribed", "subscribed", "taro@old.example.jp", "taro@new.example.jp"),
            entry(null, "subscribed", "admin"),
          ],
        })
        expect(await suite.service.listNewsletterSubscriptions({ email: "taro@old.example.jp" })).toEqual([])
      })

      it("should not carry a cleaning, and merge into the new address's record keeping the stricter status", async () => {
        // A registered customer, so that a guest may have the new address too.
        const [customer] = await seedCustomers(getContainer(), [
          { email: "taro@old.example.jp", last_name: "山田", first_name: "太郎", has_account: true },
        ])
        await setSubscription(customer.id, "subscribed")
        await setSubscription(customer.id, "cleaned")
        // The new address opted out before, as a guest customer.
        const guest = await createCustomer("taro@new.example.jp")
        await setSubscription(guest.id, "unsubscribed")
        const old = await subscriptionOf(customer.id)
        const target = await subscriptionOf(guest.id)

        await changeEmail(customer.id, "taro@new.example.jp")

        expect(await subscriptionOf(customer.id)).toEqual({
          id: target.id,
          email: "taro@new.example.jp",
          customer_id: customer.id,
          status: "unsubscribed",
          opt_in_level: "single",
          updated_at: expect.any(String),
          history: [
            emailChange("unsubscribed", "unsubscribed", "taro@old.example.jp", "taro@new.example.jp"),
            entry(null, "unsubscribed", "admin"),
          ],
        })
        // The old address keeps its record (and its cleaning), no longer the customer's.
        const [left] = await suite.service.listNewsletterSubscriptions({ email: "taro@old.example.jp" })
        expect([left.id, left.status, left.customer_id]).toEqual([old.id, "cleaned", null])
        expect(await suite.service.listNewsletterSubscriptionEvents({ subscription_id: old.id })).toHaveLength(2)
      })
    })
  },
})
