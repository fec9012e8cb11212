import { MedusaError } from "@medusajs/framework/utils"
import { CsvError, parse } from "csv-parse/sync"
import { NewsletterSubscriptionStatus } from "../../modules/newsletter/types"
import { isValidEmail, normalizeEmail } from "../../modules/newsletter/utils/email"

/** The columns the first line of an import file must name (any order; other columns are ignored). */
export const IMPORT_COLUMNS = ["email", "status", "consented_at", "source"] as const

/** The most rows one import takes. */
export const IMPORT_MAX_ROWS = 100_000

/** A row of an import file that passed the row checks. */
export type ImportRow = {
  /** Line of the file (the header is line 1). */
  line: number
  /** Normalized. */
  email: string
  status: NewsletterSubscriptionStatus
  /** ISO 8601 (UTC) consent time of a subscribed row; null for the other statuses. */
  consented_at: string | null
  /** Where the consent was obtained, as the file says; kept as the history entry's reason. */
  source: string | null
}

/** A row left out of an import, and why. */
export type RejectedRow = { line: number; email: string; reason: string }

const STATUSES = Object.values(NewsletterSubscriptionStatus) as string[]
const MAX_SOURCE_LENGTH = 255

/**
 * Reads a subscriber list (CSV: email, status, consented_at, source) and checks it row by row.
 * A file that can't be read as CSV, lacks a column or has no rows is refused as a whole (400,
 * nothing imported); a wrong row is only reported. Dates without a zone are read in `timezone`.
 */
export function parseSubscriptionCsv(
  text: string,
  options: { timezone: string; now: Date }
): { rows: ImportRow[]; rejected: RejectedRow[] } {
  let records: Array<{ record: string[]; info: { lines: number } }>
  try {
    records = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: false,
    }) as any
  } catch (error) {
    const where = error instanceof CsvError && (error as any).lines ? ` (line ${(error as any).lines})` : ""
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `The file is not a readable CSV${where}: ${(error as Error).message}. Nothing was imported`
    )
  }
  if (!records.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "The file is empty. Nothing was imported")
  }

  const header = records[0].record.map((h) => h.trim().toLowerCase())
  const missing = IMPORT_COLUMNS.filter((c) => !header.includes(c))
  if (missing.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `The first line must name the columns ${IMPORT_COLUMNS.join(", ")}; missing: ${missing.join(
        ", "
      )}. Nothing was imported`
    )
  }
  const body = records.slice(1)
  if (!body.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "The file has no rows below its header. Nothing was imported")
  }
  if (body.length > IMPORT_MAX_ROWS) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `The file has ${body.length} rows; import at most ${IMPORT_MAX_ROWS} at a time. Nothing was imported`
    )
  }
  const index = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof IMPORT_COLUMNS)[number],
    number
  >

  const rows: ImportRow[] = []
  const rejected: RejectedRow[] = []
  const firstLine = new Map<string, number>()
  for (const { record, info } of body) {
    const line = info.lines
    const cell = (c: (typeof IMPORT_COLUMNS)[number]) => (record[index[c]] ?? "").trim()
    const rawEmail = cell("email")
    const reject = (reason: string) => rejected.push({ line, email: rawEmail, reason })

    if (!rawEmail) {
      reject("email is empty")
      continue
    }
    const email = normalizeEmail(rawEmail)
    if (!isValidEmail(email)) {
      reject("email is not a valid address")
      continue
    }
    const status = cell("status").toLowerCase()
    if (!STATUSES.includes(status)) {
      reject(`status must be one of: ${STATUSES.join(", ")}`)
      continue
    }
    let consentedAt: string | null = null
    const consent = cell("consented_at")
    if (consent) {
      const date = parseLocalDateTime(consent, options.timezone)
      if (!date) {
        reject("consented_at must be a date such as 2024-04-01 or 2024-04-01 10:30 (or ISO 8601 with a zone)")
        continue
      }
      if (date.getTime() > options.now.getTime()) {
        reject("consented_at is in the future")
        continue
      }
      consentedAt = status === NewsletterSubscriptionStatus.SUBSCRIBED ? date.toISOString() : null
    } else if (status === NewsletterSubscriptionStatus.SUBSCRIBED) {
      reject("consented_at is required for a subscribed address (when the person agreed to receive the newsletter)")
      continue
    }
    const source = cell("source")
    if (source.length > MAX_SOURCE_LENGTH) {
      reject(`source must be at most ${MAX_SOURCE_LENGTH} characters`)
      continue
    }
    const seen = firstLine.get(email)
    if (seen !== undefined) {
      reject(`the same address as line ${seen}`)
      continue
    }
    firstLine.set(email, line)
    rows.push({
      line,
      email,
      status: status as NewsletterSubscriptionStatus,
      consented_at: consentedAt,
      source: source || null,
    })
  }
  return { rows, rejected }
}

const LOCAL = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i

/**
 * A date (`2024-04-01`, `2024/4/1`), a date and time (`2024-04-01 10:30[:00]`) read in
 * `timeZone`, or an ISO 8601 date-time with a zone. Null when it is none of these or not a real
 * calendar date.
 */
export function parseLocalDateTime(value: string, timeZone: string): Date | null {
  if (WITH_ZONE.test(value)) {
    const date = new Date(value)
    return Number.isNaN(date.getTime()) ? null : date
  }
  const m = LOCAL.exec(value)
  if (!m) {
    return null
  }
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? "0", m[5] ?? "0", m[6] ?? "0"].map(Number)
  const wall = Date.UTC(y, mo - 1, d, h, mi, s)
  const check = new Date(wall)
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59
  ) {
    return null
  }
  // The instant whose wall-clock time in the zone is `wall` (two passes settle DST edges).
  let instant = wall - zoneOffset(wall, timeZone)
  instant = wall - zoneOffset(instant, timeZone)
  return new Date(instant)
}

// Building a DateTimeFormat is costly; an import reads thousands of dates in one zone.
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

// Zone offsets change only on a quarter hour, so one lookup serves every instant of that quarter.
const QUARTER_HOUR = 15 * 60 * 1000
const offsets = new Map<string, number>()

/** Milliseconds the zone's wall clock is ahead of UTC at `instant`. */
function zoneOffset(instant: number, timeZone: string): number {
  const key = `${timeZone} ${Math.floor(instant / QUARTER_HOUR)}`
  let offset = offsets.get(key)
  if (offset === undefined) {
    if (offsets.size > 50_000) {
      offsets.clear()
    }
    offset = computeZoneOffset(Math.floor(instant / QUARTER_HOUR) * QUARTER_HOUR, timeZone)
    offsets.set(key, offset)
  }
  return offset
}

function computeZoneOffset(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatterOf(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, Number(p.value)])
  )
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second)
  return asUtc - Math.floor(instant / 1000) * 1000
}
