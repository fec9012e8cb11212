import dispatchNewslettersJob from "../../src/jobs/dispatch-newsletters"
import { seedSubscribers } from "../helpers/seed"
import { useResendStandin } from "../helpers/standin"
import { useNewsletterSuite } from "../helpers/suite"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(180 * 1000)

const stand = useResendStandin()

const FORM = { headers: { "content-type": "application/x-www-form-urlencoded" }, validateStatus: () => true }
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const DAY_MINUTES = 24 * 60

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const suite = useNewsletterSuite(getContainer, api, stand)

    /** Sends one article to taro001@example.jp and unsubscribes through its page's button. */
    const unsubscribeOne = async () => {
      await seedSubscribers(getContainer(), 1)
      const newsletter = await suite.reserveArticle()
      suite.clock.advanceMinutes(11)
      await dispatchNewslettersJob(getContainer())
      const [message] = stand.standin.messages
      const path = new URL(message.headers!["List-Unsubscribe"].slice(1, -1)).pathname
      const done = await api.post(path, "", FORM)
      return { newsletter, path, done }
    }

    const subscription = async () => {
      const [found] = await suite.service.listNewsletterSubscriptions(
        { email: "taro001@example.jp" },
        { relations: ["events"] }
      )
      const events = [...found.events].sort(
        (a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime()
      )
      return {
        status: found.status,
        history: events.map((e) => [e.from_status, e.to_status, e.source, e.newsletter_id, e.params]),
      }
    }

    const reasons = async (id: string) =>
      (await api.get(`/admin/newsletters/${id}/unsubscribe-reasons`, { headers: suite.headers })).data

    describe("unsubscribe page: reason", () => {
      it("should ask the reason after unsubscribing and store it, escaped text included, in the history", async () => {
        const { newsletter, path, done } = await unsubscribeOne()
        expect(done.status).toEqual(200)
        expect(done.data).toContain("配信を停止しました")
        expect(done.data).toContain(`action="${path}/reason"`)
        expect(done.data).toContain(`action="${path}/resubscribe"`)
        for (const label of ["メールが多すぎる", "内容に興味がない", "登録した覚えがない", "その他"]) {
          expect(done.data).toContain(label)
        }

        // 500 characters of Japanese (4.5 kB form-encoded) with markup in it.
        const text = `<script>alert(1)</script>${"届く回数が多い".repeat(67)}`.slice(0, 500)
        const saved = await api.post(`${path}/reason`, form({ reason: "other", text: ` ${text} ` }), FORM)
        expect([saved.status, saved.data.includes("ご回答ありがとうございました")]).toEqual([200, true])
        // Answered once: the question is not asked again; subscribing again still is offered.
        expect(saved.data).not.toContain(`action="${path}/reason"`)
        expect(saved.data).toContain(`action="${path}/resubscribe"`)

        expect(await subscription()).toEqual({
          status: "unsubscribed",
          // The seeded subscription has no history; the unsubscribe carries the reason.
          history: [
            [
              "subscribed",
              "unsubscribed",
              "unsubscribe_link",
              newsletter.id,
              { unsubscribe_reason: "other", unsubscribe_reason_text: text },
            ],
          ],
        })
        expect(await reasons(newsletter.id)).toEqual({
          unsubscribe_reasons: {
            newsletter_id: newsletter.id,
            unsubscribed: 1,
            reasons: { too_many: 0, not_interested: 0, never_signed_up: 0, other: 1 },
            no_reason: 0,
          },
        })

        // The page opened again shows the address unsubscribed, without the answered question.
        const again = await api.get(path)
        expect([again.status, again.data.includes("配信は停止されています")]).toEqual([200, true])
        expect(again.data).not.toContain(`action="${path}/reason"`)
      })

      it("should refuse an unknown reason, a text over 500 characters and a forged link, changing nothing", async () => {
        const { newsletter, path } = await unsubscribeOne()
        const before = await subscription()
        const attempts = [
          [path, form({ reason: "bored" }), "invalid_request"],
          [path, form({ reason: "other", text: "あ".repeat(501) }), "invalid_request"],
          [path, form({ reason: "too_many", extra: "1" }), "invalid_request"],
          [path, "", "invalid_request"],
        ]
        for (const [base, body, code] of attempts) {
          const answer = await api.post(`${base}/reason`, body, FORM)
          expect([answer.status, answer.data.includes(`data-code="${code}"`)]).toEqual([400, true])
        }
        const forged = await api.post(`${path.slice(0, -4)}AAAA/reason`, form({ reason: "too_many" }), FORM)
        expect([forged.status, forged.data.includes("このリンクは無効です")]).toEqual([400, true])
        expect(await subscription()).toEqual(before)
        expect((await reasons(newsletter.id)).unsubscribe_reasons).toEqual({
          newsletter_id: newsletter.id,
          unsubscribed: 1,
          reasons: { too_many: 0, not_interested: 0, never_signed_up: 0, other: 0 },
          no_reason: 1,
        })
      })
    })

    describe("unsubscribe page: subscribe again (再登録)", () => {
      it("should subscribe again without login within 7 days of the unsubscribe", async () => {
        const { newsletter, path } = await unsubscribeOne()
        suite.clock.advanceMinutes(7 * DAY_MINUTES - 60)
        const page = await api.get(path)
        expect(page.data).toContain(`action="${path}/resubscribe"`)

        const answer = await api.post(`${path}/resubscribe`, "", FORM)
        expect([answer.status, answer.data.includes("再登録しました")]).toEqual([200, true])
        const { status, history } = await subscription()
        expect(status).toEqual("subscribed")
        expect(history).toEqual([
          ["subscribed", "unsubscribed", "unsubscribe_link", newsletter.id, null],
          ["unsubscribed", "subscribed", "storefront", newsletter.id, { resubscribed_from: "unsubscribe_page" }],
        ])
        // Subscribed again, the page offers to unsubscribe; a second press changes nothing.
        expect((await api.get(path)).data).toContain("へのメールマガジンの配信を停止します。")
        const twice = await api.post(`${path}/resubscribe`, "", FORM)
        expect([twice.status, twice.data.includes('data-code="unsubscribe_follow_up_unavailable"')]).toEqual([
          400,
          true,
        ])
        expect((await subscription()).history).toHaveLength(2)
      })

      it("should refuse the reason and subscribing again after 7 days, and say so on the page", async () => {
        const { path } = await unsubscribeOne()
        const before = await subscription()
        suite.clock.advanceMinutes(7 * DAY_MINUTES + 1)

        const page = await api.get(path)
        expect(page.status).toEqual(200)
        expect(page.data).toContain("配信停止から7日を過ぎたため、このページからの再登録はできません。")
        expect(page.data).not.toContain(`action="${path}/resubscribe"`)
        expect(page.data).not.toContain(`action="${path}/reason"`)

        for (const [action, body] of [
          ["resubscribe", ""],
          ["reason", form({ reason: "too_many" })],
        ]) {
          const answer = await api.post(`${path}/${action}`, body, FORM)
          expect([answer.status, answer.data.includes('data-code="unsubscribe_follow_up_expired"')]).toEqual([
            400,
            true,
          ])
        }
        expect(await subscription()).toEqual(before)
      })
    })

    describe("GET /admin/newsletters/:id/unsubscribe-reasons", () => {
      it("should answer 404 for an unknown article and 400 for an unknown parameter", async () => {
        const missing = await api
          .get("/admin/newsletters/nl_missing/unsubscribe-reasons", { headers: suite.headers })
          .catch((e) => e)
        expect([missing.response.status, missing.response.data.code]).toEqual([404, "newsletter_not_found"])
        const { newsletter } = await unsubscribeOne()
        const wrong = await api
          .get(`/admin/newsletters/${newsletter.id}/unsubscribe-reasons?x=1`, { headers: suite.headers })
          .catch((e) => e)
        expect([wrong.response.status, wrong.response.data.code]).toEqual([400, "invalid_request"])
        const anonymous = await api.get(`/admin/newsletters/${newsletter.id}/unsubscribe-reasons`).catch((e) => e)
        expect(anonymous.response.status).toEqual(401)
      })
    })
  },
})
