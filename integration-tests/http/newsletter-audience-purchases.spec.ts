import { asValue } from "@medusajs/framework/awilix"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { NEWSLETTER_CLOCK } from "../../src/lib/clock"
import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import type NewsletterModuleService from "../../src/modules/newsletter/service"
import { NewsletterSubscriptionStatus as Sub } from "../../src/modules/newsletter/types"
import { audiencePreview } from "../helpers/audience"
import { createAdminHeaders } from "../helpers/auth"
import { movableClock, seedCustomers, validArticle } from "../helpers/seed"
import { placeOrder } from "../helpers/orders"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(180 * 1000)

type Seeded = Awaited<ReturnType<typeof seedWorld>>

/**
 * A tea shop every test of this file reads (seeded once; the runner restores it before each test).
 * Categories: 飲料 > お茶 > 緑茶, and 茶器. Products: 有機緑茶 (緑茶, collection 夏ギフト), 急須
 * (茶器, type ギフト, tag 限定), ほうじ茶 (お茶). Sales channels: web, 実店舗 (shop).
 * Subscribed, one per person:
 *   A taro@example.jp    registered + a guest record: 有機緑茶 ×1 (web, 2025-05-01) and ×2 as the
 *                        guest (web, 2024-02-01); birthday 1990-12-24
 *   B hanako@example.jp  guest: 急須 ×1 (shop, 2025-08-02); birthday 1985-01-05
 *   C jiro@example.jp    registered, no orders; points 1500 (a number), last_visit 2026-06-15
 *   D goro@example.jp    registered: 有機緑茶 ×5 canceled, ほうじ茶 ×1 a draft order; birthday 1995-11-30
 *   E mika@example.jp    registered: ほうじ茶 ×2 + 急須 ×1 (web, 2025-04-01); points "800" (a text),
 *                        last_visit "someday"; birthday 1992-01-31T09:00:00+09:00
 * Never a recipient: F saburo@example.jp, unsubscribed, who bought 有機緑茶 in December.
 */
