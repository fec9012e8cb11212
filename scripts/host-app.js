// The Medusa host app that installs this plugin the way an npm user gets it: `npm run build`,
// `npm pack`, the tarball as `file:` dependency of a plain Medusa 2.21.2 app with exact
// @medusajs/* versions, the plugin registered in medusa-config.ts as the README tells a store to
// do it, `npm install`, `medusa build` and `medusa start` of the build output.
//
// One module for both users of such an app: `npm run demo` (demo/run.js, plain Node) and the
// browser tier (integration-tests/browser/run.ts, through ts-node). Plain CommonJS so that both
// can load it; types in host-app.d.ts. What differs between them is a parameter: the package's
// name, the mail (outbox or the Resend stand-in), the secrets, the sender, the port, where the
// server's output goes. The database and the seed stay with the callers.
const { spawn } = require("node:child_process")
const crypto = require("node:crypto")
const fs = require("node:fs")
const path = require("node:path")

const PLUGIN_ROOT = path.resolve(__dirname, "..")
const MEDUSA_VERSION = "2.21.2"
// What the host's package.json holds of the install, once `npm install` has installed it.
const INSTALLED_MARKER = ".installed-package.json"

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`
// A folder as the messages show it: relative when under the working directory.
const shown = (dir) => {
  const rel = path.relative(process.cwd(), dir)
  return rel.startsWith("..") ? dir : rel || "."
}
const readIf = (file) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null)
const medusaBin = (dir) => path.join(dir, "node_modules", ".bin", "medusa")

/**
 * Runs a command to its end, its output kept; rejects with the output's tail when it fails.
 * With `children` (a Set), the command runs in its own process group and is in the set while it
 * runs, so that a caller's stop can end npm's children too.
 */
function run(command, args, { cwd = PLUGIN_ROOT, env = process.env, label, log, children } = {}) {
  const since = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: !!children })
    if (children) {
      children.add(child)
      child.on("exit", () => children.delete(child))
    }
    let output = ""
    const keep = (chunk) => {
      output += chunk
      if (output.length > 400_000) output = output.slice(-200_000)
    }
    child.stdout.on("data", keep)
    child.stderr.on("data", keep)
    child.on("error", reject)
    child.on("close", (code) => {
      if (code === 0) {
        log?.(`${label || `${command} ${args.join(" ")}`} (${seconds(since)})`)
        resolve(output)
      } else {
        reject(new Error(`${command} ${args.join(" ")} (in ${shown(cwd)}) exited with ${code} after ${seconds(since)}:\n${output.slice(-8000)}`))
      }
    })
  })
}

/**
 * The plugin's sources (src/, package.json, tsconfig.json) as a hash. The build itself is not
 * byte-for-byte repeatable (Medusa's admin bundler orders the plugin's routes differently from one
 * build to the next), so the tarball is named after the sources instead.
 */
function sourceFingerprint() {
  const hash = crypto.createHash("sha256")
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        walk(file)
      } else {
        hash.update(`\0${path.relative(PLUGIN_ROOT, file)}\0`)
        hash.update(fs.readFileSync(file))
      }
    }
  }
  walk(path.join(PLUGIN_ROOT, "src"))
  for (const file of ["package.json", "tsconfig.json"]) hash.update(fs.readFileSync(path.join(PLUGIN_ROOT, file)))
  return hash.digest("hex").slice(0, 12)
}

/**
 * Where `packPlugin` puts the tarball of the current sources in `dir`. A new name for new sources:
 * npm then installs it instead of keeping the copy its lock file names.
 */
function pluginTarball(dir) {
  const sha = sourceFingerprint()
  const { name, version } = JSON.parse(fs.readFileSync(path.join(PLUGIN_ROOT, "package.json"), "utf8"))
  return { tarball: path.join(dir, `${name}-${version}-${sha}.tgz`), sha }
}

/** `npm run build` (unless `build` is false) and `npm pack` into `tarball`, the only tarball of its folder. */
async function packPlugin(tarball, { build = true, log, children } = {}) {
  if (build) await run("npm", ["run", "build"], { label: "npm run build (the plugin)", log, children })
  const dir = path.dirname(tarball)
  fs.mkdirSync(dir, { recursive: true })
  for (const old of fs.readdirSync(dir).filter((f) => f.endsWith(".tgz"))) fs.rmSync(path.join(dir, old))
  const out = await run("npm", ["pack", "--json", "--pack-destination", dir], { label: "npm pack", log, children })
  const [{ filename }] = JSON.parse(out.slice(out.indexOf("[")))
  fs.renameSync(path.join(dir, filename), tarball)
  return tarball
}

function hostPackageJson({ dir, tarball, name, description }) {
  return {
    name,
    version: "0.0.0",
    private: true,
    description,
    scripts: { build: "medusa build", start: "medusa start", dev: "medusa develop" },
    dependencies: {
      "@medusajs/admin-sdk": MEDUSA_VERSION,
      "@medusajs/cli": MEDUSA_VERSION,
      "@medusajs/framework": MEDUSA_VERSION,
      "@medusajs/icons": MEDUSA_VERSION,
      "@medusajs/js-sdk": MEDUSA_VERSION,
      "@medusajs/medusa": MEDUSA_VERSION,
      "@medusajs/ui": "4.2.6",
      "medusa-plugin-newsletter": `file:${path.relative(dir, tarball)}`,
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
  }
}

// The plugin's mail options, by kind. "outbox": real mail through Resend when RESEND_API_KEY and
// RESEND_FROM are given (never while DEMO_SEEDING is set), else .eml files in DEMO_OUTBOX_DIR.
// "resend-standin": Resend's API at RESEND_STANDIN_URL, the stand-in the tests start (port 9,
// discard, when none is given, so that nothing leaves the machine).
const MAIL = {
  outbox: () => ({
    head: `// Real mail only with a Resend key, and never while the demo writes its made-up data.
