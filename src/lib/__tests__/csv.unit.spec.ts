import { csvStream, csvTextCell } from "../csv/write"
import { parseLocalDateTime, parseSubscriptionCsv } from "../csv/import"

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

describe("parseSubscriptionCsv", () => {
  const options = { timezone: "Asia/Tokyo", now: new Date("2026-01-01T00:00:00Z") }
  const header = "email,status,consented_at,source"

  it("should accept good rows and reject each wrong row with its line and reason", () => {
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
    expect(parseSubscriptionCsv(csv, options)).toEqual({
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

  it("should take the columns in any order and ignore others", () => {
    const csv = "source,会員ID,consented_at,EMAIL,Status\nshop,42,2024-04-01 10:00,taro@example.jp,subscribed\n"
    expect(parseSubscriptionCsv(csv, options).rows).toEqual([
      { line: 2, email: "taro@example.jp", status: "subscribed", consented_at: "2024-04-01T01:00:00.000Z", source: "shop" },
    ])
  })

  it("should refuse a malformed file as a whole", () => {
    expect(() => parseSubscriptionCsv(`${header}\ntaro@example.jp,subscribed,"2024-04-01,x\n`, options)).toThrow(
      /^The file is not a readable CSV \(line \d+\): .+\. Nothing was imported$/
    )
    expect(() => parseSubscriptionCsv(`${header}\ntaro@example.jp,subscribed\n`, options)).toThrow(
      /^The file is not a readable CSV \(line 2\): .+\. Nothing was imported$/
    )
    expect(() => parseSubscriptionCsv("email,status\ntaro@example.jp,subscribed\n", options)).toThrow(
      "The first line must name the columns email, status, consented_at, source; missing: consented_at, source. Nothing was imported"
    )
    expect(() => parseSubscriptionCsv(`${header}\n`, options)).toThrow(
      "The file has no rows below its header. Nothing was imported"
    )
    expect(() => parseSubscriptionCsv("\n\n", options)).toThrow("The file is empty. Nothing was imported")
  })
})
