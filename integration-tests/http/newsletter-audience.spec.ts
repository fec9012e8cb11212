import { asValue } from "@medusajs/framework/awilix"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { NEWSLETTER_CLOCK } from "../../src/lib/clock"
import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import type NewsletterModuleService from "../../src/modules/newsletter/service"
import { NewsletterSubscriptionStatus as Sub } from "../../src/modules/newsletter/types"
import { audiencePreview } from "../helpers/audience"
import { createAdminHeaders } from "../helpers/auth"
import { seedCustomers, validArticle } from "../helpers/seed"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(120 * 1000)

type Seeded = Awaited<ReturnType<typeof seedWorld>>

/**
 * The shop every test of this file reads (seeded once; the runner restores it before each test).
 * Subscribed, valid, one per person:
 *   A taro@example.jp       registered 山田 太郎 (+ a guest record " TARO@Example.jp " タロウ), gold,
 *                           jp/東京都, rank gold; 3 jpy orders (one as the guest): 18,500
 *   B hanako@example.jp     guest 佐藤 花子; 1 usd order (45) that used SUMMER on an item
 *   C jiro@shop.example.com registered 鈴木 次郎, silver, jp/大阪府, rank silver, vip; no orders
 *   D goro@example.jp       registered 高橋 五郎, us/CA; a canceled order (SUMMER) and a draft order
 *   E mika@example.jp       registered Mika Tanaka, gold + silver; 2 jpy orders: SUMMER on the
 *                           shipping, WINTER through the order-promotion link
 * Never recipients, though gold members in 東京都: F unsubscribed, G cleaned, H an invalid
 * address, I no subscription record.
 */
