/**
 * Child processes of the benchmark: the stand-in (IPC), Medusa processes (`medusa exec` agents
 * speaking JSON lines over stdin/stdout, `medusa start`), and memory sampling from /proc.
 */
import { ChildProcess, fork, spawn } from "node:child_process"
import { createWriteStream, readFileSync, writeFileSync } from "node:fs"
import path from "node:path"
import readline from "node:readline"

export const ROOT = path.resolve(__dirname, "../..")
export const MEDUSA_BIN = path.join(ROOT, "node_modules/.bin/medusa")
export const LOG_DIR = path.join(ROOT, "bench/results/logs")

const TS_NODE = ["-r", "ts-node/register/transpile-only"]

/** Environment for children: ours, minus what would switch the test config to other modules. */
export function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "test", TS_NODE_TRANSPILE_ONLY: "true" }
  for (const key of ["MEDUSA_TEST_WORKER_MODE", "NEWSLETTER_TEST_REDIS_URL", "REDIS_URL"]) delete env[key]
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }
  return env
}

// ---------------------------------------------------------------------------------------------
// memory

/** VmRSS and VmHWM (peak) of a process, in MB; null once it is gone. */
export function memoryOf(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8")
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN)
    return { rss: kb("VmRSS") / 1024, hwm: kb("VmHWM") / 1024 }
  } catch {
    return null
  }
}

/** Resets the process's peak RSS (VmHWM) to its current RSS; false where the kernel refuses. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5")
    return true
  } catch {
    return false
  }
}

/**
 * Samples a process's RSS every `everyMs` until stopped; the result has the RSS at the start,
 * the highest sample, and the kernel's peak (VmHWM, reset at the start when allowed).
 */
export function sampleMemory(pid: number, everyMs = 50) {
  const peakReset = resetPeak(pid)
  const start = memoryOf(pid)
  let maxRss = start?.rss ?? 0
  const timer = setInterval(() => {
    const m = memoryOf(pid)
    if (m && m.rss > maxRss) maxRss = m.rss
  }, everyMs)
  return {
    stop() {
      clearInterval(timer)
      const end = memoryOf(pid)
      if (end && end.rss > maxRss) maxRss = end.rss
      return {
        startRssMb: round1(start?.rss ?? NaN),
        maxSampledRssMb: round1(maxRss),
        peakRssMb: round1(peakReset && end ? Math.max(end.hwm, maxRss) : maxRss),
        endRssMb: round1(end?.rss ?? NaN),
        peakSource: peakReset
          ? `VmHWM (reset at the start) and VmRSS sampled every ${everyMs} ms`
          : `VmRSS sampled every ${everyMs} ms`,
      }
    },
  }
}

export const round1 = (n: number) => Math.round(n * 10) / 10

// ---------------------------------------------------------------------------------------------
// the stand-in

export type StandinStats = {
  requests: number
  byStatus: Record<string, number>
  accepted: number
  /** Accepted messages whose recipient had been accepted before in this phase. */
  duplicates: number
  uniqueRecipients: number
  firstAt: number | null
  lastAt: number | null
}

export type StandinHandle = {
  url: string
  pid: number
  reset(rps: number | null): Promise<void>
  stats(): Promise<StandinStats>
  close(): Promise<void>
}

export async function startStandin(): Promise<StandinHandle> {
  const child = fork(path.join(ROOT, "bench/lib/standin-child.ts"), [], {
    cwd: ROOT,
    execArgv: TS_NODE,
    env: childEnv({}),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  })
  let seq = 0
  const waiting = new Map<number, (m: any) => void>()
  const ready = new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`stand-in exited (${code})`)))
    child.on("message", (m: any) => {
      if (m.ready) resolve(m.url)
      else waiting.get(m.id)?.(m)
    })
  })
  const url = await ready
  const call = (op: string, extra: object = {}) =>
    new Promise<any>((resolve) => {
      const id = ++seq
      waiting.set(id, resolve)
      child.send({ id, op, ...extra })
    })
  return {
    url,
    pid: child.pid!,
    reset: async (rps) => void (await call("reset", { rps })),
    stats: async () => (await call("stats")).stats,
    close: async () => {
      await Promise.race([call("close"), new Promise((r) => setTimeout(r, 3000))])
      if (child.exitCode === null) child.kill("SIGKILL")
    },
  }
}

// ---------------------------------------------------------------------------------------------
// plain children (the bare script)

