import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import type NewsletterModuleService from "../../src/modules/newsletter/service"
import { NewsletterStatus } from "../../src/modules/newsletter/types"
import { createAdminHeaders } from "../helpers/auth"
import { validArticle } from "../helpers/seed"

jest.setTimeout(120 * 1000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>

    beforeEach(async () => {
      ;({ headers } = await createAdminHeaders(getContainer()))
    })

    const createCategory = async (body: Record<string, unknown>) =>
      (await api.post("/admin/newsletter-categories", body, { headers })).data.newsletter_category

    it("should answer 401 without an admin login", async () => {
      const calls = [
        api.get("/admin/newsletter-categories"),
        api.post("/admin/newsletter-categories", { name: "x" }),
        api.get("/admin/newsletter-categories/nlcat_1"),
        api.post("/admin/newsletter-categories/nlcat_1", { name: "x" }),
        api.delete("/admin/newsletter-categories/nlcat_1"),
      ]
      const statuses = (await Promise.all(calls.map((c) => c.catch((e) => e)))).map(
        (e) => e.response.status
      )
      expect(statuses).toEqual([401, 401, 401, 401, 401])
    })

    describe("POST /admin/newsletter-categories", () => {
      it("should create categories with and without a window, including one across midnight", async () => {
        const day = await createCategory({ name: "セール", window_start: "09:00", window_end: "21:00" })
        const night = await createCategory({ name: "深夜便", window_start: "22:00", window_end: "06:00" })
        const always = await createCategory({ name: "重要なお知らせ", description: "常時配信" })

        expect(day).toEqual(
          expect.objectContaining({
            id: expect.stringMatching(/^nlcat_/),
            name: "セール",
            description: null,
            window_start: "09:00",
            window_end: "21:00",
          })
        )
        expect([night.window_start, night.window_end]).toEqual(["22:00", "06:00"])
        expect([always.window_start, always.window_end, always.description]).toEqual([
          null,
          null,
          "常時配信",
        ])
      })

      it("should refuse wrong input with a message per problem", async () => {
        const cases: Array<[Record<string, unknown>, string]> = [
          [{}, "Invalid request: name is required"],
          [
            { name: "x", window_start: "9:00", window_end: "24:00" },
            "Invalid request: window_start must be a time of day written HH:MM, e.g. 09:00; " +
              "window_end must be a time of day written HH:MM, e.g. 09:00",
          ],
          [
            { name: "x", window_start: "09:00" },
            "window_start and window_end must be given together (or both left empty for any time)",
          ],
          [
            { name: "x", window_start: "09:00", window_end: "09:00" },
            "window_start and window_end must differ (leave both empty to allow any time)",
          ],
        ]
        for (const [body, message] of cases) {
          const { response } = await api
            .post("/admin/newsletter-categories", body, { headers })
            .catch((e) => e)
          expect([response.status, response.data.message]).toEqual([400, message])
        }
        const list = await api.get("/admin/newsletter-categories", { headers })
        expect(list.data.count).toEqual(0)
      })
    })

    describe("GET /admin/newsletter-categories", () => {
      it("should list by name, search and page", async () => {
        await createCategory({ name: "セール" })
        await createCategory({ name: "お知らせ" })
        await createCategory({ name: "セール（会員限定）" })

        const all = await api.get("/admin/newsletter-categories", { headers })
        expect(all.data.newsletter_categories.map((c: any) => c.name)).toEqual([
          "お知らせ",
          "セール",
          "セール（会員限定）",
        ])
        expect([all.data.count, all.data.offset, all.data.limit]).toEqual([3, 0, 50])

        const search = await api.get(
          `/admin/newsletter-categories?q=${encodeURIComponent("セール")}`,
          { headers }
        )
        expect(search.data.newsletter_categories.map((c: any) => c.name)).toEqual([
          "セール",
          "セール（会員限定）",
        ])
      })

      it("should return one category and 404 for an unknown id", async () => {
        const category = await createCategory({ name: "セール", window_start: "09:00", window_end: "21:00" })
        const one = await api.get(`/admin/newsletter-categories/${category.id}`, { headers })
        expect(one.data.newsletter_category).toEqual(category)

        const { response } = await api
          .get("/admin/newsletter-categories/nlcat_missing", { headers })
          .catch((e) => e)
        expect(response.status).toEqual(404)
        expect(response.data.message).toEqual('Newsletter category with id "nlcat_missing" was not found')
      })

      it("should select the fields asked for, and refuse one it does not offer, naming it", async () => {
        const category = await createCategory({ name: "セール" })
        const some = await api.get("/admin/newsletter-categories?fields=name,window_start", { headers })
        expect(some.data.newsletter_categories).toEqual([{ id: category.id, name: "セール", window_start: null }])

        const allowed =
          "allowed: id, name, description, window_start, window_end, created_at, updated_at"
        const answers = []
        for (const url of [
          "/admin/newsletter-categories?fields=name,secret",
          "/admin/newsletter-categories?fields=%2Bdeleted_at,*newsletters",
          `/admin/newsletter-categories/${category.id}?fields=-nope`,
        ]) {
          const { response } = await api.get(url, { headers }).catch((e) => e)
          answers.push([response.status, response.data.message])
        }
        expect(answers).toEqual([
          [400, `Invalid request: fields may not name secret (${allowed})`],
          [400, `Invalid request: fields may not name deleted_at, newsletters.* (${allowed})`],
          [400, `Invalid request: fields may not name nope (${allowed})`],
        ])
      })
    })

    describe("POST /admin/newsletter-categories/:id", () => {
      it("should change the window, checked together with the stored end", async () => {
        const category = await createCategory({ name: "セール", window_start: "09:00", window_end: "21:00" })
        const updated = await api.post(
          `/admin/newsletter-categories/${category.id}`,
          { window_start: "08:00" },
          { headers }
        )
        expect(updated.data.newsletter_category).toEqual(
          expect.objectContaining({ window_start: "08:00", window_end: "21:00" })
        )

        const { response } = await api
          .post(`/admin/newsletter-categories/${category.id}`, { window_start: "21:00" }, { headers })
          .catch((e) => e)
        expect(response.status).toEqual(400)
        expect(response.data.message).toEqual(
          "window_start and window_end must differ (leave both empty to allow any time)"
        )

        const cleared = await api.post(
          `/admin/newsletter-categories/${category.id}`,
          { window_start: null, window_end: null },
          { headers }
        )
        expect([cleared.data.newsletter_category.window_start, cleared.data.newsletter_category.window_end]).toEqual([
          null,
          null,
        ])
      })

      it("should answer 404 for an unknown id", async () => {
        const { response } = await api
          .post("/admin/newsletter-categories/nlcat_missing", { name: "x" }, { headers })
          .catch((e) => e)
        expect(response.status).toEqual(404)
        expect(response.data.message).toEqual('Newsletter category with id "nlcat_missing" was not found')
      })
    })

    describe("DELETE /admin/newsletter-categories/:id", () => {
      it("should delete an unused category", async () => {
        const category = await createCategory({ name: "セール" })
        const response = await api.delete(`/admin/newsletter-categories/${category.id}`, { headers })
        expect(response.data).toEqual({ id: category.id, object: "newsletter_category", deleted: true })
        const list = await api.get("/admin/newsletter-categories", { headers })
        expect(list.data.count).toEqual(0)
      })

      it("should refuse while a pending article uses it, and allow it once that article is over", async () => {
        const category = await createCategory({ name: "セール" })
        const article = (
          await api.post("/admin/newsletters", validArticle({ category_id: category.id }), { headers })
        ).data.newsletter
        const { response } = await api
          .delete(`/admin/newsletter-categories/${category.id}`, { headers })
          .catch((e) => e)
        expect(response.status).toEqual(400)
        expect(response.data.message).toEqual(
          `Newsletter category "${category.id}" is used by 1 draft, scheduled or sending newsletter; move them to another category first`
        )

        const service = getContainer().resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
        await service.updateNewsletters({ id: article.id, status: NewsletterStatus.CANCELLED })
        const deleted = await api.delete(`/admin/newsletter-categories/${category.id}`, { headers })
        expect(deleted.data.deleted).toEqual(true)
      })

      it("should answer 404 for an unknown id", async () => {
        const { response } = await api
          .delete("/admin/newsletter-categories/nlcat_missing", { headers })
          .catch((e) => e)
        expect(response.status).toEqual(404)
        expect(response.data.message).toEqual('Newsletter category with id "nlcat_missing" was not found')
      })
    })
  },
})
