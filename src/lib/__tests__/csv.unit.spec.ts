import { csvStream, csvTextCell } from "../csv/write"
import {
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  parseLocalDateTime,
  readSubscriptionCsv,
} from "../csv/import"

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) {
    chunks.push(Buffer.from(chunk as string))
  }
  return Buffer.concat(chunks).toString("utf8")
}

async function* rowsOf(rows: Array<Record<string, unknown>>) {
  yield* rows
}

const columns = [
  { label: "email", value: "email" },
  { label: "name", value: "name" },
  { label: "count", value: "count" },
]

describe("csvTextCell", () => {
  it("should quote every text and double inner quotes", () => {
    expect(csvTextCell("山田, \"ヤマ\" 太郎")).toBe('"山田, ""ヤマ"" 太郎"')
    expect(csvTextCell("")).toBe('""')
  })

  it("should neutralise cells that a spreadsheet would read as a formula", () => {
    expect(csvTextCell("=HYPERLINK(\"http://x\")")).toBe('"\'=HYPERLINK(""http://x"")"')
    expect(csvTextCell("+81 3")).toBe("\"'+81 3\"")
    expect(csvTextCell("-1+2")).toBe("\"'-1+2\"")
    expect(csvTextCell("@SUM(A1)")).toBe("\"'@SUM(A1)\"")
    expect(csvTextCell("\tcmd")).toBe("\"'\tcmd\"")
    expect(csvTextCell("\rcmd")).toBe("\"'\rcmd\"")
    // Only a leading character is a formula start.
    expect(csvTextCell("a=b")).toBe('"a=b"')
    expect(csvTextCell(" =1")).toBe('" =1"')
  })
})

describe("csvStream", () => {
  it("should write a BOM, a header and CRLF between records, empty cells for null", async () => {
    const csv = await text(
      csvStream(
        rowsOf([
          { email: "taro@example.jp", name: "山田\n太郎", count: 3 },
          { email: "=cmd", name: null, count: 0 },
        ]),
        columns
      )
    )
    expect(csv).toBe(
      '\ufeff"email","name","count"\r\n"taro@example.jp","山田\n太郎",3\r\n"\'=cmd",,0'
    )
  })

  it("should write the BOM and header for no rows", async () => {
    expect(await text(csvStream(rowsOf([]), columns))).toBe('\ufeff"email","name","count"')
  })
})

describe("parseLocalDateTime", () => {
  it("should read dates and times without a zone in the store's zone", () => {
    expect(parseLocalDateTime("2024-04-01", "Asia/Tokyo")?.toISOString()).toBe("2024-03-31T15:00:00.000Z")
    expect(parseLocalDateTime("2024/4/1 9:30", "Asia/Tokyo")?.toISOString()).toBe("2024-04-01T00:30:00.000Z")
    expect(parseLocalDateTime("2024-07-01 12:00:30", "America/New_York")?.toISOString()).toBe(
      "2024-07-01T16:00:30.000Z"
    )
    expect(parseLocalDateTime("2024-04-01T10:00:00+09:00", "UTC")?.toISOString()).toBe("2024-04-01T01:00:00.000Z")
  })

  it("should refuse what is not a real date", () => {
    expect(parseLocalDateTime("2024-02-30", "Asia/Tokyo")).toBeNull()
    expect(parseLocalDateTime("2024-04-01 24:00", "Asia/Tokyo")).toBeNull()
    expect(parseLocalDateTime("yesterday", "Asia/Tokyo")).toBeNull()
    expect(parseLocalDateTime("01/04/2024", "Asia/Tokyo")).toBeNull()
  })
})