const resend =
  process.env.RESEND_API_KEY && !process.env.DEMO_SEEDING
    ? {
        apiKey: process.env.RESEND_API_KEY,
        from: process.env.RESEND_FROM as string,
        webhookSecret: process.env.RESEND_WEBHOOK_SECRET || undefined,
      }
    : undefined
`,
    options: `...(resend ? { resend } : { outboxDir: process.env.DEMO_OUTBOX_DIR || "newsletter-outbox" }),`,
  }),
  "resend-standin": ({ from, requestsPerSecond }) => ({
    head: "",
    options: `resend: {
          apiKey: "re_test_key",
          from: ${JSON.stringify(from)},
          baseUrl: process.env.RESEND_STANDIN_URL || "http://127.0.0.1:9",
          requestsPerSecond: ${Number(requestsPerSecond)},
        },`,
  }),
}

/**
 * The host's medusa-config.ts. The port (PORT) and the mail's runtime settings come from the
 * environment at start, so one build serves every run.
 */
function hostMedusaConfig({ mail, secret, sender, pluginOptions }) {
  const { head, options } = MAIL[mail.kind](mail)
  const q = JSON.stringify
  return `import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const port = process.env.PORT || "9000"
const backendUrl = \`http://localhost:\${port}\`
${head ? `\n${head}` : ""}
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "http://localhost:8000",
      adminCors: backendUrl,
      authCors: \`\${backendUrl},http://localhost:8000\`,
      jwtSecret: process.env.JWT_SECRET || ${q(`${secret}-jwt-secret`)},
      cookieSecret: process.env.COOKIE_SECRET || ${q(`${secret}-cookie-secret`)},
    },
    // The admin is served over plain http on localhost: a Secure session cookie would never be set.
    cookieOptions: { secure: false, sameSite: "lax" },
  },
  modules: [
    {
      // The admin's bell: the local provider on the "feed" channel (the README's configuration).
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          { resolve: "@medusajs/medusa/notification-local", id: "local", options: { channels: ["feed"] } },
        ],
      },
    },
    {
      resolve: "@medusajs/medusa/file",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/file-local",
            id: "local",
            options: { backend_url: \`\${backendUrl}/static\` },
          },
        ],
      },
    },
  ],
  plugins: [
    {
      resolve: "medusa-plugin-newsletter",
      options: {
        ${options}
        linkSecret: process.env.NEWSLETTER_LINK_SECRET || ${q(`${secret}-link-secret-0123456789abcdef`)},
        storefrontUrl: "http://localhost:8000",
        backendUrl,
        // A demo and test host on this machine: its links work here only, even in real mail.
        allowLocalhostLinks: true,
        timezone: "Asia/Tokyo",
        minLeadMinutes: 3,
        sender: {
          name: ${q(sender.name)},
          postalAddress: ${q(sender.postalAddress)},
          contact: ${q(sender.contact)},
        },${pluginOptions ? `\n        ...${q(pluginOptions)},` : ""}
      },
    },
  ],
})
`
}

