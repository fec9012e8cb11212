import { asValue } from "@medusajs/framework/awilix"
import { Modules } from "@medusajs/framework/utils"
import dispatchNewslettersJob from "../../src/jobs/dispatch-newsletters"
import { NEWSLETTER_CLOCK } from "../../src/lib/clock"
import {
  COUPON_RULE_DESCRIPTION,
  COUPON_URL_TAG_REQUIRED_MESSAGE,
} from "../../src/lib/coupons"
import { createLinkKeyring, signLinkToken } from "../../src/lib/tokens"
import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import type NewsletterModuleService from "../../src/modules/newsletter/service"
import { NewsletterSubscriptionStatus as Sub } from "../../src/modules/newsletter/types"
import { createAdminHeaders, createCustomerHeaders } from "../helpers/auth"
import {
  applyPromotionCode,
  Commerce,
  createCartWithItem,
  seedCommerce,
} from "../helpers/commerce"
import { minutesFromNow, movableClock, validArticle } from "../helpers/seed"
import { useResendStandin } from "../helpers/standin"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(240 * 1000)

// A path of the shop's own, with the slashes a store owner might type: the option is proven end
// to end, from medusa-config.ts to the link in the mail.
const stand = useResendStandin({ NEWSLETTER_TEST_COUPON_PATH: "/ja/coupons/" })

