import { asValue } from "@medusajs/framework/awilix"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { NEWSLETTER_CLOCK } from "../../src/lib/clock"
import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import type NewsletterModuleService from "../../src/modules/newsletter/service"
import { NewsletterSubscriptionStatus as Sub } from "../../src/modules/newsletter/types"
import { createAdminHeaders } from "../helpers/auth"
import { seedCustomers, validArticle } from "../helpers/seed"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(120 * 1000)

/**
 * Subscribed customers: a@example.jp and b@example.jp (ゴールド会員), c@shop.example.com
 * (シルバー会員), d@example.jp (no group). e@example.jp is gold but unsubscribed.
 */
async function seedWorld(container: MedusaContainer) {
  const customerModule = container.resolve(Modules.CUSTOMER)
  const [gold, silver] = await customerModule.createCustomerGroups([{ name: "ゴールド会員" }, { name: "シルバー会員" }])
  const customers = await seedCustomers(container, [
    { email: "a@example.jp", has_account: true, subscription: Sub.SUBSCRIBED },
    { email: "b@example.jp", has_account: true, subscription: Sub.SUBSCRIBED },
    { email: "c@shop.example.com", has_account: true, subscription: Sub.SUBSCRIBED },
    { email: "d@example.jp", has_account: true, subscription: Sub.SUBSCRIBED },
    { email: "e@example.jp", has_account: true, subscription: Sub.UNSUBSCRIBED },
  ])
  const id = (email: string) => customers.find((c) => c.email === email)!.id
  await customerModule.addCustomerToGroup([
    { customer_id: id("a@example.jp"), customer_group_id: gold.id },
    { customer_id: id("b@example.jp"), customer_group_id: gold.id },
    { customer_id: id("e@example.jp"), customer_group_id: gold.id },
    { customer_id: id("c@shop.example.com"), customer_group_id: silver.id },
  ])
  return { gold, silver }
}

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    let world: Awaited<ReturnType<typeof seedWorld>>

    beforeAll(async () => {
      world = await seedWorld(getContainer())
      ;({ headers } = await createAdminHeaders(getContainer()))
    })

    beforeEach(() => {
      getContainer().register(NEWSLETTER_CLOCK, asValue({ now: () => new Date() }))
    })

    const goldOnly = () => ({ customer_groups: { in_any: [world.gold.id] } })
    const createSegment = async (body: Record<string, unknown>) =>
      (await api.post("/admin/newsletter-segments", body, { headers })).data.newsletter_segment
    const failure = async (call: Promise<unknown>) => {
      const { response } = await call.catch((e) => e)
      return response
    }
    const problem = async (call: Promise<unknown>) => {
      const r = await failure(call)
      return [r.status, r.data.code, r.data.message, r.data.params, r.data.errors]
    }
    const emailsOf = async (audience: unknown) => {
      const { data } = await api.post("/admin/newsletters/audience/preview", { audience }, { headers })
      expect(data.count).toEqual(data.sample.length)
      return data.sample.map((r: { email: string }) => r.email)
    }
    const service = () => getContainer().resolve<NewsletterModuleService>(NEWSLETTER_MODULE)

    it("should answer 401 without an admin login", async () => {
      const calls = [
        api.get("/admin/newsletter-segments"),
        api.post("/admin/newsletter-segments", { name: "x", audience: {} }),
        api.get("/admin/newsletter-segments/nlseg_1"),
        api.post("/admin/newsletter-segments/nlseg_1", { name: "x" }),
        api.delete("/admin/newsletter-segments/nlseg_1"),
      ]
      const statuses = (await Promise.all(calls.map((c) => c.catch((e) => e)))).map((e) => e.response.status)
      expect(statuses).toEqual([401, 401, 401, 401, 401])
    })

    it("should create, read, list, search, change and delete segments", async () => {
      const gold = await createSegment({ name: "ゴールド会員", description: "VIP", audience: goldOnly() })
      expect(gold).toEqual({
        id: expect.stringMatching(/^nlseg_/),
        name: "ゴールド会員",
        description: "VIP",
        audience: goldOnly(),
        created_at: expect.any(String),
        updated_at: expect.any(String),
      })
      const jp = await createSegment({ name: "example.jp の方", audience: { email_domain: ["Example.JP"] } })
      expect([jp.description, jp.audience]).toEqual([null, { email_domain: ["example.jp"] }])

      expect((await api.get(`/admin/newsletter-segments/${gold.id}`, { headers })).data.newsletter_segment).toEqual(gold)

      const list = await api.get("/admin/newsletter-segments", { headers })
      expect(list.data.newsletter_segments.map((s: any) => s.name)).toEqual(["example.jp の方", "ゴールド会員"])
      expect([list.data.count, list.data.offset, list.data.limit]).toEqual([2, 0, 50])
      const page = await api.get("/admin/newsletter-segments?limit=1&offset=1", { headers })
      expect([page.data.newsletter_segments.map((s: any) => s.name), page.data.count, page.data.offset, page.data.limit]).toEqual([
        ["ゴールド会員"],
        2,
        1,
        1,
      ])
      const search = await api.get(`/admin/newsletter-segments?q=${encodeURIComponent("ゴールド")}`, { headers })
      expect(search.data.newsletter_segments.map((s: any) => s.id)).toEqual([gold.id])

      const changed = await api.post(
        `/admin/newsletter-segments/${gold.id}`,
        { name: "ゴールド会員（JP）", audience: { ...goldOnly(), email_domain: ["example.jp"] } },
        { headers }
      )
      expect([changed.data.newsletter_segment.name, changed.data.newsletter_segment.description, changed.data.newsletter_segment.audience]).toEqual([
        "ゴールド会員（JP）",
        "VIP",
        { ...goldOnly(), email_domain: ["example.jp"] },
      ])

      const deleted = await api.delete(`/admin/newsletter-segments/${jp.id}`, { headers })
      expect(deleted.data).toEqual({ id: jp.id, object: "newsletter_segment", deleted: true })
      expect(await problem(api.get(`/admin/newsletter-segments/${jp.id}`, { headers }))).toEqual([
        404,
        "newsletter_segment_not_found",
        `Newsletter segment with id "${jp.id}" was not found`,
        { id: jp.id },
        undefined,
      ])
      expect(await problem(api.delete(`/admin/newsletter-segments/${jp.id}`, { headers }))).toEqual([
        404,
        "newsletter_segment_not_found",
        `Newsletter segment with id "${jp.id}" was not found`,
        { id: jp.id },
        undefined,
      ])
      expect((await api.get("/admin/newsletter-segments", { headers })).data.count).toEqual(1)
    })

    it("should keep names unique among the segments not deleted", async () => {
      const first = await createSegment({ name: "ゴールド会員", audience: goldOnly() })
      const other = await createSegment({ name: "その他", audience: {} })
      const taken = [
        409,
        "newsletter_segment_name_taken",
        'name: a segment named "ゴールド会員" already exists',
        { name: "ゴールド会員" },
        [{ path: "name", code: "newsletter_segment_name_taken", params: { name: "ゴールド会員" } }],
      ]
      expect(await problem(api.post("/admin/newsletter-segments", { name: " ゴールド会員 ", audience: {} }, { headers }))).toEqual(taken)
      expect(await problem(api.post(`/admin/newsletter-segments/${other.id}`, { name: "ゴールド会員" }, { headers }))).toEqual(taken)
      // Its own name is no conflict; a deleted segment's name is free again.
      await api.post(`/admin/newsletter-segments/${first.id}`, { name: "ゴールド会員", description: "x" }, { headers })
      await api.delete(`/admin/newsletter-segments/${first.id}`, { headers })
      const again = await createSegment({ name: "ゴールド会員", audience: {} })
      expect(again.id).not.toEqual(first.id)
      expect((await api.get("/admin/newsletter-segments", { headers })).data.count).toEqual(2)
    })

    it("should refuse wrong input naming the field, and write nothing", async () => {
      const cases: Array<[Record<string, unknown>, number, string, Array<[string, string]>]> = [
        [{ audience: {} }, 400, "invalid_request", [["name", "required"]]],
        [{ name: "x" }, 400, "invalid_request", [["audience", "required"]]],
        [
          { name: "x", audience: { created_at: { gte: "2025-02-01T00:00:00Z", lte: "2025-01-01T00:00:00Z" } }, color: 1 },
          400,
          "invalid_request",
          [
            ["audience.created_at", "reversed_range"],
            ["", "unknown_fields"],
          ],
        ],
        [{ name: "x", audience: { customer_groups: { in_any: ["cusgroup_missing"] } } }, 400, "invalid_audience", [["audience.customer_groups.in_any", "unknown_customer_groups"]]],
        [{ name: "x", audience: { segment_id: "nlseg_missing" } }, 400, "invalid_audience", [["audience.segment_id", "unknown_segment"]]],
      ]
      for (const [body, status, code, problems] of cases) {
        const r = await failure(api.post("/admin/newsletter-segments", body, { headers }))
        expect([r.status, r.data.code, r.data.errors.map((p: any) => [p.path, p.code])]).toEqual([status, code, problems])
      }
      const unknown = await failure(api.post("/admin/newsletter-segments", { name: "x", audience: { segment_id: "nlseg_missing" } }, { headers }))
      expect(unknown.data.message).toEqual('audience.segment_id: segment "nlseg_missing" does not exist')
      expect((await api.get("/admin/newsletter-segments", { headers })).data.count).toEqual(0)
    })

    it("should AND a segment with the rest of an audience, chains included, and count each with with_count", async () => {
      const gold = await createSegment({ name: "ゴールド会員", audience: goldOnly() })
      const goldJp = await createSegment({ name: "ゴールド会員（JP）", audience: { segment_id: gold.id, email_domain: ["example.jp"] } })
      const everyone = await createSegment({ name: "全員", audience: {} })

      expect(await emailsOf({ segment_id: gold.id })).toEqual(["a@example.jp", "b@example.jp"])
      expect(await emailsOf({ segment_id: everyone.id, email_domain: ["example.jp"] })).toEqual(["a@example.jp", "b@example.jp", "d@example.jp"])
      expect(await emailsOf({ segment_id: goldJp.id, q: "b@" })).toEqual(["b@example.jp"])
      expect(await emailsOf({ segment_id: gold.id, customer_groups: { in_any: [world.silver.id] } })).toEqual([])
      // A member of any_of may be a segment: gold OR the shop.example.com domain.
      expect(await emailsOf({ any_of: [{ segment_id: gold.id }, { email_domain: ["shop.example.com"] }] })).toEqual([
        "a@example.jp",
        "b@example.jp",
        "c@shop.example.com",
      ])

      const listed = await api.get("/admin/newsletter-segments?with_count=true", { headers })
      expect(listed.data.newsletter_segments.map((s: any) => [s.name, s.audience_count])).toEqual([
        ["ゴールド会員", 2],
        ["ゴールド会員（JP）", 2],
        ["全員", 4],
      ])
      const plain = await api.get("/admin/newsletter-segments", { headers })
      expect(plain.data.newsletter_segments.every((s: any) => !("audience_count" in s))).toBe(true)

      const missing = await failure(api.post("/admin/newsletters/audience/preview", { audience: { segment_id: "nlseg_gone" } }, { headers }))
      expect([missing.status, missing.data.code, missing.data.errors]).toEqual([
        400,
        "invalid_audience",
        [{ path: "audience.segment_id", code: "unknown_segment", params: { id: "nlseg_gone" } }],
      ])
      const article = await failure(api.post("/admin/newsletters", validArticle({ audience: { segment_id: "nlseg_gone" } }), { headers }))
      expect([article.status, article.data.code]).toEqual([400, "invalid_audience"])
    })

    it("should refuse a segment that names itself, directly or through a chain", async () => {
      const a = await createSegment({ name: "A", audience: goldOnly() })
      const b = await createSegment({ name: "B", audience: { segment_id: a.id } })
      const c = await createSegment({ name: "C", audience: { segment_id: b.id } })

      expect(await problem(api.post(`/admin/newsletter-segments/${a.id}`, { audience: { segment_id: a.id } }, { headers }))).toEqual([
        400,
        "newsletter_segment_cycle",
        `audience.segment_id: the segment would include itself (${a.id} → ${a.id})`,
        { chain: [a.id, a.id] },
        [{ path: "audience.segment_id", code: "newsletter_segment_cycle", params: { chain: [a.id, a.id] } }],
      ])
      const looped = await failure(api.post(`/admin/newsletter-segments/${a.id}`, { audience: { segment_id: c.id, email_domain: ["example.jp"] } }, { headers }))
      expect([looped.status, looped.data.code, looped.data.params]).toEqual([400, "newsletter_segment_cycle", { chain: [a.id, c.id, b.id, a.id] }])
      // Nothing was written.
      expect((await api.get(`/admin/newsletter-segments/${a.id}`, { headers })).data.newsletter_segment.audience).toEqual(goldOnly())
    })

    it("should refuse to delete a segment a draft, a scheduled article or another segment uses, naming them", async () => {
      const gold = await createSegment({ name: "ゴールド会員", audience: goldOnly() })
      const draft = (await api.post("/admin/newsletters", validArticle({ audience: { segment_id: gold.id } }), { headers })).data.newsletter
      const scheduled = (await api.post("/admin/newsletters", validArticle({ audience: { segment_id: gold.id, email_domain: ["example.jp"] } }), { headers })).data.newsletter
      await api.post(`/admin/newsletters/${scheduled.id}/schedule`, {}, { headers })
      const [first, second] = [draft.id, scheduled.id].sort()

      expect(await problem(api.delete(`/admin/newsletter-segments/${gold.id}`, { headers }))).toEqual([
        409,
        "newsletter_segment_in_use",
        `Newsletter segment "${gold.id}" is used by newsletter "${first}", newsletter "${second}"; change their audience first`,
        { id: gold.id, newsletters: [first, second], segments: [] },
        undefined,
      ])

      await api.delete(`/admin/newsletters/${draft.id}`, { headers })
      await api.post(`/admin/newsletters/${scheduled.id}/cancel`, {}, { headers })
      const user = await createSegment({ name: "利用", audience: { segment_id: gold.id } })
      const bySegment = await failure(api.delete(`/admin/newsletter-segments/${gold.id}`, { headers }))
      expect([bySegment.status, bySegment.data.params]).toEqual([409, { id: gold.id, newsletters: [], segments: [user.id] }])

      await api.delete(`/admin/newsletter-segments/${user.id}`, { headers })
      const deleted = await api.delete(`/admin/newsletter-segments/${gold.id}`, { headers })
      expect(deleted.data.deleted).toBe(true)
    })

    it("should snapshot the segment's filter as it was at reservation; edits change only drafts", async () => {
      const gold = await createSegment({ name: "ゴールド会員", audience: goldOnly() })
      const article = (await api.post("/admin/newsletters", validArticle({ audience: { segment_id: gold.id } }), { headers })).data.newsletter
      // The draft's CSV lists the segment's customers (the same SQL as the count and the snapshot).
      const csv = await api.get(`/admin/newsletters/${article.id}/recipients/export`, { headers })
      expect(String(csv.data).match(/[a-z]@example\.jp/g)).toEqual(["a@example.jp", "b@example.jp"])
      const reserved = await api.post(`/admin/newsletters/${article.id}/schedule`, {}, { headers })
      expect(reserved.data.recipient_count).toEqual(2)

      // The segment now selects only b@example.jp.
      await api.post(`/admin/newsletter-segments/${gold.id}`, { audience: { ...goldOnly(), q: "b@" } }, { headers })

      const recipients = await service().listNewsletterRecipients({ newsletter_id: article.id }, { order: { position: "ASC" } })
      expect(recipients.map((r) => r.email)).toEqual(["a@example.jp", "b@example.jp"])
      const frozen = await api.get(`/admin/newsletters/${article.id}?fields=id,audience,audience_segments,total_count`, { headers })
      expect(frozen.data.newsletter).toEqual({
        id: article.id,
        audience: { segment_id: gold.id },
        audience_segments: { [gold.id]: { name: "ゴールド会員", audience: goldOnly() } },
        total_count: 2,
      })

      // A draft, and a new reservation, read the segment as it is now.
      const draft = (await api.post("/admin/newsletters", validArticle({ audience: { segment_id: gold.id } }), { headers })).data.newsletter
      expect(await emailsOf({ segment_id: gold.id })).toEqual(["b@example.jp"])
      const second = await api.post(`/admin/newsletters/${draft.id}/schedule`, {}, { headers })
      expect(second.data.recipient_count).toEqual(1)
    })
  },
})
