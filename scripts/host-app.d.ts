// Types of host-app.js (plain CommonJS, shared by demo/run.js and the browser tier).
import type { ChildProcess } from "node:child_process"

type Log = (message: string) => void
type Children = Set<ChildProcess>

export const MEDUSA_VERSION: string
export const PLUGIN_ROOT: string

export function run(
  command: string,
  args: string[],
  options?: { cwd?: string; env?: NodeJS.ProcessEnv; label?: string; log?: Log; children?: Children }
): Promise<string>

export function medusaBin(dir: string): string

export function pluginTarball(dir: string): { tarball: string; sha: string }

export function packPlugin(tarball: string, options?: { build?: boolean; log?: Log; children?: Children }): Promise<string>

export type HostConfig = {
  /** "outbox": .eml files in DEMO_OUTBOX_DIR, or Resend with RESEND_API_KEY; "resend-standin": Resend's API at RESEND_STANDIN_URL. */
  mail: { kind: "outbox" } | { kind: "resend-standin"; from: string; requestsPerSecond: number }
  /** Prefix of the JWT, cookie and link secrets. */
  secret: string
  sender: { name: string; postalAddress: string; contact: string }
  /** More plugin options, as given (e.g. the browser tier's small `errorRate.minAttempts`). */
  pluginOptions?: Record<string, unknown>
}

export function prepareHostApp(
  dir: string,
  options: {
    tarball: string
    name: string
    description: string
    config: HostConfig
    files?: string[]
    log?: Log
    children?: Children
  }
): Promise<{ installed: boolean; configHash: string }>

export function hasInstalled(dir: string, tarball: string): boolean

export function buildHostApp(dir: string, options: { env: NodeJS.ProcessEnv; log?: Log; children?: Children }): Promise<void>

export function stopGroup(child: ChildProcess | null | undefined, graceMs?: number): Promise<void>

export function startHostApp(
  dir: string,
  options: {
    port: number
    env: NodeJS.ProcessEnv
    logFile?: string
    onSpawn?: (child: ChildProcess) => void
    timeoutSeconds?: number
  }
): Promise<{
  child: ChildProcess
  url: string
  output: () => string
  exited: () => number | string | null
  stop: () => Promise<void>
  started: string
}>
