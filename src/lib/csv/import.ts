import { Readable } from "node:stream"
import { MedusaError } from "@medusajs/framework/utils"
import { CsvError, Parser } from "csv-parse"
import {
  NewsletterSubscriptionStatus,
  type SubscriptionImportRow,
} from "../../modules/newsletter/types"
import { NewsletterError, type NewsletterErrorParams } from "../../modules/newsletter/errors"
import { isValidEmail, normalizeEmail } from "../../modules/newsletter/utils/email"

/** The columns the first line of an import file must name (any order; other columns are ignored). */
export const IMPORT_COLUMNS = ["email", "status", "consented_at", "source"] as const

/** The most rows one import takes. */
export const IMPORT_MAX_ROWS = 100_000

/** The largest file one import takes: 20 MB of UTF-8 text (100,000 rows of about 200 bytes). */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024

/** Rows handed to the database at a time: the memory an import holds does not grow with the file. */
export const IMPORT_CHUNK_ROWS = 1_000

/** A row of an import file that passed the row checks. */
export type ImportRow = SubscriptionImportRow

/**
 * A row left out of an import, and why: `reason` in English, `code` and `params` for the admin's
 * ja/en dictionaries (`import_row_email_empty`, `import_row_email_invalid`,
 * `import_row_status_invalid` {values}, `import_row_consented_at_invalid`,
 * `import_row_consented_at_future`, `import_row_consented_at_required`,
 * `import_row_source_too_long` {max}, `import_row_duplicate` {line}, and the refusals of the
 * shop's own record, see `importRefusal`).
 */
export type RejectedRow = {
  line: number
  email: string
  reason: string
  code: string
  params: NewsletterErrorParams
}

/**
 * A subscriber list being read: the accepted rows come a chunk at a time from `chunks`, as the
 * file is parsed; `rejected` collects the rows left out so far (complete once `chunks` is done).
 */
export type SubscriptionCsvReading = {
  chunks: AsyncGenerator<ImportRow[], void, undefined>
  rejected: RejectedRow[]
}

const STATUSES = Object.values(NewsletterSubscriptionStatus) as string[]
const MAX_SOURCE_LENGTH = 255

// A refusal of the whole file: nothing of it is imported.
const refuse = (code: string, message: string, params: NewsletterErrorParams = {}) =>
  new NewsletterError(MedusaError.Types.INVALID_DATA, code, `${message}. Nothing was imported`, params)

/**
 * The refusal of a file over {@link IMPORT_MAX_BYTES}, with its size when it is known (a file
 * received as a stream is refused at the first byte over the limit, its size unknown): code
 * `import_file_too_large` {size_mb (null when unknown), max_mb}, answered 413.
 */
export function importFileTooLarge(bytes?: number): NewsletterError {
  return refuse(
    "import_file_too_large",
    `The file is ${bytes === undefined ? `over ${megabytes(IMPORT_MAX_BYTES)}` : megabytes(bytes)} MB; import at most ${megabytes(IMPORT_MAX_BYTES)} MB at a time (split it into several files)`,
    { size_mb: bytes === undefined ? null : megabytes(bytes), max_mb: megabytes(IMPORT_MAX_BYTES) }
  )
}

/**
 * Reads a subscriber list (CSV: email, status, consented_at, source) and checks it row by row,
 * streaming: the text is parsed a slice at a time and the accepted rows are handed out in chunks
 * of `chunkRows`, so what is held is one chunk and the addresses seen, never the whole parsed file.
 * `source` is the file's text, or its bytes as a stream (a file being read, a request body), which
 * must be UTF-8 (a leading BOM is skipped). A text over {@link IMPORT_MAX_BYTES} is refused at
 * once, before any parsing; a stream at the first byte over it. A file that is not UTF-8, can't be
 * read as CSV, lacks a column, has no rows or more than {@link IMPORT_MAX_ROWS} is refused as a
 * whole (the chunks stop with a 400 at the line where that shows, so the caller must write them in
 * one transaction for "nothing imported" to hold); a wrong row is only reported. Dates without a
 * zone are read in `timezone`.
 */