describe("readSubscriptionCsv", () => {
  const options = { timezone: "Asia/Tokyo", now: new Date("2026-01-01T00:00:00Z") }
  const header = "email,status,consented_at,source"

  /** Reads the whole file; `chunks` are the sizes of the chunks handed out. */
  async function parseSubscriptionCsv(csv: string, opts: typeof options & { chunkRows?: number } = options) {
    const reading = readSubscriptionCsv(csv, opts)
    const rows = []
    const chunks: number[] = []
    for await (const chunk of reading.chunks) {
      rows.push(...chunk)
      chunks.push(chunk.length)
    }
    return { rows, rejected: reading.rejected, chunks }
  }

  it("should accept good rows and reject each wrong row with its line and reason", async () => {
    const csv = [
      `\ufeff${header}`,
      " Taro@Example.JP ,subscribed,2024-04-01,旧ショップ会員登録",
      "hanako@example.jp,Unsubscribed,,",
      "",
      "not-an-address,subscribed,2024-04-01,x",
      "jiro@example.jp,maybe,2024-04-01,x",
      "saburo@example.jp,subscribed,,x",
      "shiro@example.jp,subscribed,2027-01-01,x",
      "goro@example.jp,subscribed,2024-13-01,x",
      "TARO@example.jp,unsubscribed,,",
      ",subscribed,2024-04-01,x",
      'mika@example.jp,cleaned,2024-04-01,"バウンス, 旧システム"',
    ].join("\r\n")
    expect(await parseSubscriptionCsv(csv)).toEqual({
      chunks: [3],
      rows: [
        { line: 2, email: "taro@example.jp", status: "subscribed", consented_at: "2024-03-31T15:00:00.000Z", source: "旧ショップ会員登録" },
        { line: 3, email: "hanako@example.jp", status: "unsubscribed", consented_at: null, source: null },
        { line: 12, email: "mika@example.jp", status: "cleaned", consented_at: null, source: "バウンス, 旧システム" },
      ],
      rejected: [
        { line: 5, email: "not-an-address", reason: "email is not a valid address" },
        { line: 6, email: "jiro@example.jp", reason: "status must be one of: subscribed, unsubscribed, cleaned" },
        {
          line: 7,
          email: "saburo@example.jp",
          reason: "consented_at is required for a subscribed address (when the person agreed to receive the newsletter)",
        },
        { line: 8, email: "shiro@example.jp", reason: "consented_at is in the future" },
        {
          line: 9,
          email: "goro@example.jp",
          reason: "consented_at must be a date such as 2024-04-01 or 2024-04-01 10:30 (or ISO 8601 with a zone)",
        },
        { line: 10, email: "TARO@example.jp", reason: "the same address as line 2" },
        { line: 11, email: "", reason: "email is empty" },
      ],
    })
  })

  it("should take the columns in any order and ignore others", async () => {
    const csv = "source,会員ID,consented_at,EMAIL,Status\nshop,42,2024-04-01 10:00,taro@example.jp,subscribed\n"
    expect((await parseSubscriptionCsv(csv)).rows).toEqual([
      { line: 2, email: "taro@example.jp", status: "subscribed", consented_at: "2024-04-01T01:00:00.000Z", source: "shop" },
    ])
  })

  it("should refuse a malformed file as a whole", async () => {
    await expect(parseSubscriptionCsv(`${header}\ntaro@example.jp,subscribed,"2024-04-01,x\n`)).rejects.toThrow(
      /^The file is not a readable CSV \(line \d+\): .+\. Nothing was imported$/
    )
    await expect(parseSubscriptionCsv(`${header}\ntaro@example.jp,subscribed\n`)).rejects.toThrow(
      "The file is not a readable CSV (line 2): Invalid Record Length: expect 4, got 2 on line 2. Nothing was imported"
    )
    await expect(parseSubscriptionCsv("email,status\ntaro@example.jp,subscribed\n")).rejects.toThrow(
      "The first line must name the columns email, status, consented_at, source; missing: consented_at, source. Nothing was imported"
    )
    await expect(parseSubscriptionCsv(`${header}\n`)).rejects.toThrow(
      "The file has no rows below its header. Nothing was imported"
    )
    await expect(parseSubscriptionCsv("\n\n")).rejects.toThrow("The file is empty. Nothing was imported")
  })

  it("should hand out the accepted rows in chunks as it reads, with the rejected ones collected", async () => {
    const lines = Array.from({ length: 7 }, (_, i) =>
      i === 3 ? "bad,subscribed,2024-04-01,x" : `user${i}@example.jp,unsubscribed,,`
    )
    const { rows, rejected, chunks } = await parseSubscriptionCsv([header, ...lines].join("\n"), {
      ...options,
      chunkRows: 2,
    })
    expect(chunks).toEqual([2, 2, 2])
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 6, 7, 8])
    expect(rejected).toEqual([{ line: 5, email: "bad", reason: "email is not a valid address" }])
  })

  it("should refuse a file over the size limit before parsing it", () => {
    // Not CSV at all: a parse would fail differently; the size is checked first.
    const big = "\u3042".repeat(Math.floor(IMPORT_MAX_BYTES / 3) + 1)
    expect(() => readSubscriptionCsv(big, options)).toThrow(
      "The file is 20.1 MB; import at most 20 MB at a time (split it into several files). Nothing was imported"
    )
    expect(() => readSubscriptionCsv("x".repeat(IMPORT_MAX_BYTES), options)).not.toThrow()
  })

  it("should stop at the row after the limit, checking no row past it", async () => {
    // Rows without an address (each rejected) past the limit, then more of them.
    const csv = `${header}\n${",,,\n".repeat(IMPORT_MAX_ROWS + 1000)}`
    const reading = readSubscriptionCsv(csv, options)
    const chunks: number[] = []
    await expect(
      (async () => {
        for await (const chunk of reading.chunks) {
          chunks.push(chunk.length)
        }
      })()
    ).rejects.toThrow(
      `The file has more than ${IMPORT_MAX_ROWS} rows; import at most ${IMPORT_MAX_ROWS} at a time. Nothing was imported`
    )
    expect(chunks).toEqual([])
    expect(reading.rejected).toHaveLength(IMPORT_MAX_ROWS)
    expect(reading.rejected[IMPORT_MAX_ROWS - 1]).toEqual({ line: IMPORT_MAX_ROWS + 1, email: "", reason: "email is empty" })
  })

  /** The bytes of `text` as a stream of chunks of `size` bytes (characters split between them). */
  async function* bytesOf(text: string | Buffer, size: number) {
    const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, "utf8")
    for (let i = 0; i < bytes.length; i += size) {
      yield bytes.subarray(i, i + size)
    }
  }

  /** Reads a file given as a stream of bytes, as parseSubscriptionCsv does a text. */
  async function parseStream(source: AsyncIterable<Uint8Array>) {
    const reading = readSubscriptionCsv(source, options)
    const rows = []
    for await (const chunk of reading.chunks) {
      rows.push(...chunk)
    }
    return { rows, rejected: reading.rejected }
  }

  it("should read a stream of UTF-8 bytes as the text, a BOM skipped and characters split between chunks kept whole", async () => {
    const csv = `\ufeff${header}\r\n taro@example.jp ,subscribed,2024-04-01,旧ショップ会員登録😀\r\nbad,subscribed,2024-04-01,x\r\n`
    // 5-byte chunks split every 3-byte and 4-byte character somewhere.
    expect(await parseStream(bytesOf(csv, 5))).toEqual({
      rows: [
        { line: 2, email: "taro@example.jp", status: "subscribed", consented_at: "2024-03-31T15:00:00.000Z", source: "旧ショップ会員登録😀" },
      ],
      rejected: [{ line: 3, email: "bad", reason: "email is not a valid address" }],
    })
  })

  it("should refuse a stream that is not UTF-8 (a Shift_JIS file) as a whole", async () => {
    // 旧ショップ in Shift_JIS: 8B 8C 83 56 83 87 83 62 83 76.
    const sjis = Buffer.concat([
      Buffer.from(`${header}\ntaro@example.jp,subscribed,2024-04-01,`),
      Buffer.from([0x8b, 0x8c, 0x83, 0x56, 0x83, 0x87, 0x83, 0x62, 0x83, 0x76]),
      Buffer.from("\n"),
    ])
    await expect(parseStream(bytesOf(sjis, 64))).rejects.toThrow(
      "The file is not UTF-8 text; save it as CSV UTF-8 and import it again. Nothing was imported"
    )
    // A character cut off at the very end is not UTF-8 either.
    await expect(parseStream(bytesOf(Buffer.from(`${header}\n\xe6`, "latin1"), 64))).rejects.toThrow(
      "The file is not UTF-8 text; save it as CSV UTF-8 and import it again. Nothing was imported"
    )
  })

  it("should refuse a stream at its first byte over the size limit, reading no further", async () => {
    // Rows of 256 bytes (no address, a long source): 20 MB of them stay under the row limit.
    const rows = Buffer.from(`,,,${"s".repeat(252)}\n`.repeat(256))
    let read = header.length + 1
    async function* endless() {
      yield Buffer.from(`${header}\n`)
      for (;;) {
        read += rows.length
        yield rows
      }
    }
    await expect(parseStream(endless())).rejects.toThrow(
      "The file is over 20 MB; import at most 20 MB at a time (split it into several files). Nothing was imported"
    )
    // The chunk that passed the limit was the last one read.
    expect(read).toBeGreaterThan(IMPORT_MAX_BYTES)
    expect(read - rows.length).toBeLessThanOrEqual(IMPORT_MAX_BYTES)
  })

  it("should keep characters whole across the slices the parser is fed", async () => {
    // The parser is fed 64 Ki characters at a time: put an emoji (a surrogate pair) across the
    // first boundary, inside a source the import keeps.
    let csv = `${header}\n`
    for (let i = 0; csv.length < 64 * 1024 - 100; i++) {
      csv += `user${i}@example.jp,unsubscribed,,x\n`
    }
    const row = "edge@example.jp,unsubscribed,,"
    const source = "a".repeat(64 * 1024 - 1 - csv.length - row.length) + "😀日本"
    csv += `${row}${source}\n`
    expect(csv.charCodeAt(64 * 1024 - 1)).toEqual("😀".charCodeAt(0))
    const { rows } = await parseSubscriptionCsv(csv)
    expect(rows.find((r) => r.email === "edge@example.jp")?.source).toEqual(source)
  })
})
