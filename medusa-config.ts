// Test-only host configuration: `medusaIntegrationTestRunner` boots a Medusa app from this folder,
// loading the plugin's src/ (api, workflows, jobs, links) and registering its module from source.
// Not part of the published package (see tsconfig "exclude" and package.json "files").
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

export const testPluginOptions = {
  resend: {
    apiKey: "re_test_key",
    from: "テストショップ <news@shop.example>",
    // The Resend stand-in of the suite that sends (integration-tests/resend-standin); elsewhere a
    // closed port, so nothing can ever reach the real Resend from a test.
    baseUrl: process.env.RESEND_STANDIN_URL || "http://127.0.0.1:9",
    requestsPerSecond: Number(process.env.NEWSLETTER_TEST_RPS || 50),
    timeoutSeconds: Number(process.env.NEWSLETTER_TEST_RESEND_TIMEOUT || 30),
    // Standard Webhooks secret: "whsec_" + base64 of the key bytes.
    webhookSecret: "whsec_" + Buffer.from("test-webhook-signing-key-0123456789").toString("base64"),
  },
  // The link-rotation case boots with a rotated secret (the old one among the previous ones).
  linkSecret: process.env.NEWSLETTER_TEST_LINK_SECRET || "test-link-secret-0123456789abcdef0123456789",
  previousLinkSecrets: process.env.NEWSLETTER_TEST_PREVIOUS_LINK_SECRETS
    ? process.env.NEWSLETTER_TEST_PREVIOUS_LINK_SECRETS.split(",")
    : undefined,
  dispatch: {
    batchSize: Number(process.env.NEWSLETTER_TEST_BATCH_SIZE || 100),
    leaseSeconds: Number(process.env.NEWSLETTER_TEST_LEASE_SECONDS || 120),
    runSeconds: 50,
    concurrency: process.env.NEWSLETTER_TEST_CONCURRENCY ? Number(process.env.NEWSLETTER_TEST_CONCURRENCY) : undefined,
  },
  storefrontUrl: "http://localhost:8000",
  // The links point at this machine although resend is set: allowed for tests only.
  allowLocalhostLinks: true,
  // The coupon suite sets a path of its own to prove the option; elsewhere the default.
  couponPath: process.env.NEWSLETTER_TEST_COUPON_PATH || undefined,
  backendUrl: "http://localhost:9000",
  timezone: "Asia/Tokyo",
  minLeadMinutes: Number(process.env.NEWSLETTER_TEST_MIN_LEAD ?? 3),
  sender: {
    name: "テストショップ",
    postalAddress: "東京都千代田区1-1-1",
    contact: "support@shop.example",
  },
}

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    // No scheduled jobs in tests: a test runs the dispatch job itself, with its own clock. The
    // reliability suite starts real workers (MEDUSA_TEST_WORKER_MODE=worker) that run the job.
    workerMode: (process.env.MEDUSA_TEST_WORKER_MODE as "worker" | "server" | "shared") || "server",
    redisUrl: process.env.NEWSLETTER_TEST_REDIS_URL,
    http: {
      storeCors: "*",
      adminCors: "*",
      authCors: "*",
      jwtSecret: process.env.JWT_SECRET || "test-jwt-secret",
      cookieSecret: process.env.COOKIE_SECRET || "test-cookie-secret",
    },
  },
  admin: { disable: true },
  // Bench only: the webhook floor route (bench/lib/webhook-floor.ts makes this local plugin).
  plugins: process.env.NEWSLETTER_BENCH_FLOOR_PLUGIN ? [{ resolve: process.env.NEWSLETTER_BENCH_FLOOR_PLUGIN, options: {} }] : [],
  modules: [
    { resolve: "./src/modules/newsletter", options: testPluginOptions },
    // The admin's bell: Medusa's local provider on the `feed` channel, as the README shows, so a
    // test reads the plugin's notifications from GET /admin/notifications.
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          { resolve: "@medusajs/medusa/notification-local", id: "local", options: { channels: ["feed"] } },
        ],
      },
    },
    // Medusa's production engine for several processes: Redis event bus, workflow engine and locking.
    ...(process.env.NEWSLETTER_TEST_REDIS_URL
      ? [
          {
            resolve: "@medusajs/medusa/event-bus-redis",
            options: { redisUrl: process.env.NEWSLETTER_TEST_REDIS_URL },
          },
          {
            resolve: "@medusajs/medusa/workflow-engine-redis",
            options: { redis: { redisUrl: process.env.NEWSLETTER_TEST_REDIS_URL } },
          },
          {
            resolve: "@medusajs/medusa/locking",
            options: {
              providers: [
                {
                  resolve: "@medusajs/medusa/locking-redis",
                  id: "locking-redis",
                  is_default: true,
                  options: { redisUrl: process.env.NEWSLETTER_TEST_REDIS_URL },
                },
              ],
            },
          },
        ]
      : []),
  ],
})
