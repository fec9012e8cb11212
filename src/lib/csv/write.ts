import { Readable } from "node:stream"
import { Transform } from "@json2csv/node"

/**
 * One column of a CSV export: its header and what it shows of a row, the row property named
 * `value` or what the function makes of the row (e.g. a stored code in the reader's language).
 */
export type CsvColumn = { label: string; value: string | ((row: Record<string, unknown>) => unknown) }

// A cell starting with one of these is a formula (or becomes one) in Excel and other
// spreadsheets: = + - @, and tab / carriage return, which some of them skip before reading a
// formula (OWASP "CSV Injection").
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * A text cell as the exports write it: neutralised against formula injection by a leading `'`
 * when it starts with `=`, `+`, `-`, `@`, tab or CR (the spreadsheet shows the text, not a
 * formula), then quoted with `"` and inner quotes doubled (RFC 4180).
 */
export function csvTextCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value
  return `"${safe.replace(/"/g, '""')}"`
}

/**
 * A json2csv transform (object rows in, CSV text out) with the settings every export of the
 * plugin shares: UTF-8 with a byte-order mark and CRLF line ends, so that Excel in Japan opens
 * the file as UTF-8; every text cell through {@link csvTextCell}; null and missing values empty;
 * numbers and booleans as they are.
 */
export function csvTransform(columns: CsvColumn[]): Transform<Record<string, unknown>, Record<string, unknown>> {
  return new Transform(
    {
      fields: columns,
      eol: "\r\n",
      withBOM: true,
      formatters: { string: csvTextCell },
    },
    {},
    { objectMode: true }
  )
}

/**
 * Writes rows as CSV text to a readable stream, pulling rows only as fast as the reader takes
 * the text (backpressure), so memory stays flat whatever the number of rows.
 */
export function csvStream(
  rows: AsyncIterable<Record<string, unknown>>,
  columns: CsvColumn[]
): Readable {
  return Readable.from(rows, { objectMode: true }).pipe(csvTransform(columns))
}
