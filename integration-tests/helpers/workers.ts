import { ChildProcess, spawn } from "node:child_process"
import path from "node:path"

const ROOT = path.resolve(__dirname, "../..")
const MEDUSA_BIN = path.join(ROOT, "node_modules/.bin/medusa")

export type Worker = {
  process: ChildProcess
  output: () => string
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>
}

/**
 * Starts a separate Medusa worker process (integration-tests/scripts/dispatch-worker.ts) on the
 * suite's database. It runs the plugin's dispatch until nothing is being sent.
 */
export function startWorker(
  env: Record<string, string>,
  script = "./integration-tests/scripts/dispatch-worker.ts"
): Worker {
  let output = ""
  const child = spawn(MEDUSA_BIN, ["exec", script], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  child.stdout!.on("data", (d) => (output += d.toString()))
  child.stderr!.on("data", (d) => (output += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  return { process: child, output: () => output, exited }
}

/** Polls `condition` every 20 ms until it holds; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
