// Test-only host configuration: `medusaIntegrationTestRunner` boots a Medusa app from this folder,
// loading the plugin's src/ (api, workflows, jobs, links) and registering its module from source.
// Not part of the published package (see tsconfig "exclude" and package.json "files").
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

export const testPluginOptions = {
  storefrontUrl: "http://localhost:8000",
  backendUrl: "http://localhost:9000",
  timezone: "Asia/Tokyo",
  minLeadMinutes: 3,
  sender: {
    name: "テストショップ",
    postalAddress: "東京都千代田区1-1-1",
    contact: "support@shop.example",
  },
}

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "*",
      adminCors: "*",
      authCors: "*",
      jwtSecret: process.env.JWT_SECRET || "test-jwt-secret",
      cookieSecret: process.env.COOKIE_SECRET || "test-cookie-secret",
    },
  },
  admin: { disable: true },
  modules: [{ resolve: "./src/modules/newsletter", options: testPluginOptions }],
})
