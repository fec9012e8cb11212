/**
 * The command loop of a benchmark agent (a Medusa process driven by bench/run.ts through
 * bench/lib/proc.ts startAgent): one JSON command per stdin line, answered on stdout as
 * `BENCH_REPLY {"seq", "ok", "result" | "error"}`; `quit` ends it.
 */
import readline from "node:readline"
import { inspect } from "node:util"

export type CommandHandlers = Record<string, (args: Record<string, any>) => Promise<unknown>>

type Command = { seq: number; op: string; args: Record<string, any> }

export async function serveCommands(handlers: CommandHandlers): Promise<void> {
  console.log("BENCH_READY")
  const lines = readline.createInterface({ input: process.stdin })
  for await (const line of lines) {
    if (!line.trim()) continue
    const command = JSON.parse(line) as Command
    if (command.op === "quit") break
    try {
      const result = await handlers[command.op](command.args)
      console.log(`BENCH_REPLY ${JSON.stringify({ seq: command.seq, ok: true, result })}`)
    } catch (e) {
      const error = e instanceof Error ? `${e.message}\n${e.stack}` : inspect(e, { depth: 4 })
      console.log(`BENCH_REPLY ${JSON.stringify({ seq: command.seq, ok: false, error })}`)
    }
  }
}
