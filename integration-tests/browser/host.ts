/**
 * A Medusa host app for the browser tests, made the way an npm user makes one: the plugin comes
 * from its packed tarball (so its `exports`, its admin bundle and its dependencies are the ones
 * npm would install), the admin is the production bundle (`medusa build`), and the server runs
 * with `medusa start` on a free local port against a fresh database.
 */
import { ChildProcess, spawn, SpawnOptions } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import path from "node:path"

export const PLUGIN_ROOT = path.resolve(__dirname, "../..")
export const MEDUSA_VERSION = "2.21.2"
export const ADMIN_EMAIL = "admin@test.jp"
export const ADMIN_PASSWORD = "secret"

const log = (message: string) => console.log(`[browser] ${message}`)

/** Runs a command to its end; throws with its output's tail when it fails. */
export async function run(
  command: string,
  args: string[],
  options: SpawnOptions & { quiet?: boolean } = {}
): Promise<string> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    const keep = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.length > 200_000) output = output.slice(-100_000)
    }
    child.stdout!.on("data", keep)
    child.stderr!.on("data", keep)
    child.on("error", reject)
    child.on("close", (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1)
      if (code === 0) {
        if (!options.quiet) log(`${command} ${args.join(" ")} (${seconds} s)`)
        resolve(output)
      } else {
        reject(
          new Error(`${command} ${args.join(" ")} exited with ${code} after ${seconds} s:\n${output.slice(-6000)}`)
        )
      }
    })
  })
}

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

/** `npm run build` then `npm pack`; answers the tarball's path. */
export async function buildAndPack(destination: string, skipBuild: boolean): Promise<string> {
  if (!skipBuild) {
    await run("npm", ["run", "build"], { cwd: PLUGIN_ROOT })
  }
  mkdirSync(destination, { recursive: true })
  for (const old of readdirSync(destination).filter((f) => f.endsWith(".tgz"))) {
    rmSync(path.join(destination, old))
  }
  const out = await run("npm", ["pack", "--json", "--pack-destination", destination], {
    cwd: PLUGIN_ROOT,
  })
  const [{ filename }] = JSON.parse(out.slice(out.indexOf("[")))
  return path.join(destination, filename)
}

const hostPackageJson = (tarball: string) => ({
  name: "newsletter-browser-host",
  version: "0.0.0",
  private: true,
  description: "Throwaway Medusa app for the medusa-plugin-newsletter browser tests",
  scripts: { build: "medusa build", start: "medusa start" },
  dependencies: {
    "@medusajs/admin-sdk": MEDUSA_VERSION,
    "@medusajs/cli": MEDUSA_VERSION,
    "@medusajs/framework": MEDUSA_VERSION,
    "@medusajs/medusa": MEDUSA_VERSION,
    "@medusajs/icons": MEDUSA_VERSION,
    "@medusajs/js-sdk": MEDUSA_VERSION,
    "@medusajs/ui": "4.2.6",
    "medusa-plugin-newsletter": `file:${tarball}`,
  },
  devDependencies: {
    "@medusajs/test-utils": MEDUSA_VERSION,
    "@swc/core": "^1.7.28",
    "@types/node": "^20.0.0",
    "@types/react": "^18.3.2",
    "@types/react-dom": "^18.2.25",
    react: "^18.3.1",
    "react-dom": "^18.3.1",
    "ts-node": "^10.9.2",
    typescript: "^5.6.2",
    vite: "^7.3.6",
  },
  engines: { node: ">=20" },
})

// The host's configuration, as the plugin's README tells a store to write it. The Resend base URL
// and the ports come from the environment at start, so one build serves every run.
const hostMedusaConfig = `import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const port = process.env.PORT || "9000"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "http://localhost:8000",
      adminCors: \`http://localhost:\${port}\`,
      authCors: \`http://localhost:\${port}\`,
      jwtSecret: "browser-test-jwt-secret",
      cookieSecret: "browser-test-cookie-secret",
    },
    // The production build is served over plain http on localhost here: a Secure session
    // cookie would never be set.
    cookieOptions: { secure: false, sameSite: "lax" },
  },
  modules: [
    {
      resolve: "@medusajs/medusa/file",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/file-local",
            id: "local",
            options: { backend_url: \`http://localhost:\${port}/static\` },
          },
        ],
      },
    },
  ],
  plugins: [
    {
      resolve: "medusa-plugin-newsletter",
      options: {
        resend: {
          apiKey: "re_test_key",
          from: "テストショップ <news@shop.example>",
          baseUrl: process.env.RESEND_STANDIN_URL || "http://127.0.0.1:9",
          requestsPerSecond: 20,
        },
        storefrontUrl: "http://localhost:8000",
        backendUrl: \`http://localhost:\${port}\`,
        timezone: "Asia/Tokyo",
        minLeadMinutes: 3,
        sender: {
          name: "テストショップ",
          postalAddress: "東京都千代田区1-1-1",
          contact: "support@shop.example",
        },
      },
    },
  ],
})
`