const LINK_KEYS = createLinkKeyring("test-link-secret-0123456789abcdef0123456789")
const COUPON_URL = /http:\/\/localhost:8000\/ja\/coupons\/([A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/
const NOT_FOUND = "This coupon link is not valid: it was not found or has been altered"
const OTHER_CUSTOMER =
  "This coupon link was sent to another customer: log in as the customer who received the newsletter"

const CLAIM_BODY = "<#顧客名> 様\nクーポンを受け取る: <#クーポンURL>\nコード: <#クーポンコード>"

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let adminHeaders: Record<string, string>
    let service: NewsletterModuleService
    let clock: ReturnType<typeof movableClock>
    let shop: Commerce

    type Shopper = { id: string; headers: Record<string, string> }
    let alice: Shopper
    let bob: Shopper
    let carol: Shopper

    beforeEach(async () => {
      const container = getContainer()
      clock = movableClock()
      container.register(NEWSLETTER_CLOCK, asValue(clock))
      ;({ headers: adminHeaders } = await createAdminHeaders(container))
      service = container.resolve(NEWSLETTER_MODULE)
      stand.standin.reset()
      shop = await seedCommerce(api, adminHeaders)

      const shopper = async (email: string, last_name: string, first_name: string) => {
        const { customer, headers } = await createCustomerHeaders(container, shop.publishableKey, {
          email,
          last_name,
          first_name,
        })
        return { id: customer.id, headers }
      }
      // Alice and Bob subscribe to the newsletter; Carol has an account but does not.
      alice = await shopper("alice@example.jp", "有栖", "愛")
      bob = await shopper("bob@example.jp", "坊", "武")
      carol = await shopper("carol@example.jp", "花蓮", "カロル")
      await service.createNewsletterSubscriptions([
        { email: "alice@example.jp", status: Sub.SUBSCRIBED },
        { email: "bob@example.jp", status: Sub.SUBSCRIBED },
      ])
    })

    const createPromotion = async (code: string, extra: Record<string, unknown> = {}) =>
      (
        await api.post(
          "/admin/promotions",
          {
            code,
            type: "standard",
            status: "active",
            is_automatic: false,
            application_method: {
              type: "percentage",
              target_type: "order",
              allocation: "across",
              value: 10,
            },
            ...extra,
          },
          { headers: adminHeaders }
        )
      ).data.promotion

    const createArticle = async (overrides: Record<string, unknown>) =>
      (
        await api.post(
          "/admin/newsletters",
          validArticle({ scheduled_at: minutesFromNow(10), ...overrides }),
          { headers: adminHeaders }
        )
      ).data.newsletter

    const claimLinkArticle = (promotionId: string) =>
      createArticle({ body: CLAIM_BODY, promotion_id: promotionId, coupon_mode: "claim_link" })

    const reserve = (id: string) =>
      api.post(`/admin/newsletters/${id}/schedule`, {}, { headers: adminHeaders })

    /** Creates a claim_link article for the promotion, reserves it and sends it. */
    const sendClaimLinkArticle = async (promotionId: string) => {
      const newsletter = await claimLinkArticle(promotionId)
      const reserved = await reserve(newsletter.id)
      expect(reserved.data.recipient_count).toEqual(2)
      clock.advanceMinutes(11)
      await dispatchNewslettersJob(getContainer())
      return newsletter
    }

    /** The token of the coupon URL in the mail sent to `email`. */
    const tokenSentTo = (email: string) => {
      const message = stand.standin.messages.find((m) => m.to[0] === email)!
      return message.text!.match(COUPON_URL)![1]
    }

    const claim = (token: string, headers: Record<string, string>) =>
      api.post(`/store/newsletter-coupons/${token}/claim`, {}, { headers })

    const failure = async (call: Promise<unknown>) => {
      const { response } = await call.then(
        () => {
          throw new Error("expected the request to fail")
        },
        (e) => e
      )
      return [response.status, response.data.message, response.data.code]
    }

    const promotionRules = async (id: string) => {
      const promotion = await getContainer()
        .resolve(Modules.PROMOTION)
        .retrievePromotion(id, { relations: ["rules", "rules.values"] })
      return promotion.rules!.map((r) => ({
        attribute: r.attribute,
        operator: r.operator,
        description: r.description,
        values: r.values!.map((v) => v.value).sort(),
      }))
    }

    const article = async (id: string) => (await service.listNewsletters({ id }))[0]

    describe("POST /store/newsletter-coupons/:token/claim", () => {
      it("should make the code apply to the recipient's cart only after the claim, never to others", async () => {
        const promotion = await createPromotion("NEWS10")
        const newsletter = await sendClaimLinkArticle(promotion.id)

        // The reservation restricted the promotion to the article's own customer group.
        const { customer_group_id: groupId } = await article(newsletter.id)
        expect(groupId).toMatch(/^cusgroup_/)
        expect(await promotionRules(promotion.id)).toEqual([
          {
            attribute: "customer.groups.id",
            operator: "in",
            description: COUPON_RULE_DESCRIPTION,
            values: [groupId],
          },
        ])

        // The mail carries the personal link at the configured path, and the code.
        const aliceMail = stand.standin.messages.find((m) => m.to[0] === "alice@example.jp")!
        const [, token] = aliceMail.text!.match(COUPON_URL)!
        expect(aliceMail.text).toContain(`クーポンを受け取る: http://localhost:8000/ja/coupons/${token}\n`)
        expect(aliceMail.text).toContain("コード: NEWS10")

        const aliceCart = await createCartWithItem(api, alice.headers, shop)
        const carolCart = await createCartWithItem(api, carol.headers, shop)
        const bobCart = await createCartWithItem(api, bob.headers, shop)
        const nothing = { codes: [], discount_total: 0 }
        expect(await applyPromotionCode(api, alice.headers, aliceCart, "NEWS10")).toEqual(nothing)
        expect(await applyPromotionCode(api, carol.headers, carolCart, "NEWS10")).toEqual(nothing)

        const claimed = await claim(token, alice.headers)
        expect(claimed.status).toEqual(200)
        const [row] = await service.listNewsletterCouponClaims({ newsletter_id: newsletter.id })
        expect(claimed.data).toEqual({
          newsletter_coupon: {
            newsletter_id: newsletter.id,
            code: "NEWS10",
            claimed_at: clock.now().toISOString(),
            promotion: {
              id: promotion.id,
              type: "percentage",
              value: 10,
              currency_code: null,
              target_type: "order",
              starts_at: null,
              ends_at: null,
            },
          },
        })
        const [recipient] = await service.listNewsletterRecipients({
          newsletter_id: newsletter.id,
          email: "alice@example.jp",
        })
        expect([row.recipient_id, row.customer_id, row.promotion_id, row.customer_group_id]).toEqual([
          recipient.id,
          alice.id,
          promotion.id,
          groupId,
        ])

        // Now the code applies to Alice's cart: 10% of ¥10,000.
        expect(await applyPromotionCode(api, alice.headers, aliceCart, "NEWS10")).toEqual({
          codes: ["NEWS10"],
          discount_total: 1000,
        })
        // Never to Carol, who got no mail, nor to Bob, who has not claimed his.
        expect(await applyPromotionCode(api, carol.headers, carolCart, "NEWS10")).toEqual(nothing)
        expect(await applyPromotionCode(api, bob.headers, bobCart, "NEWS10")).toEqual(nothing)

        // Carol cannot claim with Alice's link either.
        expect(await failure(claim(token, carol.headers))).toEqual([403, OTHER_CUSTOMER, "coupon_link_other_customer"])
        expect(await applyPromotionCode(api, carol.headers, carolCart, "NEWS10")).toEqual(nothing)
      })

      it("should answer the same to a second claim and record one claim", async () => {
        const promotion = await createPromotion("NEWS10")
        const newsletter = await sendClaimLinkArticle(promotion.id)
        const token = tokenSentTo("bob@example.jp")

        const first = await claim(token, bob.headers)
        clock.advanceMinutes(5)
        const second = await claim(token, bob.headers)
        expect(second.status).toEqual(200)
        expect(second.data).toEqual(first.data)

        const claims = await service.listNewsletterCouponClaims({ newsletter_id: newsletter.id })
        expect(claims.map((c) => c.customer_id)).toEqual([bob.id])
        const { customer_group_id } = await article(newsletter.id)
        const members = await getContainer()
          .resolve(Modules.CUSTOMER)
          .listCustomers({ groups: { id: customer_group_id } } as any)
        expect(members.map((c) => c.id)).toEqual([bob.id])
      })

      it("should record one claim when the same link is claimed twice at once", async () => {
        const promotion = await createPromotion("NEWS10")
        const newsletter = await sendClaimLinkArticle(promotion.id)
        const token = tokenSentTo("alice@example.jp")
        const answers = await Promise.all([claim(token, alice.headers), claim(token, alice.headers)])
        expect(answers.map((a) => a.status)).toEqual([200, 200])
        expect(answers[1].data).toEqual(answers[0].data)
        expect(await service.listNewsletterCouponClaims({ newsletter_id: newsletter.id })).toHaveLength(1)
      })

      it("should let a registered customer claim a link sent to their address as a guest row", async () => {
        // The snapshot keeps one row per address; here it is the guest customer's.
        const promotion = await createPromotion("NEWS10")
        await getContainer()
          .resolve(Modules.CUSTOMER)
          .createCustomers({ email: " Dave@Example.jp ", has_account: false })
        await service.createNewsletterSubscriptions([{ email: "dave@example.jp", status: Sub.SUBSCRIBED }])
        const newsletter = await claimLinkArticle(promotion.id)
        expect((await reserve(newsletter.id)).data.recipient_count).toEqual(3)
        clock.advanceMinutes(11)
        await dispatchNewslettersJob(getContainer())
        const token = tokenSentTo("dave@example.jp")

        const { customer, headers } = await createCustomerHeaders(getContainer(), shop.publishableKey, {
          email: "dave@example.jp",
        })
        expect((await claim(token, headers)).status).toEqual(200)
        const cart = await createCartWithItem(api, headers, shop)
        expect(await applyPromotionCode(api, headers, cart, "NEWS10")).toEqual({
          codes: ["NEWS10"],
          discount_total: 1000,
        })
        const [row] = await service.listNewsletterCouponClaims({ newsletter_id: newsletter.id })
        expect(row.customer_id).toEqual(customer.id)
      })

      it("should answer 404 to a forged, altered, unknown or unsubscribe token and change nothing", async () => {
        const promotion = await createPromotion("NEWS10")
        const newsletter = await sendClaimLinkArticle(promotion.id)
        const token = tokenSentTo("alice@example.jp")
        const [kid, payload, signature] = token.split(".")
        const [bobRecipient] = await service.listNewsletterRecipients({
          newsletter_id: newsletter.id,
          email: "bob@example.jp",
        })
        const forged = Buffer.from(JSON.stringify({ purpose: "coupon", r: bobRecipient.id })).toString("base64url")

        const attempts = [
          `${kid}.${forged}.${signature}`,
          `${kid}.${payload}.${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`,
          `${kid}.${payload}x.${signature}`,
          `${payload}.${signature}`,
          "garbage",
          signLinkToken({ purpose: "coupon", r: "nlrcp_missing" }, LINK_KEYS),
          signLinkToken({ purpose: "unsubscribe", r: bobRecipient.id }, LINK_KEYS),
        ]
        for (const attempt of attempts) {
          expect(await failure(claim(attempt, bob.headers))).toEqual([404, NOT_FOUND, "coupon_link_not_found"])
        }
        expect(await service.listNewsletterCouponClaims({})).toEqual([])
      })

      it("should answer 401 without a customer login and 400 without a publishable key", async () => {
        const promotion = await createPromotion("NEWS10")
        await sendClaimLinkArticle(promotion.id)
        const token = tokenSentTo("alice@example.jp")

        const anonymous = await claim(token, { "x-publishable-api-key": shop.publishableKey }).catch((e) => e)
        expect(anonymous.response.status).toEqual(401)
        expect(anonymous.response.data.code).toEqual("unauthorized")
        const { "x-publishable-api-key": _key, ...withoutKey } = alice.headers
        const keyless = await claim(token, withoutKey).catch((e) => e)
        expect(keyless.response.status).toEqual(400)
        expect(keyless.response.data).toEqual({
          type: "not_allowed",
          code: "publishable_key_required",
          message: "A publishable API key is required in the x-publishable-api-key header",
          params: { header: "x-publishable-api-key" },
        })
        expect(await service.listNewsletterCouponClaims({})).toEqual([])
      })

      it("should refuse an ended or inactive promotion with the reason, claiming nothing", async () => {
        const promotion = await createPromotion("NEWS10")
        const newsletter = await sendClaimLinkArticle(promotion.id)
        const token = tokenSentTo("alice@example.jp")

        const endsAt = new Date(Date.now() - 60_000)
        const { campaign } = (
          await api.post(
            "/admin/campaigns",
            {
              name: "冬のセール",
              campaign_identifier: "winter-sale",
              starts_at: new Date(Date.now() - 86_400_000).toISOString(),
              ends_at: endsAt.toISOString(),
            },
            { headers: adminHeaders }
          )
        ).data
        await api.post(`/admin/promotions/${promotion.id}`, { campaign_id: campaign.id }, { headers: adminHeaders })
        expect(await failure(claim(token, alice.headers))).toEqual([
          400,
          `The coupon NEWS10 cannot be claimed: it ended at ${endsAt.toISOString()}`,
          "coupon_ended",
        ])
        const ended = await claim(token, alice.headers).catch((e) => e)
        expect(ended.response.data.params).toEqual({ code: "NEWS10", ended_at: endsAt.toISOString() })

        await api.post(`/admin/promotions/${promotion.id}`, { campaign_id: null, status: "inactive" }, {
          headers: adminHeaders,
        })
        expect(await failure(claim(token, alice.headers))).toEqual([
          400,
          "The coupon NEWS10 cannot be claimed: its promotion is inactive, not active",
          "coupon_not_active",
        ])
        expect(await service.listNewsletterCouponClaims({ newsletter_id: newsletter.id })).toEqual([])
      })

      it("should refuse a link of a newsletter that has not been sent", async () => {
        const promotion = await createPromotion("NEWS10")
        const newsletter = await claimLinkArticle(promotion.id)
        await reserve(newsletter.id)
        const [recipient] = await service.listNewsletterRecipients({
          newsletter_id: newsletter.id,
          email: "alice@example.jp",
        })
        const token = signLinkToken({ purpose: "coupon", r: recipient.id }, LINK_KEYS)
        expect(await failure(claim(token, alice.headers))).toEqual([
          400,
          "The coupon of this newsletter cannot be claimed: the newsletter has not been sent (status: scheduled)",
          "coupon_newsletter_not_sent",
        ])
      })

      it("should not widen a promotion that already targets a customer group", async () => {
        const { customer_group: vip } = (
          await api.post("/admin/customer-groups", { name: "VIP" }, { headers: adminHeaders })
        ).data
        await api.post(`/admin/customer-groups/${vip.id}/customers`, { add: [bob.id] }, { headers: adminHeaders })
        const promotion = await createPromotion("VIP10", {
          rules: [{ attribute: "customer.groups.id", operator: "in", values: [vip.id] }],
        })
        const newsletter = await sendClaimLinkArticle(promotion.id)
        const { customer_group_id: groupId } = await article(newsletter.id)
        expect(await promotionRules(promotion.id)).toEqual(
          expect.arrayContaining([
            { attribute: "customer.groups.id", operator: "in", description: null, values: [vip.id] },
            {
              attribute: "customer.groups.id",
              operator: "in",
              description: COUPON_RULE_DESCRIPTION,
              values: [groupId],
            },
          ])
        )
        expect(await promotionRules(promotion.id)).toHaveLength(2)

        // Both rules must hold: Alice claimed but is not VIP; Bob is VIP and claimed.
        await claim(tokenSentTo("alice@example.jp"), alice.headers)
        await claim(tokenSentTo("bob@example.jp"), bob.headers)
        const aliceCart = await createCartWithItem(api, alice.headers, shop)
        const bobCart = await createCartWithItem(api, bob.headers, shop)
        expect(await applyPromotionCode(api, alice.headers, aliceCart, "VIP10")).toEqual({
          codes: [],
          discount_total: 0,
        })
        expect(await applyPromotionCode(api, bob.headers, bobCart, "VIP10")).toEqual({
          codes: ["VIP10"],
          discount_total: 1000,
        })
      })
    })

    describe("reservation of a claim_link article", () => {
      it("should refuse a body without <#クーポンURL> and leave the article and promotion as they were", async () => {
        const promotion = await createPromotion("NEWS10")
        const newsletter = await createArticle({
          body: "<#顧客名> 様\nコード: <#クーポンコード>",
          promotion_id: promotion.id,
          coupon_mode: "claim_link",
        })
        expect(await failure(reserve(newsletter.id))).toEqual([400, COUPON_URL_TAG_REQUIRED_MESSAGE, "coupon_url_tag_required"])
        const after = await article(newsletter.id)
        expect([after.status, after.customer_group_id, after.total_count]).toEqual(["draft", null, 0])
        expect(await promotionRules(promotion.id)).toEqual([])
        expect(await service.listNewsletterRecipients({ newsletter_id: newsletter.id })).toEqual([])
      })

      it("should accept the tag HTML-encoded in an HTML body, and a code-mode article without it", async () => {
        const promotion = await createPromotion("NEWS10")
        const html = await createArticle({
          format: "html",
          body: '<p><a href="&lt;#クーポンURL&gt;">クーポンを受け取る</a></p>',
          promotion_id: promotion.id,
          coupon_mode: "claim_link",
        })
        expect((await reserve(html.id)).status).toEqual(200)
        const code = await createArticle({
          body: "コード: <#クーポンコード>",
          promotion_id: promotion.id,
          coupon_mode: "code",
        })
        expect((await reserve(code.id)).status).toEqual(200)
        // Only the claim_link article restricts the promotion.
        expect((await article(code.id)).customer_group_id).toEqual(null)
        expect((await promotionRules(promotion.id)).map((r) => r.values)).toEqual([
          [(await article(html.id)).customer_group_id],
        ])
      })

      it("should share one rule between the articles of a promotion and give it back on cancel", async () => {
        const promotion = await createPromotion("NEWS10")
        const first = await claimLinkArticle(promotion.id)
        const second = await claimLinkArticle(promotion.id)
        await reserve(first.id)
        await reserve(second.id)
        const firstGroup = (await article(first.id)).customer_group_id
        const secondGroup = (await article(second.id)).customer_group_id
        expect(firstGroup).not.toEqual(secondGroup)
        expect(await promotionRules(promotion.id)).toEqual([
          {
            attribute: "customer.groups.id",
            operator: "in",
            description: COUPON_RULE_DESCRIPTION,
            values: [firstGroup, secondGroup].sort(),
          },
        ])
        const customerModule = getContainer().resolve(Modules.CUSTOMER)
        const [group] = await customerModule.listCustomerGroups({ id: firstGroup })
        expect([group.name, group.metadata]).toEqual([
          `Newsletter coupon: ${first.subject} (${first.id})`,
          { managed_by: "medusa-plugin-newsletter", newsletter_id: first.id, promotion_id: promotion.id },
        ])

        await api.post(`/admin/newsletters/${first.id}/cancel`, {}, { headers: adminHeaders })
        expect((await article(first.id)).customer_group_id).toEqual(null)
        expect(await customerModule.listCustomerGroups({ id: firstGroup })).toEqual([])
        expect((await promotionRules(promotion.id)).map((r) => r.values)).toEqual([[secondGroup]])

        await api.post(`/admin/newsletters/${second.id}/cancel`, {}, { headers: adminHeaders })
        expect(await promotionRules(promotion.id)).toEqual([])
      })

      it("should add both groups to one rule when two articles of a promotion are reserved at once", async () => {
        const promotion = await createPromotion("NEWS10")
        const articles = await Promise.all(
          [1, 2].map(() => claimLinkArticle(promotion.id))
        )
        const reserved = await Promise.all(articles.map((a) => reserve(a.id)))
        expect(reserved.map((r) => r.status)).toEqual([200, 200])
        const groups = await Promise.all(articles.map(async (a) => (await article(a.id)).customer_group_id))
        expect(await promotionRules(promotion.id)).toEqual([
          {
            attribute: "customer.groups.id",
            operator: "in",
            description: COUPON_RULE_DESCRIPTION,
            values: [...groups].sort(),
          },
        ])
      })

      it("should release the promotion when an audience change sends the article back to draft", async () => {
        const promotion = await createPromotion("NEWS10")
        const newsletter = await claimLinkArticle(promotion.id)
        await reserve(newsletter.id)
        const before = (await article(newsletter.id)).customer_group_id

        await api.post(
          `/admin/newsletters/${newsletter.id}`,
          { audience: { q: "example.jp" } },
          { headers: adminHeaders }
        )
        const draft = await article(newsletter.id)
        expect([draft.status, draft.customer_group_id]).toEqual(["draft", null])
        expect(await promotionRules(promotion.id)).toEqual([])
        expect(await getContainer().resolve(Modules.CUSTOMER).listCustomerGroups({ id: before })).toEqual([])

        await reserve(newsletter.id)
        const again = (await article(newsletter.id)).customer_group_id
        expect(again).toMatch(/^cusgroup_/)
        expect(again).not.toEqual(before)
        expect((await promotionRules(promotion.id)).map((r) => r.values)).toEqual([[again]])
      })

      it("should keep a scheduled article's coupon fixed: no other promotion, no body without the tag", async () => {
        const promotion = await createPromotion("NEWS10")
        const other = await createPromotion("OTHER10")
        const newsletter = await claimLinkArticle(promotion.id)
        await reserve(newsletter.id)

        const update = (body: Record<string, unknown>) =>
          api.post(`/admin/newsletters/${newsletter.id}`, body, { headers: adminHeaders })
        expect(await failure(update({ body: "クーポンはありません" }))).toEqual([
          400,
          COUPON_URL_TAG_REQUIRED_MESSAGE,
          "coupon_url_tag_required",
        ])
        const fixed =
          `Newsletter "${newsletter.id}" is scheduled: its promotion_id and coupon_mode were fixed at ` +
          "the reservation and cannot be changed until it is cancelled or its audience changes"
        expect(await failure(update({ promotion_id: other.id }))).toEqual([400, fixed, "coupon_fixed_when_scheduled"])
        expect(await failure(update({ coupon_mode: "code" }))).toEqual([400, fixed, "coupon_fixed_when_scheduled"])
        // Content edits that keep the tag are fine, and change nothing of the coupon.
        expect((await update({ subject: "件名を変更しました" })).status).toEqual(200)
        const after = await article(newsletter.id)
        expect([after.status, after.promotion_id, after.coupon_mode]).toEqual([
          "scheduled",
          promotion.id,
          "claim_link",
        ])
        expect(await promotionRules(other.id)).toEqual([])
      })
    })
  },
})