/** Runs a TS file with ts-node, resolves with its stdout; rejects on a non-zero exit. */
export function runTs(file: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TS_NODE, file, ...args], {
      cwd: ROOT,
      env: childEnv(env),
      stdio: ["ignore", "pipe", "pipe"],
    })
    let out = ""
    let err = ""
    child.stdout.on("data", (d) => (out += d))
    child.stderr.on("data", (d) => (err += d))
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${file} exited ${code}: ${err.slice(-2000)}`))))
  })
}

// ---------------------------------------------------------------------------------------------
// Medusa processes

export type Agent = {
  name: string
  pid: number
  process: ChildProcess
  /** Sends a command to the agent script and resolves with its `result`. */
  call<T = any>(op: string, args?: object): Promise<T>
  stop(): Promise<void>
}

/**
 * Starts `medusa exec <script>` in `cwd` (its medusa-config.ts is the one loaded) and waits for
 * the script's ready line. The agent reads one JSON command per stdin line, `{seq, op, args}`, and
 * answers `BENCH_REPLY {seq, ok, result | error}` on stdout; everything else goes to the log file.
 */
export async function startAgent(
  name: string,
  script: string,
  cwd: string,
  env: Record<string, string | undefined>,
  /** Extra node flags (e.g. --cpu-prof while looking into a figure; BENCH_AGENT_NODE_ARGS by default). */
  nodeArgs: string[] = (process.env.BENCH_AGENT_NODE_ARGS ?? "").split(" ").filter(Boolean)
): Promise<Agent> {
  const log = createWriteStream(path.join(LOG_DIR, `${name}.log`))
  const [command, argv] = nodeArgs.length
    ? [process.execPath, [...nodeArgs, MEDUSA_BIN, "exec", script]]
    : [MEDUSA_BIN, ["exec", script]]
  const child = spawn(command, argv, {
    cwd,
    env: childEnv(env),
    stdio: ["pipe", "pipe", "pipe"],
  })
  child.stderr!.pipe(log)
  let seq = 0
  const waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>()
  let readyResolve: () => void
  let readyReject: (e: Error) => void
  const ready = new Promise<void>((resolve, reject) => {
    readyResolve = resolve
    readyReject = reject
  })
  readline.createInterface({ input: child.stdout! }).on("line", (line) => {
    if (line.startsWith("BENCH_READY")) return readyResolve()
    if (!line.startsWith("BENCH_REPLY ")) {
      log.write(line + "\n")
      return
    }
    const reply = JSON.parse(line.slice("BENCH_REPLY ".length))
    const w = waiting.get(reply.seq)
    waiting.delete(reply.seq)
    if (reply.ok) w?.resolve(reply.result)
    else w?.reject(new Error(`${name}: ${reply.error}`))
  })
  child.on("exit", (code, signal) => {
    const e = new Error(`${name} exited (${code ?? signal}); see bench/results/logs/${name}.log`)
    readyReject(e)
    for (const w of waiting.values()) w.reject(e)
    waiting.clear()
  })
  await ready
  return {
    name,
    pid: child.pid!,
    process: child,
    call: (op, args = {}) =>
      new Promise((resolve, reject) => {
        const id = ++seq
        waiting.set(id, { resolve, reject })
        child.stdin!.write(JSON.stringify({ seq: id, op, args }) + "\n")
      }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((r) => child.once("exit", r))
      child.stdin!.write(JSON.stringify({ seq: ++seq, op: "quit", args: {} }) + "\n")
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL")
        await exited
      }
    },
  }
}

export type Server = { pid: number; url: string; process: ChildProcess; stop(): Promise<void> }

/** `medusa start` on `port` with the repo's test config; resolves once /health answers. */
export async function startServer(
  port: number,
  env: Record<string, string | undefined>,
  nodeArgs: string[] = []
): Promise<Server> {
  const log = createWriteStream(path.join(LOG_DIR, "server.log"))
  const medusaArgs = ["start", "--port", String(port)]
  const [command, argv] = nodeArgs.length
    ? [process.execPath, [...nodeArgs, MEDUSA_BIN, ...medusaArgs]]
    : [MEDUSA_BIN, medusaArgs]
  const child = spawn(command, argv, {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  })
  child.stdout!.pipe(log)
  child.stderr!.pipe(log)
  const url = `http://127.0.0.1:${port}`
  // Generous: on a shared, loaded machine a boot has taken over 150 s.
  const deadline = Date.now() + 600_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`medusa start exited (${child.exitCode}); see bench/results/logs/server.log`)
    try {
      const res = await fetch(`${url}/health`)
      if (res.ok) break
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("medusa start did not answer /health within 600 s")
    await new Promise((r) => setTimeout(r, 500))
  }
  return {
    pid: child.pid!,
    url,
    process: child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((r) => child.once("exit", r))
      child.kill("SIGTERM")
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL")
        await exited
      }
    },
  }
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const net = await import("node:net")
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once("error", reject)
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => resolve(port))
    })
  })
}