export function readSubscriptionCsv(
  source: string | AsyncIterable<Uint8Array>,
  options: { timezone: string; now: Date; chunkRows?: number }
): SubscriptionCsvReading {
  if (typeof source === "string") {
    const bytes = Buffer.byteLength(source, "utf8")
    if (bytes > IMPORT_MAX_BYTES) {
      throw importFileTooLarge(bytes)
    }
  }
  const rejected: RejectedRow[] = []
  return { chunks: checkedChunks(source, options, rejected), rejected }
}

async function* checkedChunks(
  source: string | AsyncIterable<Uint8Array>,
  options: { timezone: string; now: Date; chunkRows?: number },
  rejected: RejectedRow[]
): AsyncGenerator<ImportRow[], void, undefined> {
  const chunkRows = options.chunkRows ?? IMPORT_CHUNK_ROWS
  let checkRow: ((record: string[], line: number) => ImportRow | RejectedRow) | undefined
  let count = 0
  let chunk: ImportRow[] = []
  const records = csvRecords(typeof source === "string" ? slices(source) : decodedSlices(source))
  try {
    for (;;) {
      let next: IteratorResult<{ record: string[]; line: number }>
      try {
        next = await records.next()
      } catch (error) {
        if (!(error instanceof CsvError)) {
          // The size and encoding refusals of a stream, and the stream's own failures (a read error).
          throw error
        }
        const lines = (error as CsvError & { lines?: number }).lines
        throw refuse(
          "import_not_csv",
          `The file is not a readable CSV${lines ? ` (line ${lines})` : ""}: ${(error as Error).message}`,
          { line: lines ?? null }
        )
      }
      if (next.done) {
        break
      }
      const { record, line } = next.value
      if (!checkRow) {
        checkRow = rowChecker(record, options)
        continue
      }
      if (++count > IMPORT_MAX_ROWS) {
        throw refuse(
          "import_too_many_rows",
          `The file has more than ${IMPORT_MAX_ROWS} rows; import at most ${IMPORT_MAX_ROWS} at a time`,
          { max: IMPORT_MAX_ROWS }
        )
      }
      const checked = checkRow(record, line)
      if ("reason" in checked) {
        rejected.push(checked)
        continue
      }
      chunk.push(checked)
      if (chunk.length >= chunkRows) {
        yield chunk
        chunk = []
      }
    }
  } finally {
    // Stops the parser when the caller or a refusal ends the reading early.
    await records.return(undefined)
  }
  if (!checkRow) {
    throw refuse("import_file_empty", "The file is empty")
  }
  if (!count) {
    throw refuse("import_no_rows", "The file has no rows below its header")
  }
  if (chunk.length) {
    yield chunk
  }
}

/**
 * The checks of one data row, given the header: the normalized row, or why it is left out.
 * Throws (400) when the header lacks a column.
 */
function rowChecker(
  headerRecord: string[],
  options: { timezone: string; now: Date }
): (record: string[], line: number) => ImportRow | RejectedRow {
  const header = headerRecord.map((h) => h.trim().toLowerCase())
  const missing = IMPORT_COLUMNS.filter((c) => !header.includes(c))
  if (missing.length) {
    throw refuse(
      "import_missing_columns",
      `The first line must name the columns ${IMPORT_COLUMNS.join(", ")}; missing: ${missing.join(", ")}`,
      { columns: [...IMPORT_COLUMNS], missing }
    )
  }
  const index = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof IMPORT_COLUMNS)[number],
    number
  >
  // The first line of each address, for "the same address as line …" (the only state that grows
  // with the file: one entry per accepted address).
  const firstLine = new Map<string, number>()

  return (record, line) => {
    const cell = (c: (typeof IMPORT_COLUMNS)[number]) => (record[index[c]] ?? "").trim()
    const rawEmail = cell("email")
    const reject = (code: string, reason: string, params: NewsletterErrorParams = {}): RejectedRow => ({
      line,
      email: rawEmail,
      reason,
      code: `import_row_${code}`,
      params,
    })

    if (!rawEmail) {
      return reject("email_empty", "email is empty")
    }
    const email = normalizeEmail(rawEmail)
    if (!isValidEmail(email)) {
      return reject("email_invalid", "email is not a valid address")
    }
    const status = cell("status").toLowerCase()
    if (!STATUSES.includes(status)) {
      return reject("status_invalid", `status must be one of: ${STATUSES.join(", ")}`, { values: STATUSES })
    }
    let consentedAt: string | null = null
    const consent = cell("consented_at")
    if (consent) {
      const date = parseLocalDateTime(consent, options.timezone)
      if (!date) {
        return reject(
          "consented_at_invalid",
          "consented_at must be a date such as 2024-04-01 or 2024-04-01 10:30 (or ISO 8601 with a zone)"
        )
      }
      if (date.getTime() > options.now.getTime()) {
        return reject("consented_at_future", "consented_at is in the future")
      }
      consentedAt = status === NewsletterSubscriptionStatus.SUBSCRIBED ? date.toISOString() : null
    } else if (status === NewsletterSubscriptionStatus.SUBSCRIBED) {
      return reject(
        "consented_at_required",
        "consented_at is required for a subscribed address (when the person agreed to receive the newsletter)"
      )
    }
    const source = cell("source")
    if (source.length > MAX_SOURCE_LENGTH) {
      return reject("source_too_long", `source must be at most ${MAX_SOURCE_LENGTH} characters`, {
        max: MAX_SOURCE_LENGTH,
      })
    }
    const seen = firstLine.get(email)
    if (seen !== undefined) {
      return reject("duplicate", `the same address as line ${seen}`, { line: seen })
    }
    firstLine.set(email, line)
    return {
      line,
      email,
      status: status as NewsletterSubscriptionStatus,
      consented_at: consentedAt,
      source: source || null,
    }
  }
}