const hostTsconfig = {
  compilerOptions: {
    target: "ES2021",
    esModuleInterop: true,
    module: "Node16",
    moduleResolution: "Node16",
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    declaration: false,
    sourceMap: false,
    inlineSourceMap: true,
    outDir: "./.medusa/server",
    rootDir: "./",
    jsx: "react-jsx",
    resolveJsonModule: true,
    checkJs: false,
    strictNullChecks: true,
  },
  "ts-node": { swc: true },
  include: ["**/*", ".medusa/types/*"],
  exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache"],
}

export type Host = { dir: string; databaseUrl: string; databaseName: string }

/** Writes the host app and installs it from the registries (npm's cache first). */
export async function createHost(dir: string, tarball: string): Promise<void> {
  // A host left by an earlier run keeps its node_modules (the install is then seconds, not
  // minutes); its lockfile goes, so that npm reads this tarball's dependencies again.
  const reuse = existsSync(path.join(dir, "node_modules"))
  rmSync(path.join(dir, "package-lock.json"), { force: true })
  rmSync(path.join(dir, ".medusa"), { recursive: true, force: true })
  mkdirSync(path.join(dir, "src"), { recursive: true })
  writeFileSync(path.join(dir, "package.json"), JSON.stringify(hostPackageJson(tarball), null, 2))
  writeFileSync(path.join(dir, "medusa-config.ts"), hostMedusaConfig)
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(hostTsconfig, null, 2))
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: dir })
  if (reuse) {
    // npm keeps a kept host's copy of a same-version tarball: put this build in place by hand.
    const installed = path.join(dir, "node_modules", "medusa-plugin-newsletter")
    rmSync(installed, { recursive: true, force: true })
    mkdirSync(installed, { recursive: true })
    await run("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"], { quiet: true })
  }
}

/**
 * One host folder per machine, kept between runs: deleting ~100,000 files costs minutes on a busy
 * disk, and a kept one installs in seconds.
 */
export function defaultHostDir(): string {
  return process.env.BROWSER_HOST_DIR || path.join(tmpdir(), "newsletter-browser-host")
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

const medusaBin = (dir: string) => path.join(dir, "node_modules", ".bin", "medusa")

export async function migrateAndCreateAdmin(dir: string, env: NodeJS.ProcessEnv) {
  await run(medusaBin(dir), ["db:migrate"], { cwd: dir, env })
  await run(medusaBin(dir), ["user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD], { cwd: dir, env })
}

/** `medusa build`: the backend and the production admin bundle, plugin extensions included. */
export async function buildHost(dir: string, env: NodeJS.ProcessEnv) {
  await run(medusaBin(dir), ["build"], { cwd: dir, env })
  const server = path.join(dir, ".medusa", "server")
  // The build output is started as-is with the host's install instead of a second `npm install`.
  if (!existsSync(path.join(server, "node_modules"))) {
    symlinkSync(path.join(dir, "node_modules"), path.join(server, "node_modules"), "dir")
  }
}

/** `medusa start` on `port`; resolves once /health answers. */
export async function startHost(
  dir: string,
  port: number,
  env: NodeJS.ProcessEnv
): Promise<{ url: string; stop: () => Promise<void>; output: () => string }> {
  const server = path.join(dir, ".medusa", "server")
  let output = ""
  const child: ChildProcess = spawn(medusaBin(dir), ["start", "--port", String(port)], {
    cwd: server,
    env: { ...env, NODE_ENV: "production", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  })
  const keep = (chunk: Buffer) => {
    output += chunk.toString()
    if (output.length > 400_000) output = output.slice(-200_000)
  }
  child.stdout!.on("data", keep)
  child.stderr!.on("data", keep)
  let exited: number | null = null
  child.on("exit", (code) => (exited = code ?? -1))

  const url = `http://localhost:${port}`
  const deadline = Date.now() + 120_000
  while (true) {
    if (exited !== null) {
      throw new Error(`medusa start exited with ${exited}:\n${output.slice(-6000)}`)
    }
    try {
      const res = await fetch(`${url}/health`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`medusa start did not answer /health within 120 s:\n${output.slice(-6000)}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  log(`medusa start: ${url}`)
  return {
    url,
    output: () => output,
    stop: async () => {
      if (exited !== null) return
      const gone = new Promise((r) => child.once("exit", r))
      try {
        process.kill(-child.pid!, "SIGTERM")
      } catch {
        return
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL")
        } catch {
          // already gone
        }
      }, 10_000)
      await gone
      clearTimeout(timer)
    },
  }
}