async function seedWorld(container: MedusaContainer) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const customerModule = container.resolve(Modules.CUSTOMER)
  const orderModule = container.resolve(Modules.ORDER)
  const promotionModule = container.resolve(Modules.PROMOTION)
  const link = container.resolve(ContainerRegistrationKeys.LINK)

  const groups = await customerModule.createCustomerGroups([
    { name: "ゴールド会員" },
    { name: "シルバー会員" },
  ])
  const [gold, silver] = ["ゴールド会員", "シルバー会員"].map((n) => groups.find((g) => g.name === n)!)
  const customers = await seedCustomers(container, [
    { email: "taro@example.jp", first_name: "太郎", last_name: "山田", has_account: true, subscription: Sub.SUBSCRIBED },
    { email: " TARO@Example.jp ", first_name: "タロウ", last_name: "ヤマダ" },
    { email: "hanako@example.jp", first_name: "花子", last_name: "佐藤", subscription: Sub.SUBSCRIBED },
    { email: "jiro@shop.example.com", first_name: "次郎", last_name: "鈴木", has_account: true, subscription: Sub.SUBSCRIBED },
    { email: "goro@example.jp", first_name: "五郎", last_name: "高橋", has_account: true, subscription: Sub.SUBSCRIBED },
    { email: "mika@example.jp", first_name: "Mika", last_name: "Tanaka", has_account: true, subscription: Sub.SUBSCRIBED },
    { email: "saburo@example.jp", has_account: true, subscription: Sub.UNSUBSCRIBED },
    { email: "shiro@example.jp", has_account: true, subscription: Sub.CLEANED },
    { email: "not-an-address", has_account: true, subscription: Sub.SUBSCRIBED },
    { email: "nosub@example.jp", has_account: true },
  ])
  // Picked by address: the module does not promise to answer in the order given.
  const [taro, taroGuest, hanako, jiro, goro, mika, saburo, shiro, invalid, nosub] = [
    "taro@example.jp",
    " TARO@Example.jp ",
    "hanako@example.jp",
    "jiro@shop.example.com",
    "goro@example.jp",
    "mika@example.jp",
    "saburo@example.jp",
    "shiro@example.jp",
    "not-an-address",
    "nosub@example.jp",
  ].map((email) => customers.find((c) => c.email === email)!)

  // Registration dates (a customer's created_at can't be given to the module).
  const created: Array<[string, string]> = [
    [taro.id, "2025-03-01T00:00:00Z"],
    [taroGuest.id, "2024-01-01T00:00:00Z"],
    [hanako.id, "2025-08-01T00:00:00Z"],
    [jiro.id, "2024-12-01T00:00:00Z"],
    [goro.id, "2025-01-15T00:00:00Z"],
    [mika.id, "2025-02-01T00:00:00Z"],
  ]
  for (const [id, at] of created) {
    await knex("customer").where({ id }).update({ created_at: at })
  }
  await customerModule.updateCustomers(taro.id, { metadata: { rank: "gold" } })
  await customerModule.updateCustomers(jiro.id, { metadata: { rank: "silver", vip: true } })

  await customerModule.addCustomerToGroup(
    [taro, mika, saburo, shiro, invalid, nosub]
      .map((c) => ({ customer_id: c.id, customer_group_id: gold.id }))
      .concat([jiro, mika].map((c) => ({ customer_id: c.id, customer_group_id: silver.id })))
  )
  await customerModule.createCustomerAddresses([
    { customer_id: taro.id, country_code: "jp", province: "東京都", city: "千代田区" },
    { customer_id: jiro.id, country_code: "jp", province: "大阪府", city: "大阪市" },
    { customer_id: goro.id, country_code: "us", province: "CA", city: "San Francisco" },
    ...[saburo, shiro, invalid, nosub].map((c) => ({
      customer_id: c.id,
      country_code: "jp",
      province: "東京都",
    })),
  ])

  const fixed = { type: "fixed" as const, target_type: "order" as const, allocation: "across" as const, value: 5, currency_code: "jpy" }
  const groupRule = (operator: "in" | "eq" | "ne", values: string[]) => ({
    attribute: "customer.groups.id",
    operator,
    values,
  })
  const promotions = await promotionModule.createPromotions([
    { code: "SUMMER", type: "standard", status: "active", application_method: fixed, rules: [groupRule("in", [gold.id])] },
    { code: "WINTER", type: "standard", status: "active", application_method: fixed },
    { code: "SILVER-ONLY", type: "standard", status: "active", application_method: fixed, rules: [groupRule("eq", [silver.id])] },
    { code: "NOT-GOLD", type: "standard", status: "active", application_method: fixed, rules: [groupRule("ne", [gold.id])] },
  ])
  // The module does not promise to answer in the order given.
  const promotion = (code: string) => promotions.find((p) => p.code === code)!
  const [summer, winter, silverOnly, notGold] = ["SUMMER", "WINTER", "SILVER-ONLY", "NOT-GOLD"].map(promotion)

  // Orders through the order module, so that order_summary holds the totals Medusa computes.
  const order = async (
    customer: { id: string; email: string },
    at: string,
    data: Record<string, unknown>
  ) => {
    const created = await orderModule.createOrders({
      currency_code: "jpy",
      email: customer.email,
      customer_id: customer.id,
      ...data,
    } as any)
    await knex("order").where({ id: created.id }).update({ created_at: at })
    return created
  }
  const item = (unit_price: number, quantity = 1, adjustments: unknown[] = []) => ({
    title: "商品",
    quantity,
    unit_price,
    adjustments,
  })
  await order(taro, "2025-05-01T10:00:00Z", {
    items: [item(1500, 2)],
    shipping_methods: [{ name: "宅配便", amount: 500 }],
  }) // 3,500
  await order(taro, "2025-06-01T00:00:00Z", { items: [item(10000)] }) // 10,000
  await order(taroGuest, "2024-02-01T00:00:00Z", { items: [item(5000)] }) // 5,000 as a guest
  await order(hanako, "2025-08-02T00:00:00Z", {
    currency_code: "usd",
    items: [item(50, 1, [{ amount: 5, code: "SUMMER", promotion_id: summer.id }])],
  }) // usd 45
  const canceled = await order(goro, "2025-07-01T00:00:00Z", {
    items: [item(100000, 1, [{ amount: 5, code: "SUMMER", promotion_id: summer.id }])],
  })
  await orderModule.cancel(canceled.id)
  await order(goro, "2025-07-02T00:00:00Z", {
    status: "draft",
    is_draft_order: true,
    items: [item(50000)],
  })
  await order(mika, "2025-04-01T00:00:00Z", {
    items: [item(1500)],
    shipping_methods: [
      { name: "宅配便", amount: 500, adjustments: [{ amount: 5, code: "SUMMER", promotion_id: summer.id }] },
    ],
  }) // 1,995
  const linked = await order(mika, "2025-04-15T00:00:00Z", { items: [item(3000)] }) // 3,000
  await link.create({
    [Modules.ORDER]: { order_id: linked.id },
    [Modules.PROMOTION]: { promotion_id: winter.id },
  })

  return { gold, silver, summer, winter, silverOnly, notGold, taro, hanako, jiro, goro, mika }
}

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    let world: Seeded

    beforeAll(async () => {
      // Seeded once: the runner snapshots the database after this and restores it before each test.
      world = await seedWorld(getContainer())
      ;({ headers } = await createAdminHeaders(getContainer()))
    })

    beforeEach(() => {
      getContainer().register(NEWSLETTER_CLOCK, asValue({ now: () => new Date() }))
    })

    const { preview, emailsOf, refusal } = audiencePreview(api, () => headers)

    const refused = async (audience: unknown) => {
      const response = await refusal(audience)
      return [response.status, response.data.message]
    }

    /** The code of a refused preview and its problems as [path, code, params]. */
    const problemsOf = async (audience: unknown) => {
      const response = await refusal(audience)
      return [response.status, response.data.code, response.data.errors.map((p: any) => [p.path, p.code, p.params])]
    }

    const A = "taro@example.jp"
    const B = "hanako@example.jp"
    const C = "jiro@shop.example.com"
    const D = "goro@example.jp"
    const E = "mika@example.jp"

    describe("POST /admin/newsletters/audience/preview", () => {
      it("should answer 401 without an admin login", async () => {
        const { response } = await api
          .post("/admin/newsletters/audience/preview", { audience: {} })
          .catch((e) => e)
        expect(response.status).toEqual(401)
      })

      it("should select every subscribed, valid address once for an empty filter, the account's record first", async () => {
        const result = await preview({})
        expect(result).toEqual({
          count: 5,
          sample: [
            { customer_id: world.goro.id, email: D, first_name: "五郎", last_name: "高橋" },
            { customer_id: world.hanako.id, email: B, first_name: "花子", last_name: "佐藤" },
            { customer_id: world.jiro.id, email: C, first_name: "次郎", last_name: "鈴木" },
            { customer_id: world.mika.id, email: E, first_name: "Mika", last_name: "Tanaka" },
            // The registered record, not the guest " TARO@Example.jp " (タロウ).
            { customer_id: world.taro.id, email: A, first_name: "太郎", last_name: "山田" },
          ],
        })
      })

      it("should cap the sample at 20 while counting everybody", async () => {
        await seedCustomers(
          getContainer(),
          Array.from({ length: 25 }, (_, i) => ({
            email: `bulk${String(i).padStart(2, "0")}@bulk.example`,
            subscription: Sub.SUBSCRIBED,
          }))
        )
        const { count, sample } = await preview({ email_domain: ["bulk.example"] })
        expect(count).toEqual(25)
        expect(sample.map((r: { email: string }) => r.email)).toEqual(
          Array.from({ length: 20 }, (_, i) => `bulk${String(i).padStart(2, "0")}@bulk.example`)
        )
      })

      it("should filter by customer groups: in any, in none, both", async () => {
        expect(await emailsOf({ customer_groups: { in_any: [world.gold.id] } })).toEqual([E, A])
        expect(await emailsOf({ customer_groups: { in_any: [world.gold.id, world.silver.id] } })).toEqual([C, E, A])
        expect(await emailsOf({ customer_groups: { in_none: [world.gold.id] } })).toEqual([D, B, C])
        expect(
          await emailsOf({ customer_groups: { in_any: [world.silver.id], in_none: [world.gold.id] } })
        ).toEqual([C])
      })

      it("should filter registered customers and guests by the person's main record", async () => {
        // taro has a guest record too, but an account: he is registered.
        expect(await emailsOf({ has_account: true })).toEqual([D, C, E, A])
        expect(await emailsOf({ has_account: false })).toEqual([B])
      })

      it("should filter by registration date, either bound, inclusive", async () => {
        expect(await emailsOf({ created_at: { gte: "2025-01-01T00:00:00Z" } })).toEqual([D, B, E, A])
        expect(await emailsOf({ created_at: { lte: "2025-01-31T23:59:59+09:00" } })).toEqual([D, C])
        // taro's account dates from 2025-03-01 00:00Z exactly; his 2024 guest record doesn't count.
        expect(
          await emailsOf({ created_at: { gte: "2025-01-01T00:00:00Z", lte: "2025-03-01T09:00:00+09:00" } })
        ).toEqual([D, E, A])
      })

      it("should count orders of every record of an address, leaving out canceled and draft orders", async () => {
        expect(await emailsOf({ order_count: { gte: 1 } })).toEqual([B, E, A])
        expect(await emailsOf({ order_count: { gte: 2 } })).toEqual([E, A])
        // 2 as a customer + 1 as a guest.
        expect(await emailsOf({ order_count: { gte: 3, lte: 3 } })).toEqual([A])
        // goro's orders were canceled or a draft; jiro never ordered.
        expect(await emailsOf({ order_count: { lte: 0 } })).toEqual([D, C])
      })

      it("should sum the stored order totals in one currency", async () => {
        // 3,500 + 10,000 + 5,000 (guest): exactly the lower bound.
        expect(await emailsOf({ total_spent: { currency_code: "jpy", gte: 18500 } })).toEqual([A])
        expect(await emailsOf({ total_spent: { currency_code: "jpy", gte: 18501 } })).toEqual([])
        // mika: 1,500 + 500 shipping - 5 promotion + 3,000 = 4,995.
        expect(await emailsOf({ total_spent: { currency_code: "JPY", gte: 1, lte: 4995 } })).toEqual([E])
        expect(await emailsOf({ total_spent: { currency_code: "jpy", gte: 1, lte: 4994 } })).toEqual([])
        expect(await emailsOf({ total_spent: { currency_code: "usd", gte: 45, lte: 45 } })).toEqual([B])
        // Nothing spent in yen (goro's 100,000 was canceled, the 50,000 a draft).
        expect(await emailsOf({ total_spent: { currency_code: "jpy", lte: 0 } })).toEqual([D, B, C])
      })

      it("should filter by the date of the last order; no orders never match", async () => {
        expect(await emailsOf({ last_order_at: { gte: "2025-06-01T00:00:00Z" } })).toEqual([B, A])
        expect(await emailsOf({ last_order_at: { lte: "2025-05-31T23:59:59Z" } })).toEqual([E])
        expect(
          await emailsOf({ last_order_at: { gte: "2025-04-15T00:00:00Z", lte: "2025-06-01T00:00:00Z" } })
        ).toEqual([E, A])
      })

      it("should filter by the country and province of one saved address", async () => {
        expect(await emailsOf({ address: { country_code: ["JP"] } })).toEqual([C, A])
        expect(await emailsOf({ address: { country_code: ["jp"], province: ["東京都"] } })).toEqual([A])
        expect(await emailsOf({ address: { province: ["大阪府", "ca"] } })).toEqual([D, C])
        expect(await emailsOf({ address: { country_code: ["us"], province: ["東京都"] } })).toEqual([])
      })

      it("should filter by the exact email domain", async () => {
        expect(await emailsOf({ email_domain: ["shop.example.com"] })).toEqual([C])
        expect(await emailsOf({ email_domain: ["@Example.JP"] })).toEqual([D, B, E, A])
        expect(await emailsOf({ email_domain: ["example.com"] })).toEqual([])
      })

      it("should find a name in either order with or without spaces, or part of the email", async () => {
        expect(await emailsOf({ q: "佐藤" })).toEqual([B])
        expect(await emailsOf({ q: "山田太郎" })).toEqual([A])
        expect(await emailsOf({ q: "山田　太郎" })).toEqual([A])
        expect(await emailsOf({ q: "tanaka mika" })).toEqual([E])
        expect(await emailsOf({ q: "MIKA TANAKA" })).toEqual([E])
        expect(await emailsOf({ q: "SHOP.EXAMPLE" })).toEqual([C])
        // The guest record's name (タロウ) is not the person's name.
        expect(await emailsOf({ q: "タロウ" })).toEqual([])
        // LIKE wildcards are plain text.
        expect(await emailsOf({ q: "_" })).toEqual([])
        expect(await emailsOf({ q: "%" })).toEqual([])
      })

      it("should match metadata values with their type", async () => {
        expect(await emailsOf({ metadata: { rank: "gold" } })).toEqual([A])
        expect(await emailsOf({ metadata: { rank: "silver", vip: true } })).toEqual([C])
        expect(await emailsOf({ metadata: { vip: "true" } })).toEqual([])
      })

      it("should select the customers a promotion targets through its customer group rules", async () => {
        // SUMMER: customer.groups.id in [gold].
        expect(await emailsOf({ promotion: { targeted_by: world.summer.id } })).toEqual([E, A])
        // eq [silver]: every group of the customer is silver (mika is gold too).
        expect(await emailsOf({ promotion: { targeted_by: world.silverOnly.id } })).toEqual([C])
        // ne [gold]: in no gold group, customers without groups included.
        expect(await emailsOf({ promotion: { targeted_by: world.notGold.id } })).toEqual([D, B, C])
      })

      it("should select customers who used or did not use a promotion, canceled orders not counted", async () => {
        // hanako on an item, mika on the shipping; goro's order was canceled.
        expect(await emailsOf({ promotion: { used: world.summer.id } })).toEqual([B, E])
        expect(await emailsOf({ promotion: { not_used: world.summer.id } })).toEqual([D, C, A])
        // Through the order-promotion link a completed cart writes.
        expect(await emailsOf({ promotion: { used: world.winter.id } })).toEqual([E])
        expect(
          await emailsOf({ promotion: { targeted_by: world.summer.id, not_used: world.summer.id } })
        ).toEqual([A])
      })

      it("should AND every condition", async () => {
        expect(
          await emailsOf({
            customer_groups: { in_any: [world.gold.id] },
            has_account: true,
            order_count: { gte: 3 },
            address: { province: ["東京都"] },
            metadata: { rank: "gold" },
            q: "山田",
          })
        ).toEqual([A])
        expect(
          await emailsOf({ customer_groups: { in_any: [world.gold.id] }, has_account: false })
        ).toEqual([])
      })

      it("should refuse an unknown condition, naming it", async () => {
        expect(await refused({ prefecture: "東京都", has_account: "yes" })).toEqual([
          400,
          "Invalid request: audience.has_account must be true or false; unknown field in audience: prefecture",
        ])
        expect(await refused({ address: { city: "大阪" } })).toEqual([
          400,
          "Invalid request: unknown field in audience.address: city",
        ])
        expect(await problemsOf({ prefecture: "東京都", has_account: "yes" })).toEqual([
          400,
          "invalid_request",
          [
            ["audience.has_account", "invalid_type", { expected: "boolean" }],
            ["audience", "unknown_fields", { keys: ["prefecture"] }],
          ],
        ])
      })

      it("should refuse a reversed range, naming the condition", async () => {
        expect(await refused({ order_count: { gte: 5, lte: 1 } })).toEqual([
          400,
          "Invalid request: audience.order_count is reversed: gte must not be after lte",
        ])
        expect(
          await refused({ created_at: { gte: "2025-12-31T00:00:00Z", lte: "2025-01-01T00:00:00Z" } })
        ).toEqual([400, "Invalid request: audience.created_at is reversed: gte must not be after lte"])
        expect(
          await refused({ total_spent: { currency_code: "jpy", gte: 10000, lte: 100 } })
        ).toEqual([400, "Invalid request: audience.total_spent is reversed: gte must not be after lte"])
        expect(await problemsOf({ order_count: { gte: 5, lte: 1 } })).toEqual([
          400,
          "invalid_request",
          [["audience.order_count", "reversed_range", {}]],
        ])
      })

      it("should refuse empty and malformed conditions, naming each", async () => {
        expect(
          await refused({
            order_count: {},
            total_spent: { gte: 1 },
            customer_groups: {},
            email_domain: ["example"],
            last_order_at: { gte: "yesterday" },
          })
        ).toEqual([
          400,
          "Invalid request: audience.customer_groups must give in_any, in_none or both; " +
            "audience.order_count must give gte, lte or both; " +
            "audience.total_spent.currency_code is required; " +
            "audience.last_order_at.gte must be an ISO 8601 date-time with a time zone, e.g. 2025-01-01T00:00:00+09:00; " +
            "audience.email_domain.0 must be domains such as example.jp",
        ])
        expect(
          await problemsOf({
            order_count: {},
            total_spent: { gte: 1 },
            customer_groups: {},
            email_domain: ["example"],
            last_order_at: { gte: "yesterday" },
          })
        ).toEqual([
          400,
          "invalid_request",
          [
            ["audience.customer_groups", "one_required", { keys: ["in_any", "in_none"] }],
            ["audience.order_count", "one_required", { keys: ["gte", "lte"] }],
            ["audience.total_spent.currency_code", "required", {}],
            ["audience.last_order_at.gte", "invalid_format", { format: "datetime" }],
            ["audience.email_domain.0", "invalid_domain", {}],
          ],
        ])
        const { response } = await api
          .post("/admin/newsletters/audience/preview", {}, { headers })
          .catch((e) => e)
        expect([response.status, response.data.message, response.data.code, response.data.errors]).toEqual([
          400,
          "Invalid request: audience is required",
          "invalid_request",
          [{ path: "audience", code: "required", params: {} }],
        ])
      })

      it("should refuse unknown customer groups and promotions, naming the condition", async () => {
        expect(
          await refused({
            customer_groups: { in_any: [world.gold.id, "cusgroup_missing"], in_none: ["cusgroup_gone"] },
          })
        ).toEqual([
          400,
          'audience.customer_groups.in_any: customer group "cusgroup_missing" does not exist; ' +
            'audience.customer_groups.in_none: customer group "cusgroup_gone" does not exist',
        ])
        expect(await refused({ promotion: { used: "promo_missing" } })).toEqual([
          400,
          'audience.promotion.used: promotion "promo_missing" does not exist',
        ])
        expect(await refused({ promotion: { targeted_by: world.winter.id } })).toEqual([
          400,
          'audience.promotion.targeted_by: promotion "WINTER" has no customer group rule, so it targets no particular customers',
        ])
        expect(
          await problemsOf({
            customer_groups: { in_any: [world.gold.id, "cusgroup_missing"], in_none: ["cusgroup_gone"] },
            promotion: { used: "promo_missing", targeted_by: world.winter.id },
          })
        ).toEqual([
          400,
          "invalid_audience",
          [
            ["audience.customer_groups.in_any", "unknown_customer_groups", { ids: ["cusgroup_missing"] }],
            ["audience.customer_groups.in_none", "unknown_customer_groups", { ids: ["cusgroup_gone"] }],
            ["audience.promotion.targeted_by", "promotion_without_group_rule", { code: "WINTER" }],
            ["audience.promotion.used", "unknown_promotion", { id: "promo_missing" }],
          ],
        ])
      })
    })

    describe("the audience of an article", () => {
      const service = () => getContainer().resolve<NewsletterModuleService>(NEWSLETTER_MODULE)

      it("should snapshot exactly the audience at reservation (S6, S8)", async () => {
        const audience = { customer_groups: { in_any: [world.gold.id] } }
        const created = await api.post("/admin/newsletters", validArticle({ audience }), { headers })
        expect(created.data.newsletter.audience).toEqual(audience)

        const reserved = await api.post(
          `/admin/newsletters/${created.data.newsletter.id}/schedule`,
          {},
          { headers }
        )
        expect(reserved.data.recipient_count).toEqual(2)
        const recipients = await service().listNewsletterRecipients(
          { newsletter_id: created.data.newsletter.id },
          { order: { position: "ASC" } }
        )
        expect(recipients.map((r) => [r.position, r.email, r.customer_id, r.last_name])).toEqual([
          [1, E, world.mika.id, "Tanaka"],
          [2, A, world.taro.id, "山田"],
        ])
      })

      it("should refuse to reserve when the audience selects nobody", async () => {
        const created = await api.post(
          "/admin/newsletters",
          validArticle({ audience: { email_domain: ["nobody.example"] } }),
          { headers }
        )
        const { response } = await api
          .post(`/admin/newsletters/${created.data.newsletter.id}/schedule`, {}, { headers })
          .catch((e) => e)
        expect([response.status, response.data.code, response.data.message]).toEqual([
          400,
          "newsletter_audience_empty",
          "No subscribed customer matches this newsletter's audience; there is nobody to send it to",
        ])
      })

      it("should refuse to save an article whose audience names an unknown group or a reversed range", async () => {
        const unknown = await api
          .post(
            "/admin/newsletters",
            validArticle({ audience: { customer_groups: { in_none: ["cusgroup_missing"] } } }),
            { headers }
          )
          .catch((e) => e)
        expect([unknown.response.status, unknown.response.data.message, unknown.response.data.code]).toEqual([
          400,
          'audience.customer_groups.in_none: customer group "cusgroup_missing" does not exist',
          "invalid_audience",
        ])
        expect(await service().listNewsletters()).toEqual([])

        const created = await api.post("/admin/newsletters", validArticle(), { headers })
        const reversed = await api
          .post(
            `/admin/newsletters/${created.data.newsletter.id}`,
            { audience: { last_order_at: { gte: "2025-02-01T00:00:00Z", lte: "2025-01-01T00:00:00Z" } } },
            { headers }
          )
          .catch((e) => e)
        expect([reversed.response.status, reversed.response.data.message, reversed.response.data.errors]).toEqual([
          400,
          "Invalid request: audience.last_order_at is reversed: gte must not be after lte",
          [{ path: "audience.last_order_at", code: "reversed_range", params: {} }],
        ])
        const unknownPromotion = await api
          .post(
            `/admin/newsletters/${created.data.newsletter.id}`,
            { audience: { promotion: { not_used: "promo_missing" } } },
            { headers }
          )
          .catch((e) => e)
        expect([unknownPromotion.response.status, unknownPromotion.response.data.message, unknownPromotion.response.data.errors]).toEqual([
          400,
          'audience.promotion.not_used: promotion "promo_missing" does not exist',
          [{ path: "audience.promotion.not_used", code: "unknown_promotion", params: { id: "promo_missing" } }],
        ])
      })
    })
  },
})
