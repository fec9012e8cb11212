/**
 * Dates in the store's time zone (the plugin's `timezone` option, Asia/Tokyo by default), not the
 * browser's: a send time means the same moment for every store owner wherever they sit.
 */

type Parts = { year: number; month: number; day: number; hour: number; minute: number; second: number }

const formatters = new Map<string, Intl.DateTimeFormat>()

function partsIn(date: Date, timeZone: string): Parts {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
    formatters.set(timeZone, f)
  }
  const out: Record<string, number> = {}
  for (const p of f.formatToParts(date)) {
    if (p.type !== "literal") {
      out[p.type] = Number(p.value)
    }
  }
  return out as unknown as Parts
}

/** Minutes the zone is ahead of UTC at that moment (+540 for Asia/Tokyo). */
export function offsetMinutes(date: Date, timeZone: string): number {
  const p = partsIn(date, timeZone)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000)
}

const pad = (n: number) => String(n).padStart(2, "0")

/** `2026-12-01T10:00` as the zone's wall clock, for `<input type="datetime-local">`. */
export function toLocalInput(value: string | Date, timeZone: string): string {
  const p = partsIn(new Date(value), timeZone)
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`
}

/** The zone's wall clock `2026-12-01T10:00` as ISO 8601 with the zone's offset. */
export function fromLocalInput(local: string, timeZone: string, seconds = 0): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local)
  if (!m) {
    return null
  }
  const [y, mo, d, h, mi] = m.slice(1).map(Number)
  const wall = Date.UTC(y, mo - 1, d, h, mi)
  // The offset at the guessed instant, corrected once for a DST change in between.
  let offset = offsetMinutes(new Date(wall), timeZone)
  offset = offsetMinutes(new Date(wall - offset * 60_000), timeZone)
  const sign = offset >= 0 ? "+" : "-"
  const abs = Math.abs(offset)
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(seconds)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/** A date and time in the store's zone, in the admin's language. */
export function formatDateTime(
  value: string | Date | null | undefined,
  timeZone: string,
  language: string
): string {
  if (!value) {
    return "—"
  }
  return new Intl.DateTimeFormat(language.startsWith("ja") ? "ja-JP" : "en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(value))
}

/** `Asia/Tokyo (UTC+09:00)` */
export function describeZone(timeZone: string, at: Date = new Date()): string {
  const offset = offsetMinutes(at, timeZone)
  const sign = offset >= 0 ? "+" : "-"
  const abs = Math.abs(offset)
  return `${timeZone} (UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)})`
}