const HOST_TSCONFIG = {
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

/**
 * Writes the host app into `dir` (package.json, medusa-config.ts, tsconfig.json, src/ and `files`,
 * copied by name) and installs it unless this very package.json is installed there already.
 * Answers whether it installed, and a hash of the files `medusa build` compiles.
 */
async function prepareHostApp(dir, { tarball, name, description, config, files = [], log, children }) {
  fs.mkdirSync(path.join(dir, "src"), { recursive: true })
  const medusaConfig = hostMedusaConfig(config)
  const tsconfig = JSON.stringify(HOST_TSCONFIG, null, 2) + "\n"
  fs.writeFileSync(path.join(dir, "medusa-config.ts"), medusaConfig)
  fs.writeFileSync(path.join(dir, "tsconfig.json"), tsconfig)
  for (const file of files) fs.copyFileSync(file, path.join(dir, path.basename(file)))
  const configHash = crypto.createHash("sha256").update(medusaConfig).update(tsconfig).digest("hex")

  const pkg = JSON.stringify(hostPackageJson({ dir, tarball, name, description }), null, 2) + "\n"
  fs.writeFileSync(path.join(dir, "package.json"), pkg)
  if (readIf(path.join(dir, INSTALLED_MARKER)) === pkg && fs.existsSync(medusaBin(dir))) {
    log?.(`${shown(dir)} already installed with this plugin build`)
    return { installed: false, configHash }
  }
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], {
    cwd: dir,
    label: `npm install in ${shown(dir)} (Medusa ${MEDUSA_VERSION} + the plugin's tarball)`,
    log,
    children,
  })
  fs.writeFileSync(path.join(dir, INSTALLED_MARKER), pkg)
  return { installed: true, configHash }
}

/** Whether the host in `dir` has installed `tarball` (and still has its medusa CLI). */
function hasInstalled(dir, tarball) {
  return (readIf(path.join(dir, INSTALLED_MARKER)) || "").includes(path.basename(tarball)) && fs.existsSync(medusaBin(dir))
}

/** `medusa build`: the backend and the production admin bundle, plugin extensions included. */
async function buildHostApp(dir, { env, log, children }) {
  const server = path.join(dir, ".medusa", "server")
  fs.rmSync(server, { recursive: true, force: true })
  await run(medusaBin(dir), ["build"], { cwd: dir, env, label: "medusa build (the store and its admin)", log, children })
  // The build output runs with the host's own install rather than a second npm install.
  fs.symlinkSync(path.join(dir, "node_modules"), path.join(server, "node_modules"), "dir")
  // Two package.json files of one name under the repository trip jest's module map.
  const pkgFile = path.join(server, "package.json")
  const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8"))
  fs.writeFileSync(pkgFile, JSON.stringify({ ...pkg, name: `${pkg.name}-build` }, null, 2) + "\n")
}

/** Ends a process group: SIGTERM, then SIGKILL after `graceMs`; resolves once its leader exited. */
async function stopGroup(child, graceMs = 10_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const gone = new Promise((resolve) => child.once("exit", resolve))
  try {
    process.kill(-child.pid, "SIGTERM")
  } catch {
    return
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, "SIGKILL")
    } catch {
      // already gone
    }
  }, graceMs)
  await gone
  clearTimeout(timer)
}

/**
 * `medusa start` of the built host on `port` in its own process group, its output appended to
 * `logFile` (or kept in memory); resolves once /health answers and the admin at /app is served.
 * `onSpawn` gets the process at once, so that a caller's stop can end a store still starting.
 */
async function startHostApp(dir, { port, env, logFile, onSpawn, timeoutSeconds = 180 }) {
  const since = Date.now()
  const out = logFile ? fs.openSync(logFile, "a") : "pipe"
  const child = spawn(medusaBin(dir), ["start", "--port", String(port)], {
    cwd: path.join(dir, ".medusa", "server"),
    env: { ...env, NODE_ENV: "production", PORT: String(port) },
    stdio: ["ignore", out, out],
    detached: true,
  })
  let kept = ""
  const keep = (chunk) => {
    kept += chunk
    if (kept.length > 400_000) kept = kept.slice(-200_000)
  }
  child.stdout?.on("data", keep)
  child.stderr?.on("data", keep)
  const output = () => (logFile ? readIf(logFile) || "" : kept)
  const tail = () => output().split("\n").slice(-60).join("\n")
  let exited = null
  child.on("exit", (code, signal) => (exited = code ?? signal))
  onSpawn?.(child)

  const url = `http://localhost:${port}`
  for (;;) {
    if (exited !== null) throw new Error(`medusa start exited (${exited}):\n${tail()}`)
    try {
      if ((await fetch(`${url}/health`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() - since > timeoutSeconds * 1000) {
      throw new Error(`medusa start did not answer /health within ${timeoutSeconds} s:\n${tail()}`)
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  const admin = await fetch(`${url}/app`)
  if (!admin.ok) throw new Error(`the admin at ${url}/app answered ${admin.status}`)
  return { child, url, output, exited: () => exited, stop: () => stopGroup(child), started: seconds(since) }
}

module.exports = {
  MEDUSA_VERSION,
  PLUGIN_ROOT,
  buildHostApp,
  hasInstalled,
  medusaBin,
  packPlugin,
  pluginTarball,
  prepareHostApp,
  run,
  startHostApp,
  stopGroup,
}
