/**
 * Start the Resend stand-in from the command line, for manual use and the benchmark.
 *
 *   npx ts-node integration-tests/resend-standin/cli.ts [--port 4010] [--api-key re_test_key]
 *     [--host 127.0.0.1] [--rps 5] [--latency 120] [--random-faults 0.2 --seed 42] [--quiet]
 *
 * Every flag can also come from the environment: RESEND_STANDIN_PORT, RESEND_STANDIN_API_KEY,
 * RESEND_STANDIN_RPS, RESEND_STANDIN_LATENCY_MS, RESEND_STANDIN_RANDOM_FAULTS,
 * RESEND_STANDIN_SEED. Flags win over the environment.
 *
 * Prints the base URL on the first line of stdout (`RESEND_BASE_URL=http://127.0.0.1:4010`) so a
 * parent process can read it, then a one-line summary per request unless --quiet. On SIGINT or
 * SIGTERM it prints totals and exits.
 */
import { startResendStandin } from "./server"

const USAGE =
  "usage: cli.ts [--port N] [--host H] [--api-key KEY] [--rps N] [--latency MS] [--random-faults RATE --seed N] [--quiet]"

const parseArgs = (argv: string[]) => {
  const flags: Record<string, string | true> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${arg}\n${USAGE}`)
    const [name, inline] = arg.slice(2).split("=", 2)
    if (inline !== undefined) flags[name] = inline
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith("--")) flags[name] = argv[++i]
    else flags[name] = true
  }
  return flags
}

const numberOf = (label: string, value: string | true | undefined): number | undefined => {
  if (value === undefined || value === "") return undefined
  const parsed = Number(value)
  if (value === true || !Number.isFinite(parsed))
    throw new Error(`${label} must be a number\n${USAGE}`)
  return parsed
}

const main = async () => {
  const flags = parseArgs(process.argv.slice(2))
  if (flags.help) {
    console.log(USAGE)
    return
  }
  const env = process.env
  const port = numberOf("--port", flags.port ?? env.RESEND_STANDIN_PORT) ?? 4010
  const apiKey =
    (typeof flags["api-key"] === "string" ? flags["api-key"] : env.RESEND_STANDIN_API_KEY) ||
    "re_test_key"
  const rps = numberOf("--rps", flags.rps ?? env.RESEND_STANDIN_RPS)
  const latencyMs = numberOf("--latency", flags.latency ?? env.RESEND_STANDIN_LATENCY_MS) ?? 0
  const faultRate = numberOf(
    "--random-faults",
    flags["random-faults"] ?? env.RESEND_STANDIN_RANDOM_FAULTS
  )
  const seed = numberOf("--seed", flags.seed ?? env.RESEND_STANDIN_SEED) ?? 1
  const quiet = flags.quiet === true

  const standin = await startResendStandin({
    port,
    host: typeof flags.host === "string" ? flags.host : "127.0.0.1",
    apiKey,
    rateLimit: rps ? { requestsPerSecond: rps } : null,
    latencyMs,
    // The CLI only reports totals, so it does not keep message bodies around.
    recordContent: false,
  })
  if (faultRate) standin.randomFaults({ rate: faultRate, seed })

  console.log(`RESEND_BASE_URL=${standin.url}`)
  console.error(
    `Resend stand-in listening on ${standin.url} (api key ${apiKey}, ` +
      `${rps ? `${rps} req/s` : "no rate limit"}, latency ${latencyMs} ms` +
      `${faultRate ? `, random faults ${faultRate} seed ${seed}` : ""})`
  )

  // Poll the logs rather than hooking the server (the CLI only observes), then empty them so a
  // long benchmark does not accumulate millions of records in this process.
  const totals = { requests: 0, messages: 0 }
  const drain = () => {
    for (const r of standin.requests) {
      if (quiet) continue
      const extra = [
        r.errorName,
        r.fault && `fault=${r.fault}`,
        r.replayed && "replayed",
        r.dropped && `dropped=${r.dropped}`,
      ]
        .filter(Boolean)
        .join(" ")
      console.log(
        `${new Date(r.at).toISOString()} ${r.method} ${r.path} ${r.status} items=${r.itemCount} accepted=${r.acceptedCount} ${extra}`.trimEnd()
      )
    }
    totals.requests += standin.requests.length
    totals.messages += standin.messages.length
    standin.requests.length = 0
    standin.messages.length = 0
  }
  setInterval(drain, 200).unref()

  const stop = async () => {
    drain()
    console.error(`\n${totals.requests} requests, ${totals.messages} messages accepted`)
    await standin.close()
    process.exit(0)
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
