/**
 * The browser tests' Medusa host app, made the way an npm user makes one (../../scripts/host-app.js,
 * shared with `npm run demo`): the plugin comes from its packed tarball (so its `exports`, its admin
 * bundle and its dependencies are the ones npm would install), the admin is the production bundle
 * (`medusa build`), and the server runs with `medusa start` on a free local port against a fresh
 * database. What is the browser tier's own: the Resend stand-in as mail, the admin user, the database.
 */
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import path from "node:path"
import { medusaBin, packPlugin, PLUGIN_ROOT, pluginTarball, prepareHostApp, run } from "../../scripts/host-app"

export const ADMIN_EMAIL = "admin@test.jp"
export const ADMIN_PASSWORD = "secret"

export const log = (message: string) => console.log(`[browser] ${message}`)

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/**
 * One host folder per machine, kept between runs: deleting ~100,000 files costs minutes on a busy
 * disk, and a kept one installs in seconds (not at all for unchanged plugin sources).
 */
export function defaultHostDir(): string {
  return process.env.BROWSER_HOST_DIR || path.join(tmpdir(), "newsletter-browser-host")
}

/** `npm run build` (unless `skipBuild`) and `npm pack` into `destination`; answers the tarball. */
export function buildAndPack(destination: string, skipBuild: boolean): Promise<string> {
  return packPlugin(pluginTarball(destination).tarball, { build: !skipBuild, log })
}

/** Writes the host app, its mail going to the Resend stand-in, and installs it (npm's cache first). */
export async function createHost(dir: string, tarball: string): Promise<void> {
  await prepareHostApp(dir, {
    tarball,
    name: "newsletter-browser-host",
    description: "Throwaway Medusa app for the medusa-plugin-newsletter browser tests",
    config: {
      mail: { kind: "resend-standin", from: "テストショップ <news@shop.example>", requestsPerSecond: 20 },
      secret: "browser-test",
      sender: { name: "テストショップ", postalAddress: "東京都千代田区1-1-1", contact: "support@shop.example" },
      // Three customers: the error-rate stop is judged from the 2nd attempted mail on. The signup's
      // confirmation link opens the storefront's page (storefront-scenario.ts serves it).
      pluginOptions: { errorRate: { minAttempts: 2, threshold: 0.1 }, confirmPath: "newsletter/confirm" },
    },
    log,
  })
}

/** A fresh, empty database for one run. */
export async function createDatabase(): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  // pg comes with Medusa; the plugin's own install has it.
  const { Client } = require(require.resolve("pg", { paths: [PLUGIN_ROOT] }))
  const host = process.env.DB_HOST || "localhost"
  const port = process.env.DB_PORT || "5432"
  const user = process.env.DB_USERNAME || "postgres"
  const password = process.env.DB_PASSWORD || "postgres"
  const name = `newsletter_browser_${Date.now()}`
  const admin = new Client({ host, port: Number(port), user, password, database: "postgres" })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${name}"`)
  await admin.end()
  return {
    name,
    url: `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${name}`,
    drop: async () => {
      const c = new Client({ host, port: Number(port), user, password, database: "postgres" })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await c.end()
    },
  }
}

export async function migrateAndCreateAdmin(dir: string, env: NodeJS.ProcessEnv) {
  await run(medusaBin(dir), ["db:migrate"], { cwd: dir, env, log })
  await run(medusaBin(dir), ["user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD], { cwd: dir, env, log })
}
