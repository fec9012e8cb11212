// Bench-only host configuration for "the way Medusa's Resend guide does it": the Notification
// Module with a Resend provider on the `email` channel (bench/guide-provider), pointed at the
// benchmark's Resend stand-in. Loaded by `medusa exec` with this folder as the working directory;
// the plugin and its package are not involved.
import path from "node:path"
import { defineConfig } from "@medusajs/framework/utils"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    workerMode: "server",
    http: {
      storeCors: "*",
      adminCors: "*",
      authCors: "*",
      jwtSecret: "bench-jwt-secret",
      cookieSecret: "bench-cookie-secret",
    },
  },
  admin: { disable: true },
  modules: [
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          {
            resolve: path.join(__dirname, "../guide-provider"),
            id: "resend",
            options: {
              channels: ["email"],
              api_key: "re_test_key",
              from: "テストショップ <news@shop.example>",
              base_url: process.env.RESEND_STANDIN_URL,
            },
          },
        ],
      },
    },
  ],
})