async function seedWorld(container: MedusaContainer) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const customerModule = container.resolve(Modules.CUSTOMER)
  const orderModule = container.resolve(Modules.ORDER)
  const productModule = container.resolve(Modules.PRODUCT)
  const salesChannelModule = container.resolve(Modules.SALES_CHANNEL)

  const drinks = await productModule.createProductCategories({ name: "飲料", is_active: true })
  const tea = await productModule.createProductCategories({ name: "お茶", is_active: true, parent_category_id: drinks.id })
  const green = await productModule.createProductCategories({ name: "緑茶", is_active: true, parent_category_id: tea.id })
  const teaware = await productModule.createProductCategories({ name: "茶器", is_active: true })
  const [summer] = await productModule.createProductCollections([{ title: "夏ギフト" }])
  const [gift] = await productModule.createProductTypes([{ value: "ギフト" }])
  const [limited] = await productModule.createProductTags([{ value: "限定" }])
  const product = async (data: Record<string, unknown>) =>
    (await productModule.createProducts({ status: "published", ...data } as any)) as any
  const greenTea = await product({
    title: "有機緑茶",
    category_ids: [green.id],
    collection_id: summer.id,
    variants: [{ title: "100g" }],
  })
  const kyusu = await product({
    title: "急須",
    category_ids: [teaware.id],
    type_id: gift.id,
    tag_ids: [limited.id],
    variants: [{ title: "白磁" }],
  })
  const hojicha = await product({ title: "ほうじ茶", category_ids: [tea.id], variants: [{ title: "200g" }] })
  const [web, shop] = await salesChannelModule.createSalesChannels([{ name: "web" }, { name: "実店舗" }])

  const customers = await seedCustomers(container, [
    { email: "taro@example.jp", first_name: "太郎", last_name: "山田", has_account: true, subscription: Sub.SUBSCRIBED },
    { email: " TARO@Example.jp ", first_name: "タロウ", last_name: "ヤマダ" },
    { email: "hanako@example.jp", first_name: "花子", last_name: "佐藤", subscription: Sub.SUBSCRIBED },
    { email: "jiro@example.jp", first_name: "次郎", last_name: "鈴木", has_account: true, subscription: Sub.SUBSCRIBED },
    { email: "goro@example.jp", first_name: "五郎", last_name: "高橋", has_account: true, subscription: Sub.SUBSCRIBED },
    { email: "mika@example.jp", first_name: "Mika", last_name: "Tanaka", has_account: true, subscription: Sub.SUBSCRIBED },
    { email: "saburo@example.jp", has_account: true, subscription: Sub.UNSUBSCRIBED },
  ])
  const [taro, taroGuest, hanako, jiro, goro, mika, saburo] = [
    "taro@example.jp",
    " TARO@Example.jp ",
    "hanako@example.jp",
    "jiro@example.jp",
    "goro@example.jp",
    "mika@example.jp",
    "saburo@example.jp",
  ].map((email) => customers.find((c) => c.email === email)!)
  const metadata: Array<[string, Record<string, unknown>]> = [
    [taro.id, { birthday: "1990-12-24" }],
    [hanako.id, { birthday: "1985-01-05" }],
    [jiro.id, { points: 1500, last_visit: "2026-06-15" }],
    [goro.id, { birthday: "1995-11-30" }],
    [mika.id, { points: "800", last_visit: "someday", birthday: "1992-01-31T09:00:00+09:00" }],
    [saburo.id, { birthday: "1990-12-01", points: 5000 }],
  ]
  for (const [id, value] of metadata) {
    await customerModule.updateCustomers(id, { metadata: value })
  }

  const order = async (
    customer: { id: string; email: string },
    at: string,
    channel: { id: string } | null,
    items: Array<[any, number]>,
    data: Record<string, unknown> = {}
  ) => {
    const created = await placeOrder(orderModule, customer, items, { sales_channel_id: channel?.id, ...data })
    await knex("order").where({ id: created.id }).update({ created_at: at })
    return created
  }
  await order(taro, "2025-05-01T10:00:00Z", web, [[greenTea, 1]])
  await order(taroGuest, "2024-02-01T00:00:00Z", web, [[greenTea, 2]])
  await order(hanako, "2025-08-02T00:00:00Z", shop, [[kyusu, 1]])
  const canceled = await order(goro, "2025-07-01T00:00:00Z", web, [[greenTea, 5]])
  await orderModule.cancel(canceled.id)
  await order(goro, "2025-07-02T00:00:00Z", web, [[hojicha, 1]], { status: "draft", is_draft_order: true })
  await order(mika, "2025-04-01T00:00:00Z", web, [
    [hojicha, 2],
    [kyusu, 1],
  ])
  await order(saburo, "2025-12-01T00:00:00Z", web, [[greenTea, 1]])

  return { drinks, tea, green, teaware, summer, gift, limited, greenTea, kyusu, hojicha, web, shop, taro, hanako, jiro, mika }
}

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    let world: Seeded
    const clock = movableClock()

    beforeAll(async () => {
      // Seeded once: the runner snapshots the database after this and restores it before each test.
      world = await seedWorld(getContainer())
      ;({ headers } = await createAdminHeaders(getContainer()))
    })

    beforeEach(() => {
      clock.set(new Date())
      getContainer().register(NEWSLETTER_CLOCK, asValue(clock))
    })

    const { preview, emailsOf, refusal } = audiencePreview(api, () => headers)

    /** A refused preview: status, code, message and its problems as [path, code, params]. */
    const refused = async (audience: unknown) => {
      const response = await refusal(audience)
      return [
        response.status,
        response.data.code,
        response.data.message,
        (response.data.errors ?? []).map((p: any) => [p.path, p.code, p.params]),
      ]
    }

    const A = "taro@example.jp"
    const B = "hanako@example.jp"
    const C = "jiro@example.jp"
    const D = "goro@example.jp"
    const E = "mika@example.jp"

    describe("purchased and not_purchased", () => {
      it("should select buyers of products and variants, canceled and draft orders left out", async () => {
        // goro's 有機緑茶 was canceled, saburo is unsubscribed.
        expect(await emailsOf({ purchased: { product_ids: [world.greenTea.id] } })).toEqual([A])
        // goro's ほうじ茶 is a draft order.
        expect(await emailsOf({ purchased: { product_ids: [world.hojicha.id] } })).toEqual([E])
        expect(await emailsOf({ purchased: { variant_ids: [world.kyusu.variants[0].id] } })).toEqual([B, E])
        // Lists are ORed.
        expect(
          await emailsOf({ purchased: { product_ids: [world.greenTea.id], variant_ids: [world.kyusu.variants[0].id] } })
        ).toEqual([B, E, A])
      })

      it("should include a category's descendants", async () => {
        // 有機緑茶 is in 緑茶 (a grandchild of 飲料), ほうじ茶 in お茶 (a child).
        expect(await emailsOf({ purchased: { category_ids: [world.drinks.id] } })).toEqual([E, A])
        expect(await emailsOf({ purchased: { category_ids: [world.tea.id] } })).toEqual([E, A])
        expect(await emailsOf({ purchased: { category_ids: [world.green.id] } })).toEqual([A])
        expect(await emailsOf({ purchased: { category_ids: [world.teaware.id] } })).toEqual([B, E])
      })

      it("should select by the product's collection, type and tag", async () => {
        expect(await emailsOf({ purchased: { collection_ids: [world.summer.id] } })).toEqual([A])
        expect(await emailsOf({ purchased: { type_ids: [world.gift.id] } })).toEqual([B, E])
        expect(await emailsOf({ purchased: { tag_ids: [world.limited.id] } })).toEqual([B, E])
      })

      it("should sum the quantities of the matching items over every record of the person", async () => {
        // taro: 1 as a customer + 2 as a guest; goro's 5 were canceled.
        expect(await emailsOf({ purchased: { product_ids: [world.greenTea.id], min_quantity: 3 } })).toEqual([A])
        expect(await emailsOf({ purchased: { product_ids: [world.greenTea.id], min_quantity: 4 } })).toEqual([])
        // mika: ほうじ茶 ×2 + 急須 ×1 in one order, both under 飲料 or 茶器.
        expect(
          await emailsOf({ purchased: { category_ids: [world.drinks.id, world.teaware.id], min_quantity: 3 } })
        ).toEqual([E, A])
        expect(await emailsOf({ purchased: { category_ids: [world.drinks.id], min_quantity: 3 } })).toEqual([A])
      })

      it("should count only the orders placed within ordered_at", async () => {
        const since2025 = { gte: "2025-01-01T00:00:00+09:00" }
        expect(await emailsOf({ purchased: { product_ids: [world.greenTea.id], ordered_at: since2025 } })).toEqual([A])
        // Only the 2025 order's 1 counts.
        expect(
          await emailsOf({ purchased: { product_ids: [world.greenTea.id], ordered_at: since2025, min_quantity: 2 } })
        ).toEqual([])
        // Any item at all, ordered in April–May 2025.
        expect(
          await emailsOf({ purchased: { ordered_at: { gte: "2025-04-01T00:00:00Z", lte: "2025-05-31T23:59:59Z" } } })
        ).toEqual([E, A])
      })

      it("should leave out buyers with not_purchased, and AND it with purchased", async () => {
        expect(await emailsOf({ not_purchased: { category_ids: [world.teaware.id] } })).toEqual([D, C, A])
        expect(
          await emailsOf({
            purchased: { category_ids: [world.drinks.id] },
            not_purchased: { category_ids: [world.teaware.id] },
          })
        ).toEqual([A])
        // taro's only 有機緑茶 since 2025 was in May.
        expect(
          await emailsOf({
            not_purchased: { product_ids: [world.greenTea.id], ordered_at: { gte: "2025-06-01T00:00:00Z" } },
          })
        ).toEqual([D, B, C, E, A])
      })

      it("should leave out a person when any record with their email bought what not_purchased names", async () => {
        // taro bought 有機緑茶 in 2025 as the registered customer and in 2024 as the guest.
        const in2024 = { lte: "2024-12-31T23:59:59Z" }
        const since2025 = { gte: "2025-01-01T00:00:00Z" }
        const greenTea = [world.greenTea.id]
        expect(
          await emailsOf({
            purchased: { product_ids: greenTea, ordered_at: since2025 },
            not_purchased: { product_ids: greenTea, ordered_at: in2024 },
          })
        ).toEqual([])
        expect(
          await emailsOf({
            purchased: { product_ids: greenTea, ordered_at: in2024 },
            not_purchased: { product_ids: greenTea, ordered_at: since2025 },
          })
        ).toEqual([])
        expect(
          await emailsOf({ purchased: { product_ids: greenTea, min_quantity: 3 }, not_purchased: { product_ids: greenTea, ordered_at: in2024 } })
        ).toEqual([])
        // Neither of taro's records bought 急須: kept, his quantities added up over both records.
        expect(
          await emailsOf({ purchased: { product_ids: greenTea, min_quantity: 3 }, not_purchased: { product_ids: [world.kyusu.id] } })
        ).toEqual([A])
      })
    })

    describe("sales_channel_ids", () => {
      it("should select customers with an order in the channels and restrict the other order conditions to them", async () => {
        expect(await emailsOf({ sales_channel_ids: [world.shop.id] })).toEqual([B])
        expect(await emailsOf({ sales_channel_ids: [world.web.id] })).toEqual([E, A])
        expect(await emailsOf({ sales_channel_ids: [world.web.id, world.shop.id] })).toEqual([B, E, A])
        // hanako bought 急須 in the shop, not on the web.
        expect(
          await emailsOf({ sales_channel_ids: [world.web.id], purchased: { product_ids: [world.kyusu.id] } })
        ).toEqual([E])
        expect(
          await emailsOf({ sales_channel_ids: [world.shop.id], not_purchased: { product_ids: [world.kyusu.id] } })
        ).toEqual([])
        // taro's two web orders (one as the guest).
        expect(await emailsOf({ sales_channel_ids: [world.web.id], order_count: { gte: 2 } })).toEqual([A])
        expect(await emailsOf({ sales_channel_ids: [world.shop.id], order_count: { gte: 2 } })).toEqual([])
      })
    })

    describe("metadata_range and metadata_month", () => {
      it("should compare numbers and numeric texts as numbers, dates as dates", async () => {
        expect(await emailsOf({ metadata_range: { points: { gte: 1000 } } })).toEqual([C])
        expect(await emailsOf({ metadata_range: { points: { gte: 500, lte: 1000 } } })).toEqual([E])
        expect(await emailsOf({ metadata_range: { points: { lte: 1500 } } })).toEqual([C, E])
        // mika's "someday" is not a date.
        expect(await emailsOf({ metadata_range: { last_visit: { gte: "2026-06-01" } } })).toEqual([C])
        expect(await emailsOf({ metadata_range: { last_visit: { lte: "2026-06-14" } } })).toEqual([])
        expect(
          await emailsOf({ metadata_range: { points: { gte: 1 }, last_visit: { gte: "2026-06-15", lte: "2026-06-15" } } })
        ).toEqual([C])
      })

      it("should select birthdays by month and day, whatever the year", async () => {
        expect(await emailsOf({ metadata_month: { key: "birthday", months: [12, 1] } })).toEqual([B, E, A])
        expect(await emailsOf({ metadata_month: { key: "birthday", months: [1] } })).toEqual([B, E])
        expect(await emailsOf({ metadata_month: { key: "birthday", months: [11] } })).toEqual([D])
        expect(await emailsOf({ metadata_month: { key: "birthday", months: [12, 1], days: [24, 31] } })).toEqual([E, A])
        expect(await emailsOf({ metadata_month: { key: "points", months: [1, 12] } })).toEqual([])
      })

      it("should reserve December and January birthdays across the year boundary", async () => {
        const service = getContainer().resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
        clock.set(new Date("2026-12-20T10:00:00+09:00"))
        const audience = { metadata_month: { key: "birthday", months: [12, 1] } }
        const created = await api.post(
          "/admin/newsletters",
          validArticle({ audience, scheduled_at: "2027-01-01T09:00:00+09:00" }),
          { headers }
        )
        const reserved = await api.post(`/admin/newsletters/${created.data.newsletter.id}/schedule`, {}, { headers })
        expect(reserved.data.recipient_count).toEqual(3)
        const recipients = await service.listNewsletterRecipients(
          { newsletter_id: created.data.newsletter.id },
          { order: { position: "ASC" } }
        )
        expect(recipients.map((r) => r.email)).toEqual([B, E, A])
      })
    })

    describe("any_of", () => {
      it("should match any of its filters, ANDed with the rest", async () => {
        const anyOf = [
          { purchased: { category_ids: [world.teaware.id] } },
          { metadata_range: { points: { gte: 1000 } } },
        ]
        expect(await emailsOf({ any_of: anyOf })).toEqual([B, C, E])
        // hanako is a guest.
        expect(await emailsOf({ any_of: anyOf, has_account: true })).toEqual([C, E])
        // Each filter ANDs its own conditions; the elements may use order conditions.
        expect(
          await emailsOf({
            any_of: [
              { purchased: { product_ids: [world.greenTea.id] }, order_count: { gte: 2 } },
              { sales_channel_ids: [world.shop.id] },
            ],
          })
        ).toEqual([B, A])
      })
    })

    describe("refusals", () => {
      it("should refuse unknown ids, naming each condition", async () => {
        const [status, code, message, problems] = await refused({
          purchased: {
            product_ids: [world.greenTea.id, "prod_missing"],
            variant_ids: ["variant_missing"],
            category_ids: ["pcat_missing"],
            collection_ids: ["pcol_missing"],
            type_ids: ["ptyp_missing"],
            tag_ids: ["ptag_missing"],
          },
          sales_channel_ids: ["sc_missing"],
          any_of: [{ not_purchased: { product_ids: ["prod_gone"] } }],
        })
        expect([status, code]).toEqual([400, "invalid_audience"])
        expect(message).toEqual(
          [
            'audience.purchased.product_ids: product "prod_missing" does not exist',
            'audience.any_of.0.not_purchased.product_ids: product "prod_gone" does not exist',
            'audience.purchased.variant_ids: product variant "variant_missing" does not exist',
            'audience.purchased.category_ids: product category "pcat_missing" does not exist',
            'audience.purchased.collection_ids: collection "pcol_missing" does not exist',
            'audience.purchased.type_ids: product type "ptyp_missing" does not exist',
            'audience.purchased.tag_ids: product tag "ptag_missing" does not exist',
            'audience.sales_channel_ids: sales channel "sc_missing" does not exist',
          ].join("; ")
        )
        expect(problems).toEqual([
          ["audience.purchased.product_ids", "unknown_products", { ids: ["prod_missing"] }],
          ["audience.any_of.0.not_purchased.product_ids", "unknown_products", { ids: ["prod_gone"] }],
          ["audience.purchased.variant_ids", "unknown_product_variants", { ids: ["variant_missing"] }],
          ["audience.purchased.category_ids", "unknown_product_categories", { ids: ["pcat_missing"] }],
          ["audience.purchased.collection_ids", "unknown_product_collections", { ids: ["pcol_missing"] }],
          ["audience.purchased.type_ids", "unknown_product_types", { ids: ["ptyp_missing"] }],
          ["audience.purchased.tag_ids", "unknown_product_tags", { ids: ["ptag_missing"] }],
          ["audience.sales_channel_ids", "unknown_sales_channels", { ids: ["sc_missing"] }],
        ])
      })

      it("should refuse reversed ranges, months and days out of range, naming each", async () => {
        const [status, code, , problems] = await refused({
          purchased: { ordered_at: { gte: "2025-02-01T00:00:00Z", lte: "2025-01-01T00:00:00Z" }, min_quantity: 0 },
          not_purchased: {},
          metadata_range: {
            points: { gte: 10, lte: 1 },
            last_visit: { gte: "2026-06-02", lte: "2026-06-01" },
            mixed: { gte: 1, lte: "2026-01-01" },
            bad: { gte: "June" },
          },
          metadata_month: { key: "birthday", months: [0, 13], days: [32] },
        })
        expect([status, code]).toEqual([400, "invalid_request"])
        expect(problems).toEqual([
          ["audience.purchased.ordered_at", "reversed_range", {}],
          ["audience.purchased.min_quantity", "too_small", { minimum: 1, origin: "number" }],
          [
            "audience.not_purchased",
            "one_required",
            { keys: ["product_ids", "variant_ids", "category_ids", "collection_ids", "type_ids", "tag_ids", "ordered_at"] },
          ],
          ["audience.metadata_range.points", "reversed_range", {}],
          ["audience.metadata_range.last_visit", "reversed_range", {}],
          ["audience.metadata_range.mixed", "mixed_metadata_bounds", {}],
          ["audience.metadata_range.bad.gte", "invalid_metadata_bound", {}],
          ["audience.metadata_month.months.0", "invalid_month", { minimum: 1, maximum: 12 }],
          ["audience.metadata_month.months.1", "invalid_month", { minimum: 1, maximum: 12 }],
          ["audience.metadata_month.days.0", "invalid_day", { minimum: 1, maximum: 31 }],
        ])
      })

      it("should refuse an empty or nested any_of", async () => {
        expect(await refused({ any_of: [] })).toEqual([
          400,
          "invalid_request",
          "Invalid request: audience.any_of must list at least one filter",
          [["audience.any_of", "too_small", { minimum: 1, origin: "array" }]],
        ])
        expect(await refused({ any_of: [{ any_of: [{ has_account: true }] }] })).toEqual([
          400,
          "invalid_request",
          "Invalid request: audience.any_of.0.any_of can't be used inside any_of (one level of OR only)",
          [["audience.any_of.0.any_of", "nested_any_of", {}]],
        ])
      })
    })

    describe("one statement for every reader", () => {
      it("should give the same recipients to the count, the preview, the draft's CSV and the snapshot", async () => {
        const service = getContainer().resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
        const audience = { purchased: { category_ids: [world.drinks.id], min_quantity: 2 } }
        const { count, sample } = await preview(audience)
        expect([count, sample.map((r: { email: string }) => r.email)]).toEqual([2, [E, A]])

        const created = await api.post("/admin/newsletters", validArticle({ audience }), { headers })
        const id = created.data.newsletter.id
        const csv = await api.get(`/admin/newsletters/${id}/recipients/export`, { headers, responseType: "arraybuffer" })
        const rows = Buffer.from(csv.data)
          .subarray(3)
          .toString("utf8")
          .split("\r\n")
          .slice(1)
          .map((line) => line.split(",").slice(0, 3))
        expect(rows).toEqual([
          ["1", `"${world.mika.id}"`, `"${E}"`],
          ["2", `"${world.taro.id}"`, `"${A}"`],
        ])

        const reserved = await api.post(`/admin/newsletters/${id}/schedule`, {}, { headers })
        expect(reserved.data.recipient_count).toEqual(2)
        const recipients = await service.listNewsletterRecipients({ newsletter_id: id }, { order: { position: "ASC" } })
        expect(recipients.map((r) => [r.position, r.email, r.customer_id])).toEqual([
          [1, E, world.mika.id],
          [2, A, world.taro.id],
        ])
      })
    })
  },
})
