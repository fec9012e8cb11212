/**
 * Development only: the cost of ONE group statement of the webhook route (the repository's
 * applyDeliveryEvents), outside Medusa, on a database kept by `npm run bench -- --only webhooks
 * --keep-db`. Picks N sent recipients not delivered yet and applies N new email.delivered reports,
 * REPS times on one connection:
 *
 *   REPS=10 npx ts-node --transpile-only bench/scripts/explain-delivery-group.ts <database> [N=8] [run|explain]
 *
 * `run` prints each statement's round trip; `explain` runs it under EXPLAIN (ANALYZE, BUFFERS) and
 * prints the plan with its planning and execution times. Either way the reports are applied.
 */
import { Client } from "pg"
import { applyDeliveryEvents } from "../../src/modules/newsletter/repositories/delivery"
import type { DeliveryEventInput } from "../../src/lib/webhooks/types"

async function main() {
  const [db, n, mode] = [process.argv[2], Number(process.argv[3] || 8), process.argv[4] || "run"]
  const c = new Client({ connectionString: `${process.env.BENCH_PG_URL || "postgres://postgres@localhost:5432"}/${db}` })
  await c.connect()
  // knex's placeholders (`?`) as pg's ($1…); the statement has no other question mark.
  const manager = {
    async execute(sql: string, params: unknown[] = []) {
      let k = 0
      const text = sql.replace(/\?/g, () => `$${++k}`)
      if (mode === "explain") {
        const res = await c.query(`EXPLAIN (ANALYZE, BUFFERS, SUMMARY) ${text}`, params)
        console.log(res.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n"))
        return []
      }
      const t = performance.now()
      const res = await c.query(text, params)
      console.log(`${n} reports: ${(performance.now() - t).toFixed(2)} ms`)
      return res.rows
    },
  }
  for (let rep = 0; rep < Number(process.env.REPS || 1); rep++) {
    const { rows } = await c.query(
      `SELECT id, provider_message_id FROM newsletter_recipient
       WHERE provider_message_id IS NOT NULL AND delivered_at IS NULL ORDER BY random() LIMIT $1`,
      [n]
    )
    const now = new Date()
    const events: DeliveryEventInput[] = rows.map((r: { id: string; provider_message_id: string }, i: number) => ({
      eventId: `msg_explain_${Date.now()}_${i}`,
      type: "email.delivered",
      kind: "delivered",
      emailId: r.provider_message_id,
      recipientId: r.id,
      occurredAt: now,
      now,
    }))
    await applyDeliveryEvents(manager, events)
  }
  await c.end()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
