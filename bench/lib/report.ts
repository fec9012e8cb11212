/** The benchmark's table: one row per figure of issue #7, with its target and verdict. */

export type Verdict = "met" | "not met" | "reference" | "not measured"

export type Row = {
  figure: string
  target: string
  measured: string
  verdict: Verdict
  /** How it was measured, what else was seen. */
  notes?: string
}

export type Machine = {
  cpu: string
  cores: number
  ramGb: number
  node: string
  postgres: string
  os: string
  loadAverageAtStart: number[]
  loadAverageAtEnd: number[]
}

export type Results = {
  date: string
  commit: string
  customers: number
  runSeconds: number
  machine: Machine
  rows: Row[]
  /** Every raw figure, for whoever wants to look closer. */
  details: Record<string, unknown>
}

const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - [...s].length))

/** The table for the terminal. */
export function textTable(rows: Row[]): string {
  const widths = [34, 30, 44, 12].map((w, i) =>
    Math.max(w, ...rows.map((r) => [...[r.figure, r.target, r.measured, r.verdict][i]].length))
  )
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i])).join(" | ")
  return [
    line(["figure", "target", "measured", "verdict"]),
    widths.map((w) => "-".repeat(w)).join("-+-"),
    ...rows.map((r) => line([r.figure, r.target, r.measured, r.verdict])),
  ].join("\n")
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ")

export function machineLine(m: Machine): string {
  return (
    `${m.cpu}, ${m.cores} cores, ${m.ramGb} GB RAM, ${m.os}, Node ${m.node}, PostgreSQL ${m.postgres}; ` +
    `load average ${m.loadAverageAtStart.map((x) => x.toFixed(2)).join(" ")} at the start, ` +
    `${m.loadAverageAtEnd.map((x) => x.toFixed(2)).join(" ")} at the end`
  )
}

/** The Markdown the README shows. */
export function markdown(r: Results): string {
  return [
    `# Benchmark results`,
    ``,
    `\`npm run bench -- --customers ${r.customers}\` on ${r.date} (commit ${r.commit}), whole run ${Math.round(r.runSeconds)} s.`,
    ``,
    `Machine: ${machineLine(r.machine)}.`,
    ``,
    `| figure | target | measured | verdict |`,
    `|---|---|---|---|`,
    ...r.rows.map((row) => `| ${cell(row.figure)} | ${cell(row.target)} | ${cell(row.measured)} | ${row.verdict} |`),
    ``,
    `## How each figure was measured`,
    ``,
    ...r.rows.filter((row) => row.notes).map((row) => `- **${row.figure}**: ${row.notes}`),
    ``,
  ].join("\n")
}
