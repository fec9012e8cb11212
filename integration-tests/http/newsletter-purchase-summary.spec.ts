import type { MedusaContainer } from "@medusajs/framework/types"
import { ChangeActionType, ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import type NewsletterModuleService from "../../src/modules/newsletter/service"
import { NewsletterSubscriptionStatus as Sub } from "../../src/modules/newsletter/types"
import newsletterPurchasesHandler from "../../src/subscribers/newsletter-purchases"
import newsletterPurchasesJob from "../../src/jobs/newsletter-purchases"
import { audiencePreview } from "../helpers/audience"
import { createAdminHeaders } from "../helpers/auth"
import { placeOrder } from "../helpers/orders"
import { newsletterIntegrationTestRunner } from "../helpers/runner"
import { seedCustomers, validArticle } from "../helpers/seed"

jest.setTimeout(180 * 1000)

type Seeded = Awaited<ReturnType<typeof seedWorld>>

/**
 * The purchase summary (newsletter_purchase) the audience's purchase conditions read. Seeded once,
 * before any sync (the runner restores this state before each test, summary empty):
 *   A aki@example.jp   煎茶 ×1 (order a)
 *   B ben@example.jp   煎茶 ×1 + 湯呑 ×2 (order b)
 *   C chie@example.jp  湯呑 ×1 (order c)
 */
async function seedWorld(container: MedusaContainer) {
  const orderModule = container.resolve(Modules.ORDER)
  const productModule = container.resolve(Modules.PRODUCT)
  const product = async (title: string) =>
    (await productModule.createProducts({ title, status: "published", variants: [{ title: "標準" }] } as any)) as any
  const sencha = await product("煎茶")
  const yunomi = await product("湯呑")
  const customers = await seedCustomers(container, [
    { email: "aki@example.jp", has_account: true, subscription: Sub.SUBSCRIBED },
    { email: "ben@example.jp", has_account: true, subscription: Sub.SUBSCRIBED },
    { email: "chie@example.jp", has_account: true, subscription: Sub.SUBSCRIBED },
  ])
  const [aki, ben, chie] = ["aki@example.jp", "ben@example.jp", "chie@example.jp"].map(
    (email) => customers.find((c) => c.email === email)!
  )
  const order = (customer: { id: string; email: string }, items: Array<[any, number]>) =>
    placeOrder(orderModule, customer, items, { unitPrice: 500 })
  const a = await order(aki, [[sencha, 1]])
  const b = await order(ben, [
    [sencha, 1],
    [yunomi, 2],
  ])
  const c = await order(chie, [[yunomi, 1]])
  return { sencha, yunomi, orders: { a, b, c } }
}

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    let world: Seeded

    beforeAll(async () => {
      world = await seedWorld(getContainer())
      ;({ headers } = await createAdminHeaders(getContainer()))
    })

    const { emailsOf } = audiencePreview(api, () => headers)
    const service = () => getContainer().resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    /** The summary's rows as [order, product, quantity, version], sorted. */
    const summary = async () =>
      (await service().listNewsletterPurchases({}))
        .map((r) => [
          r.order_id === world.orders.a.id ? "a" : r.order_id === world.orders.b.id ? "b" : r.order_id === world.orders.c.id ? "c" : r.order_id,
          r.product_id === world.sencha.id ? "煎茶" : "湯呑",
          r.quantity,
          r.order_version,
        ])
        .sort((x, y) => String(x).localeCompare(String(y)))

    const A = "aki@example.jp"
    const B = "ben@example.jp"
    const C = "chie@example.jp"

    it("should fill the summary from the orders that existed before it on the first sync, then write nothing", async () => {
      expect(await summary()).toEqual([])
      const first = await service().syncNewsletterPurchases()
      expect(first).toEqual({ backfill: true, deleted: 0, inserted: 4, watermark: expect.stringMatching(/^[0-9A-Z]{10}$/) })
      expect(await summary()).toEqual([
        ["a", "煎茶", 1, 1],
        ["b", "湯呑", 2, 1],
        ["b", "煎茶", 1, 1],
        ["c", "湯呑", 1, 1],
      ])
      const again = await service().syncNewsletterPurchases()
      expect(again).toEqual({ backfill: false, deleted: 0, inserted: 0, watermark: expect.any(String) })
      expect(again!.watermark >= first!.watermark).toBe(true)
      expect(await emailsOf({ purchased: { product_ids: [world.sencha.id] } })).toEqual([A, B])
    })

    it("should backfill through the first count, and the every-minute job writes nothing after it", async () => {
      // No sync has run: the preview's own sync is the backfill.
      expect(await emailsOf({ purchased: { product_ids: [world.yunomi.id] } })).toEqual([B, C])
      expect((await summary()).length).toEqual(4)
      await newsletterPurchasesJob(getContainer())
      expect((await summary()).length).toEqual(4)
    })

    it("should drop an order canceled after being counted from the next count", async () => {
      expect(await emailsOf({ purchased: { product_ids: [world.sencha.id] } })).toEqual([A, B])
      expect(await emailsOf({ not_purchased: { product_ids: [world.sencha.id] } })).toEqual([C])
      await getContainer().resolve(Modules.ORDER).cancel(world.orders.b.id)
      // The count reads whether the order counts from `order` itself, before any event is handled.
      expect(await emailsOf({ purchased: { product_ids: [world.sencha.id] } })).toEqual([A])
      expect(await emailsOf({ not_purchased: { product_ids: [world.sencha.id] } })).toEqual([B, C])
      // The order.canceled subscriber drops the canceled order's lines.
      await newsletterPurchasesHandler({
        event: { name: "order.canceled", data: { id: world.orders.b.id } },
        container: getContainer(),
      } as any)
      expect(await summary()).toEqual([
        ["a", "煎茶", 1, 1],
        ["c", "湯呑", 1, 1],
      ])
    })

    it("should follow an order edit that changes a quantity", async () => {
      const orderModule = getContainer().resolve(Modules.ORDER)
      expect(await emailsOf({ purchased: { product_ids: [world.yunomi.id], min_quantity: 2 } })).toEqual([B])
      const [item] = (await orderModule.retrieveOrder(world.orders.c.id, { relations: ["items"] })).items as any[]
      const change = (await orderModule.createOrderChange({ order_id: world.orders.c.id, change_type: "edit" } as any)) as any
      await orderModule.addOrderAction({
        order_change_id: change.id,
        order_id: world.orders.c.id,
        version: change.version,
        action: ChangeActionType.ITEM_UPDATE,
        details: { reference_id: item.id, quantity: 3, quantity_diff: 2 },
      } as any)
      await orderModule.confirmOrderChange(change.id)
      expect((await orderModule.retrieveOrder(world.orders.c.id)).version).toEqual(2)

      expect(await emailsOf({ purchased: { product_ids: [world.yunomi.id], min_quantity: 2 } })).toEqual([B, C])
      expect(await emailsOf({ purchased: { product_ids: [world.yunomi.id], min_quantity: 3 } })).toEqual([C])
      expect(await summary()).toEqual([
        ["a", "煎茶", 1, 1],
        ["b", "湯呑", 2, 1],
        ["b", "煎茶", 1, 1],
        ["c", "湯呑", 3, 2],
      ])
    })

    it("should not duplicate a line when two syncs run at once", async () => {
      const results = await Promise.all([
        service().syncNewsletterPurchases(),
        service().syncNewsletterPurchases({ order_ids: [world.orders.a.id, world.orders.b.id] }),
        service().syncNewsletterPurchases(),
      ])
      // One of them filled the summary; the others waited for its lock and found nothing to do.
      expect(results.map((r) => [r!.backfill, r!.deleted, r!.inserted]).sort()).toEqual([
        [false, 0, 0],
        [false, 0, 0],
        [true, 0, 4],
      ])
      const rows = await service().listNewsletterPurchases({})
      expect(rows.length).toEqual(4)
      expect(new Set(rows.map((r) => r.id)).size).toEqual(4)
      // Orders changed while another transaction holds the sync's lock: the job's sync returns at once.
      const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      await getContainer().resolve(Modules.ORDER).cancel(world.orders.c.id)
      const [item] = (await getContainer().resolve(Modules.ORDER).retrieveOrder(world.orders.a.id, { relations: ["items"] }))
        .items as any[]
      await getContainer()
        .resolve(Modules.ORDER)
        .createOrders({ currency_code: "jpy", customer_id: "cus_none", items: [{ title: "煎茶", product_id: item.product_id, quantity: 1, unit_price: 500 }] } as any)
      await knex.transaction(async (trx: any) => {
        await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('newsletter_purchase_sync'))`)
        expect(await service().syncNewsletterPurchases({ skip_if_busy: true })).toBeNull()
      })
      // Once it is free: the new order's line written, the canceled order's dropped.
      expect(await service().syncNewsletterPurchases({ skip_if_busy: true })).toEqual({
        backfill: false,
        deleted: 1,
        inserted: 1,
        watermark: expect.any(String),
      })
    })

    it("should count and export what the summary holds while a sync runs, and reserve only after it", async () => {
      await service().syncNewsletterPurchases()
      // An order the next sync adds: chie buys 煎茶 too.
      await placeOrder(getContainer().resolve(Modules.ORDER), { id: world.orders.c.customer_id, email: C }, [[world.sencha, 1]], {
        unitPrice: 500,
      })
      const audience = { purchased: { product_ids: [world.sencha.id] } }
      const id = (await api.post("/admin/newsletters", validArticle({ audience }), { headers })).data.newsletter.id
      const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      let reservation: Promise<{ data: { recipient_count: number } }> | undefined
      // Another sync (a first backfill, say) holds the lock.
      await knex.transaction(async (trx: any) => {
        await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('newsletter_purchase_sync'))`)
        // The count and the draft's CSV don't wait for it: they read the summary as it is.
        expect(await emailsOf(audience)).toEqual([A, B])
        const csv = await api.get(`/admin/newsletters/${id}/recipients/export`, { headers, responseType: "arraybuffer" })
        expect(
          Buffer.from(csv.data)
            .subarray(3)
            .toString("utf8")
            .split("\r\n")
            .slice(1)
            .map((line) => line.split(",").slice(0, 3))
        ).toEqual([
          ["1", `"${world.orders.a.customer_id}"`, `"${A}"`],
          ["2", `"${world.orders.b.customer_id}"`, `"${B}"`],
        ])
        // The reservation waits for the lock: its request is left waiting on it.
        reservation = api.post(`/admin/newsletters/${id}/schedule`, {}, { headers })
        const waiting = async () =>
          (await trx.raw(`SELECT count(*)::int AS "n" FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)).rows[0].n
        while ((await waiting()) === 0) {
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
      })
      // Once the lock is free, the reservation's own sync adds chie's order before the snapshot.
      expect((await reservation!).data.recipient_count).toEqual(3)
      const recipients = await service().listNewsletterRecipients({ newsletter_id: id }, { order: { position: "ASC" } })
      expect(recipients.map((r) => r.email)).toEqual([A, B, C])
      expect(await emailsOf(audience)).toEqual([A, B, C])
    })
  },
})
