/**
 * The local limit: a bare script, no database and no Medusa app, that renders the same mails the
 * plugin renders (its own renderer, message builder and Resend transport, i.e.
 * `resend.batch.send` with 100 mails, an Idempotency-Key and permissive validation) and pushes
 * them to the stand-in as fast as it answers, `concurrency` requests in flight.
 *
 * Run as a child of bench/run.ts; prints one JSON line with the result.
 */
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { buildMessage, liveSendContext } from "../../src/lib/dispatch/build-message"
import { linkKeysFor } from "../../src/lib/dispatch/links"
import { compileArticle } from "../../src/lib/render/compile"
import { ResendTransport } from "../../src/lib/transport/resend-transport"
import { resolveNewsletterOptions } from "../../src/modules/newsletter/options"
import { BENCH_ARTICLE } from "./article"
import { customerAt } from "./gen"

type Args = { baseUrl: string; subscribed: number; concurrency: number; batchSize: number }

async function main() {
  const args = JSON.parse(process.argv[2]) as Args
  // The plugin options of the repo's test host config (the same ones the Medusa processes use).
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const testPluginOptions = require("../../medusa-config").modules.newsletter.options
  const options = resolveNewsletterOptions({
    ...testPluginOptions,
    resend: { ...testPluginOptions.resend, baseUrl: args.baseUrl },
  })
  // The test config sets linkSecret, so no app jwtSecret is needed.
  const linkKeys = linkKeysFor(options, undefined)
  const article = { id: "nl_01BENCHBARE0000000000000000", coupon_mode: "none" as any }
  const context = liveSendContext(options, null, linkKeys)
  const compiled = await compileArticle(BENCH_ARTICLE, {
    shopName: options.sender.shopName ?? options.sender.name,
    sender: options.sender,
  })
  const transport = new ResendTransport({ apiKey: options.resend!.apiKey, baseUrl: args.baseUrl })
  // A recipient id of the same shape as the snapshot's ('nlrcp_' + 32 hex), so tokens are as long.
  const recipientId = (i: number) => `nlrcp_${createHash("md5").update(String(i)).digest("hex")}`

  const render = (i: number) => {
    const c = customerAt(i, args.subscribed)
    return buildMessage(
      compiled,
      article,
      { id: recipientId(i), email: c.email, first_name: c.first_name, last_name: c.last_name },
      context,
      linkKeys
    )
  }
  const mailBytes = Buffer.byteLength(JSON.stringify(render(0)))

  const runId = Date.now()
  const batches = Math.ceil(args.subscribed / args.batchSize)
  let next = 0
  let sent = 0
  let failed = 0
  let requests = 0
  const started = Date.now()
  const worker = async () => {
    for (let b = next++; b < batches; b = next++) {
      const messages: ReturnType<typeof render>[] = []
      for (let i = b * args.batchSize; i < Math.min(args.subscribed, (b + 1) * args.batchSize); i++) {
        messages.push(render(i))
      }
      requests++
      const outcome = await transport.sendBatch(messages, `bench/bare/${runId}/${b}`)
      if (outcome.kind !== "accepted") {
        throw new Error(`batch ${b} not accepted: ${JSON.stringify(outcome)}`)
      }
      for (const r of outcome.results) ("id" in r ? sent++ : failed++)
    }
  }
  await Promise.all(Array.from({ length: args.concurrency }, worker))
  const ms = Date.now() - started
  // The script's peak resident memory: what sending alone costs a Node process, for the memory row.
  const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? NaN)
  const peakRssMb = Math.round((hwmKb / 1024) * 10) / 10
  console.log(`BARE_RESULT ${JSON.stringify({ ms, sent, failed, requests, mailBytes, peakRssMb })}`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
