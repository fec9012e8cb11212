import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import type NewsletterModuleService from "../../src/modules/newsletter/service"
import { NewsletterStatus } from "../../src/modules/newsletter/types"
import { createAdminHeaders } from "../helpers/auth"
import { validArticle } from "../helpers/seed"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(120 * 1000)

newsletterIntegrationTestRunner({
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

      it("should refuse wrong input with a message and a code per problem, at its field", async () => {
        const cases: Array<[Record<string, unknown>, string, string, Array<[string, string]>]> = [
          [{}, "Invalid request: name is required", "invalid_request", [["name", "required"]]],
          [
            { name: "x", window_start: "9:00", window_end: "24:00" },
            "Invalid request: window_start must be a time of day written HH:MM, e.g. 09:00; " +
              "window_end must be a time of day written HH:MM, e.g. 09:00",
            "invalid_request",
            [
              ["window_start", "invalid_time_of_day"],
              ["window_end", "invalid_time_of_day"],
            ],
          ],
          [
            { name: "x", window_start: "09:00" },
            "window_start and window_end must be given together (or both left empty for any time)",
            "sending_window_incomplete",
            [["window_end", "sending_window_incomplete"]],
          ],
          [
            { name: "x", window_start: "09:00", window_end: "09:00" },
            "window_start and window_end must differ (leave both empty to allow any time)",
            "sending_window_empty",
            [["window_end", "sending_window_empty"]],
          ],
          [
            { name: " ", description: 42, window_start: null, window_end: null, color: "red" },
            "Invalid request: name must not be empty; description must be text; unknown field: color",
            "invalid_request",
            [
              ["name", "required"],
              ["description", "invalid_type"],
              ["", "unknown_fields"],
            ],
          ],
        ]
        for (const [body, message, code, problems] of cases) {
          const { response } = await api
            .post("/admin/newsletter-categories", body, { headers })
            .catch((e) => e)
          expect([
            response.status,
            response.data.message,
            response.data.code,
            response.data.errors.map((p: any) => [p.path, p.code]),
          ]).toEqual([400, message, code, problems])
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
        expect(response.data).toEqual({
          type: "not_found",
          code: "newsletter_category_not_found",
          message: 'Newsletter category with id "nlcat_missing" was not found',
          params: { id: "nlcat_missing" },
        })
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
          answers.push([response.status, response.data.message, response.data.code, response.data.errors])
        }
        const unknown = (keys: string[]) => [
          {
            path: "fields",
            code: "unknown_fields",
            params: {
              keys,
              allowed: ["id", "name", "description", "window_start", "window_end", "created_at", "updated_at"],
            },
          },
        ]
        expect(answers).toEqual([
          [400, `Invalid request: fields may not name secret (${allowed})`, "invalid_request", unknown(["secret"])],
          [
            400,
            `Invalid request: fields may not name deleted_at, newsletters.* (${allowed})`,
            "invalid_request",
            unknown(["deleted_at", "newsletters.*"]),
          ],
          [400, `Invalid request: fields may not name nope (${allowed})`, "invalid_request", unknown(["nope"])],
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
        expect(response.data).toEqual({
          type: "invalid_data",
          code: "sending_window_empty",
          message: "window_start and window_end must differ (leave both empty to allow any time)",
          params: {},
          errors: [{ path: "window_end", code: "sending_window_empty", params: {} }],
        })

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
        expect(response.data).toEqual({
          type: "not_found",
          code: "newsletter_category_not_found",
          message: 'Newsletter category with id "nlcat_missing" was not found',
          params: { id: "nlcat_missing" },
        })
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
        expect([response.data.code, response.data.params]).toEqual([
          "newsletter_category_in_use",
          { id: category.id, count: 1 },
        ])

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
        expect(response.data).toEqual({
          type: "not_found",
          code: "newsletter_category_not_found",
          message: 'Newsletter category with id "nlcat_missing" was not found',
          params: { id: "nlcat_missing" },
        })
      })
    })
  },
})
