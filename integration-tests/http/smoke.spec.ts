import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createAdminHeaders } from "../helpers/auth"

jest.setTimeout(120 * 1000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    it("boots", async () => {
      const { headers } = await createAdminHeaders(getContainer())
      const res = await api.get("/admin/newsletters", { headers })
      console.log(JSON.stringify(res.data))
      const r2 = await api.post("/admin/newsletters", {}, { headers }).catch((e) => e.response)
      console.log(r2.status, JSON.stringify(r2.data))
      const r3 = await api.post("/admin/newsletters", { subject: "x", body: "b", format: "text", scheduled_at: new Date(Date.now() + 3600e3).toISOString() }, { headers }).catch((e) => e.response)
      console.log(r3.status, JSON.stringify(r3.data))
    })
  },
})