// Characters fed to the parser at a time: the text is never copied whole into a Buffer.
const SLICE_CHARS = 64 * 1024

/** The text in slices that never split a surrogate pair (which would corrupt the character). */
function* slices(text: string): Generator<string> {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + SLICE_CHARS, text.length)
    const last = text.charCodeAt(end - 1)
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) {
      end++
    }
    yield text.slice(start, end)
    start = end
  }
}

/**
 * csv-parse's streaming parser, handing out each record with the line it ends on. Its `info`
 * option does that with an object of a dozen fields per record, which the stream buffers: about
 * 30 MB more garbage for the largest file. The line is read from the parser's live counters at the
 * moment the record is pushed, which is what `info.lines` reports.
 */
class LineNumberedParser extends Parser {
  push(record: unknown, encoding?: BufferEncoding): boolean {
    return super.push(record === null ? null : { record, line: this.info.lines }, encoding)
  }
}

/**
 * The text of a stream of UTF-8 bytes, a chunk at a time, counting the bytes: refused at the first
 * byte over {@link IMPORT_MAX_BYTES}, and at the first byte that is not UTF-8 (a Shift_JIS file,
 * as spreadsheets save CSV by default in Japan, would otherwise be imported with garbled sources).
 * The decoder keeps a character split across two chunks whole.
 */
async function* decodedSlices(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true })
  let bytes = 0
  const decode = (chunk?: Uint8Array) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode()
    } catch {
      throw refuse("import_not_utf8", "The file is not UTF-8 text; save it as CSV UTF-8 and import it again")
    }
  }
  for await (const chunk of source) {
    bytes += chunk.length
    if (bytes > IMPORT_MAX_BYTES) {
      throw importFileTooLarge()
    }
    const text = decode(chunk)
    if (text) {
      yield text
    }
  }
  const rest = decode()
  if (rest) {
    yield rest
  }
}

/**
 * The CSV records of a text given in slices, with their line numbers, through csv-parse's
 * streaming parser. A failure of the slices (a refusal, a read error) ends the records with it.
 */
async function* csvRecords(
  text: Iterable<string> | AsyncIterable<string>
): AsyncGenerator<{ record: string[]; line: number }, void, undefined> {
  const source = Readable.from(text, { objectMode: false })
  const parser = new LineNumberedParser({ bom: true, skip_empty_lines: true, relax_column_count: false })
  // pipe() does not pass a source's error on: without this the parser would wait for ever.
  source.on("error", (error) => parser.destroy(error))
  source.pipe(parser)
  try {
    for await (const item of parser) {
      yield item as { record: string[]; line: number }
    }
  } finally {
    source.unpipe(parser)
    source.destroy()
    parser.destroy()
  }
}

const megabytes = (bytes: number) => Math.ceil((bytes / (1024 * 1024)) * 10) / 10

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
