import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import { createAdminHeaders, createCustomerHeaders, createPublishableKey } from "../helpers/auth"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(240 * 1000)

const ADMIN_API = path.resolve(__dirname, "../../src/api/admin")

/** Every route of the plugin's admin API: its URL (ids as "x") and each method its file exports. */
function adminRoutes(dir = ADMIN_API): Array<{ method: string; url: string; file: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      return adminRoutes(file)
    }
    if (entry.name !== "route.ts") {
      return []
    }
    const source = readFileSync(file, "utf8")
    const url =
      "/admin/" +
      path
        .relative(ADMIN_API, path.dirname(file))
        .split(path.sep)
        .map((s) => (s.startsWith("[") ? "x" : s))
        .join("/")
    return [...source.matchAll(/export const (GET|POST|DELETE)\b/g)].map(([, method]) => ({
      method,
      url,
      file: path.relative(ADMIN_API, file),
    }))
  })
}

const UNAUTHORIZED = { type: "unauthorized", code: "unauthorized", message: "Unauthorized", params: {} }

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let admin: Record<string, string>
    let key: string
    let customer: Record<string, string>

    beforeEach(async () => {
      const container = getContainer()
      admin = (await createAdminHeaders(container)).headers
      key = await createPublishableKey(container)
      customer = (await createCustomerHeaders(container, key, { email: "hanako@example.jp" })).headers
    })

    /** The answer of a request that fails, as { status, data }. */
    const fail = async (method: string, url: string, options: { headers?: Record<string, string>; data?: unknown } = {}) => {
      const error = await api.request({ method, url, ...options }).then(
        (r: { status: number }) => {
          throw new Error(`${method} ${url} answered ${r.status}`)
        },
        (e: { response: { status: number; data: unknown } }) => e
      )
      return { status: error.response.status, data: error.response.data }
    }

    describe("401 of the admin's authentication", () => {
      it("should answer every admin route of the plugin without a login with 401 and the code unauthorized", async () => {
        const routes = adminRoutes()
        expect(routes.length).toBeGreaterThanOrEqual(30)
        const answers: Record<string, unknown> = {}
        for (const { method, url, file } of routes) {
          const { status, data } = await fail(method, url, { data: method === "GET" ? undefined : {} })
          answers[`${method} ${url} (${file})`] = { status, data }
        }
        expect(answers).toEqual(
          Object.fromEntries(
            routes.map(({ method, url, file }) => [`${method} ${url} (${file})`, { status: 401, data: UNAUTHORIZED }])
          )
        )
      })

      it("should refuse a login before looking at the body, and keep Medusa's own routes as they are", async () => {
        // An invalid body without a login: the login is checked first.
        expect(await fail("POST", "/admin/newsletters", { data: { subject: 1 } })).toEqual({
          status: 401,
          data: UNAUTHORIZED,
        })
        // A secret API key sent as a bearer token: Medusa's hint, with the code.
        expect(await fail("GET", "/admin/newsletters", { headers: { authorization: "Bearer sk_0123456789" } })).toEqual({
          status: 401,
          data: {
            ...UNAUTHORIZED,
            message:
              "A secret API key was passed as a Bearer token. Secret API keys must be sent using HTTP Basic authentication instead (Authorization: Basic <secret-api-key>).",
          },
        })
        expect(await fail("GET", "/admin/products")).toEqual({ status: 401, data: { message: "Unauthorized" } })
      })

      it("should answer the coupon claim without a logged-in customer with 401 and the code", async () => {
        expect(
          await fail("POST", "/store/newsletter-coupons/abc/claim", { headers: { "x-publishable-api-key": key } })
        ).toEqual({ status: 401, data: UNAUTHORIZED })
      })
    })

    describe("the body parser's refusals", () => {
      const raw = (body: string) => ({
        headers: { ...admin, "content-type": "application/json" },
        data: body,
        transformRequest: [(d: unknown) => d],
      })

      it("should answer a body that is not JSON with 400 invalid_json on the plugin's routes only", async () => {
        expect(await fail("POST", "/admin/newsletters", raw('{"subject": '))).toEqual({
          status: 400,
          data: { type: "invalid_data", code: "invalid_json", message: "The request body is not valid JSON", params: {} },
        })
        expect(await fail("POST", "/admin/newsletter-categories/x", raw("{oops"))).toMatchObject({
          status: 400,
          data: { code: "invalid_json" },
        })
        // Medusa's own route: Medusa's answer, unchanged.
        const core = await fail("POST", "/admin/products", raw('{"title": '))
        expect(core.status).toEqual(400)
        expect(core.data).toEqual({ type: "invalid_data", message: expect.any(String) })
      })

      it("should answer a body over the size limit with 413 body_too_large and the limit", async () => {
        const big = JSON.stringify({ subject: "件名", body: "あ".repeat(60_000) })
        expect(await fail("POST", "/admin/newsletters", raw(big))).toEqual({
          status: 413,
          data: {
            type: "invalid_data",
            code: "body_too_large",
            message: "The request body is larger than 102400 bytes",
            params: { limit_bytes: 102400 },
          },
        })
      })
    })

    describe("the publishable key of the plugin's store routes", () => {
      const routes = [
        ["GET", "/store/customers/me/newsletter-subscription"],
        ["POST", "/store/customers/me/newsletter-subscription"],
        ["POST", "/store/newsletter-coupons/abc/claim"],
      ] as const

      it("should answer a missing key with 400 publishable_key_required", async () => {
        for (const [method, url] of routes) {
          expect(await fail(method, url, { headers: { authorization: customer.authorization }, data: {} })).toEqual({
            status: 400,
            data: {
              type: "not_allowed",
              code: "publishable_key_required",
              message: "A publishable API key is required in the x-publishable-api-key header",
              params: { header: "x-publishable-api-key" },
            },
          })
        }
      })

      it("should answer an unknown key with 400 publishable_key_invalid, and leave Medusa's store routes as they are", async () => {
        for (const [method, url] of routes) {
          expect(
            await fail(method, url, {
              headers: { authorization: customer.authorization, "x-publishable-api-key": "pk_unknown" },
              data: {},
            })
          ).toEqual({
            status: 400,
            data: {
              type: "not_allowed",
              code: "publishable_key_invalid",
              message: "A valid publishable API key is required",
              params: { header: "x-publishable-api-key" },
            },
          })
        }
        const core = await fail("GET", "/store/products")
        expect(core).toEqual({ status: 400, data: { type: "not_allowed", message: expect.any(String) } })
      })
    })
  },
})
