/**
 * The dispatch worker's memory figures (issue "Fit a small server"): growth over its idle RSS while
 * it sends the whole list with no limit and a smaller list at 5 requests/s, and whether the peak
 * grows with the list.
 */
import type { Row } from "./report"

type Memory = { startRssMb: number; peakRssMb: number; peakSource: string }
type Heap = { heapUsedMb: number; heapTotalMb: number; externalMb: number }
type DispatchMemory = { memory: Memory; heap: Heap }

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })

const growth = (d: DispatchMemory) => d.memory.peakRssMb - d.memory.startRssMb

const inside = (d: DispatchMemory) =>
  `inside it (process.memoryUsage every 100 ms) the V8 heap used at most ${fmt(d.heap.heapUsedMb)} MB of a heap of ` +
  `${fmt(d.heap.heapTotalMb)} MB, buffers (external) ${fmt(d.heap.externalMb)} MB`

export function memoryRows(input: {
  customers: number
  limitedList: number
  /** Which node flags both workers ran with, e.g. "default V8 flags" (shown in each figure). */
  config: string
  /** The worker without a limit sending the whole list. */
  full: DispatchMemory
  /** The other worker (requestsPerSecond 5) sending the smaller list. */
  limited: DispatchMemory
}): Row[] {
  const { customers, limitedList, full, limited, config } = input
  const spread = Math.abs(full.memory.peakRssMb - limited.memory.peakRssMb) / Math.max(full.memory.peakRssMb, limited.memory.peakRssMb)
  return [
    {
      figure: `worker peak RSS minus its idle RSS, ${fmt(customers)} dispatch, no limit (${config})`,
      target: "≤ 100 MB",
      measured: `+${fmt(growth(full))} MB (peak ${fmt(full.memory.peakRssMb)} MB, idle ${fmt(full.memory.startRssMb)} MB)`,
      verdict: growth(full) <= 100 ? "met" : "not met",
      notes:
        `the dispatch worker's RSS: ${full.memory.peakSource}; idle = its RSS just before the dispatch (booted, ` +
        `the articles created and reserved, nothing sent yet); ${inside(full)}.`,
    },
    {
      figure: `the same at 5 requests/s, ${fmt(limitedList)} list (${config})`,
      target: "≤ 60 MB",
      measured: `+${fmt(growth(limited))} MB (peak ${fmt(limited.memory.peakRssMb)} MB, idle ${fmt(limited.memory.startRssMb)} MB)`,
      verdict: growth(limited) <= 60 ? "met" : "not met",
      notes: `the other worker process (requestsPerSecond 5), measured the same way; ${inside(limited)}.`,
    },
    {
      figure: `peak RSS does not grow with the list: ${fmt(limitedList)} vs ${fmt(customers)} (${config})`,
      target: "within 10%",
      measured:
        `${fmt(limited.memory.peakRssMb)} MB vs ${fmt(full.memory.peakRssMb)} MB: ${fmt(spread * 100, 1)}% apart`,
      verdict: spread <= 0.1 ? "met" : "not met",
      notes:
        `the two rows above: the peak RSS of the worker sending ${fmt(limitedList)} at 5 requests/s and of the ` +
        `worker sending ${fmt(customers)} with no limit, as a share of the larger.`,
    },
  ]
}
