import { ResendStandin, startResendStandin } from "../resend-standin/server"

/**
 * Starts the Resend stand-in before the suite's app boots and points the test config at it
 * (medusa-config.ts reads RESEND_STANDIN_URL when the runner loads it). Call at the top level of a
 * spec file, BEFORE medusaIntegrationTestRunner, so this beforeAll runs first.
 */
export function useResendStandin(env: Record<string, string> = {}, options: { recordContent?: boolean } = {}) {
  const ref: { standin: ResendStandin } = {} as any
  beforeAll(async () => {
    ref.standin = await startResendStandin(options)
    process.env.RESEND_STANDIN_URL = ref.standin.url
    Object.assign(process.env, env)
  })
  afterAll(async () => {
    await ref.standin?.close()
    delete process.env.RESEND_STANDIN_URL
    Object.keys(env).forEach((key) => delete process.env[key])
  })
  return ref
}

/**
 * A short lease, so a batch is taken over within seconds, with the answer timeout that lease
 * allows (two attempts' worst case must fit: 2 × 1 s + 2 s of backoff ≤ 5 s).
 */
export const SHORT_LEASE_ENV = { NEWSLETTER_TEST_LEASE_SECONDS: "5", NEWSLETTER_TEST_RESEND_TIMEOUT: "1" }
