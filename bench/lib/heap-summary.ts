/**
 * Summarises V8 heap snapshots (`.heapsnapshot`, as v8.writeHeapSnapshot writes them): the live
 * objects by kind (node type and constructor or string kind) with count and self size, and, given
 * two snapshots, what grew from the first to the second. For looking into the dispatch worker's
 * memory (bench/scripts/agent.ts writes snapshots when BENCH_HEAP_SNAPSHOTS is set):
 *
 *   npx ts-node --transpile-only bench/lib/heap-summary.ts idle.heapsnapshot [during.heapsnapshot] [--top 25]
 */
import { readFileSync } from "node:fs"

type Kind = { kind: string; count: number; bytes: number }

export function summarise(file: string): Map<string, Kind> {
  const snap = JSON.parse(readFileSync(file, "utf8"))
  const meta = snap.snapshot.meta
  const fields: string[] = meta.node_fields
  const types: string[] = meta.node_types[0]
  const width = fields.length
  const at = (name: string) => fields.indexOf(name)
  const [typeAt, nameAt, sizeAt] = [at("type"), at("name"), at("self_size")]
  const nodes: number[] = snap.nodes
  const strings: string[] = snap.strings
  const kinds = new Map<string, Kind>()
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]]
    // Strings by their kind, not their text; objects by constructor; code and the rest by type.
    const name =
      type === "string" || type === "concatenated string" || type === "sliced string"
        ? `(${type})`
        : type === "object" || type === "closure" || type === "native"
          ? `${strings[nodes[i + nameAt]]} (${type})`
          : `(${type}) ${type === "array" || type === "hidden" ? strings[nodes[i + nameAt]] : ""}`.trim()
    const k = kinds.get(name) ?? { kind: name, count: 0, bytes: 0 }
    k.count++
    k.bytes += nodes[i + sizeAt]
    kinds.set(name, k)
  }
  return kinds
}

const mb = (n: number) => (n / 1024 ** 2).toFixed(1)

function main() {
  const args = process.argv.slice(2)
  const topAt = args.indexOf("--top")
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25
  const [first, second] = args
  const a = summarise(first)
  const total = (m: Map<string, Kind>) => [...m.values()].reduce((s, k) => s + k.bytes, 0)
  console.log(`${first}: ${mb(total(a))} MB live`)
  for (const k of [...a.values()].sort((x, y) => y.bytes - x.bytes).slice(0, top)) {
    console.log(`  ${mb(k.bytes).padStart(7)} MB ${String(k.count).padStart(9)}  ${k.kind}`)
  }
  if (!second) return
  const b = summarise(second)
  console.log(`${second}: ${mb(total(b))} MB live; grown since the first:`)
  const grown = [...b.values()]
    .map((k) => ({ ...k, bytes: k.bytes - (a.get(k.kind)?.bytes ?? 0), count: k.count - (a.get(k.kind)?.count ?? 0) }))
    .sort((x, y) => y.bytes - x.bytes)
    .slice(0, top)
  for (const k of grown) console.log(`  ${mb(k.bytes).padStart(7)} MB ${String(k.count).padStart(9)}  ${k.kind}`)
}

if (require.main === module) main()
