import { csvStream, csvTextCell } from "../csv/write"
import { recipientCsvColumns, subscriptionCsvColumns } from "../csv/exports"
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

describe("recipientCsvColumns", () => {
  // Rows as the module's recipients export reads them (times already in the store's zone).
  const rows = [
    {
      position: 1, customer_id: "cus_1", email: "taro@example.jp", last_name: "山田", first_name: "太郎",
      status: "sent", error_type: null, error_reason: null, error_code: null, provider_message_id: "re_1",
      reserved_at: "2026-01-05 09:00:00", attempted_at: "2026-01-05 10:02:03", delivered_at: "2026-01-05 10:02:09",
      delivery_delayed_at: null, bounced_at: null, opened_at: "2026-01-05 21:00:00", clicked_at: null, complained_at: null,
    },
    {
      position: 2, customer_id: "cus_2", email: "hanako@example.jp", last_name: "佐藤", first_name: "花子",
      status: "failed", error_type: "permanent", error_reason: "550 mailbox does not exist", error_code: null,
      provider_message_id: "re_2", reserved_at: "2026-01-05 09:00:00", attempted_at: "2026-01-05 10:02:03",
      delivered_at: null, delivery_delayed_at: null, bounced_at: "2026-01-05 10:04:00", opened_at: null,
      clicked_at: null, complained_at: null,
    },
    {
      position: 3, customer_id: null, email: "jiro@example.jp", last_name: null, first_name: null,
      status: "skipped", error_type: null, error_reason: "cleaned after the reservation",
      error_code: "cleaned_after_reservation", provider_message_id: null, reserved_at: "2026-01-05 09:00:00",
      attempted_at: "2026-01-05 10:02:03", delivered_at: null, delivery_delayed_at: null, bounced_at: null,
      opened_at: null, clicked_at: null, complained_at: null,
    },
    {
      position: 4, customer_id: "cus_4", email: "saburo@example.jp", last_name: "鈴木", first_name: "三郎",
      status: "pending", error_type: "mystery", error_reason: null, error_code: "new_code", provider_message_id: null,
      reserved_at: "2026-01-05 09:00:00", attempted_at: null, delivered_at: null, delivery_delayed_at: null,
      bounced_at: null, opened_at: null, clicked_at: null, complained_at: null,
    },
  ]

  it("should write the column names and the stored values in English", async () => {
    expect((await text(csvStream(rowsOf(rows), recipientCsvColumns("en")))).split("\r\n")).toEqual([
      '\ufeff"position","customer_id","email","last_name","first_name","status","error_type","error_reason",' +
        '"provider_message_id","reserved_at","attempted_at","delivered_at","delivery_delayed_at","bounced_at",' +
        '"opened_at","clicked_at","complained_at"',
      '1,"cus_1","taro@example.jp","山田","太郎","sent",,,"re_1","2026-01-05 09:00:00","2026-01-05 10:02:03",' +
        '"2026-01-05 10:02:09",,,"2026-01-05 21:00:00",,',
      '2,"cus_2","hanako@example.jp","佐藤","花子","failed","permanent","550 mailbox does not exist","re_2",' +
        '"2026-01-05 09:00:00","2026-01-05 10:02:03",,,"2026-01-05 10:04:00",,,',
      '3,,"jiro@example.jp",,,"skipped",,"cleaned after the reservation",,"2026-01-05 09:00:00",' +
        '"2026-01-05 10:02:03",,,,,,',
      '4,"cus_4","saburo@example.jp","鈴木","三郎","pending","mystery",,,"2026-01-05 09:00:00",,,,,,,',
    ])
  })

  it("should write Japanese headers, statuses, error kinds and the plugin's reasons in Japanese", async () => {
    expect((await text(csvStream(rowsOf(rows), recipientCsvColumns("ja")))).split("\r\n")).toEqual([
      '\ufeff"番号","顧客ID","メールアドレス","姓","名","ステータス","エラー種別","エラー内容","配信ID","予約日時",' +
        '"配信日時","到達日時","配信遅延日時","バウンス日時","開封日時","クリック日時","苦情日時"',
      '1,"cus_1","taro@example.jp","山田","太郎","成功",,,"re_1","2026-01-05 09:00:00","2026-01-05 10:02:03",' +
        '"2026-01-05 10:02:09",,,"2026-01-05 21:00:00",,',
      // The provider's own text stays as it came.
      '2,"cus_2","hanako@example.jp","佐藤","花子","失敗","恒久的なエラー","550 mailbox does not exist","re_2",' +
        '"2026-01-05 09:00:00","2026-01-05 10:02:03",,,"2026-01-05 10:04:00",,,',
      '3,,"jiro@example.jp",,,"対象外",,"予約後にクリーニング済になったため送信していません",,"2026-01-05 09:00:00",' +
        '"2026-01-05 10:02:03",,,,,,',
      // A value or code it has no words for is written as stored.
      '4,"cus_4","saburo@example.jp","鈴木","三郎","未送信","mystery",,,"2026-01-05 09:00:00",,,,,,,',
    ])
  })
})

describe("subscriptionCsvColumns", () => {
  const rows = [
    {
      email: "hanako@example.jp", customer_id: "cus_2", has_account: 0, last_name: "佐藤", first_name: "花子",
      subscription_status: "cleaned", cleaning_flag: 1, consented_at: null, last_changed_at: "2026-01-05 10:04:00",
      last_change_source: "bounce", opt_in_level: null, consent_requested_at: null, consent_ip: null,
      consent_user_agent: null, consent_source_url: null,
    },
    {
      email: "imported@example.jp", customer_id: null, has_account: null, last_name: null, first_name: null,
      subscription_status: "subscribed", cleaning_flag: 0, consented_at: "2024-04-01 10:30:00",
      last_changed_at: "2026-01-05 09:00:00", last_change_source: "import", opt_in_level: "single",
      consent_requested_at: null, consent_ip: null, consent_user_agent: null, consent_source_url: null,
    },
    {
      email: "jiro@example.jp", customer_id: "cus_3", has_account: 1, last_name: "鈴木", first_name: "次郎",
      subscription_status: "unsubscribed", cleaning_flag: 0, consented_at: null, last_changed_at: null,
      last_change_source: null, opt_in_level: null, consent_requested_at: null, consent_ip: null,
      consent_user_agent: null, consent_source_url: null,
    },
    {
      email: "taro@example.jp", customer_id: "cus_1", has_account: 1, last_name: "山田", first_name: "太郎",
      subscription_status: "subscribed", cleaning_flag: 0, consented_at: "2026-01-04 08:00:00",
      last_changed_at: "2026-01-05 11:00:00", last_change_source: "signup_confirmation", opt_in_level: "confirmed",
      consent_requested_at: "2026-01-04 07:50:00", consent_ip: "203.0.113.5", consent_user_agent: "Mozilla/5.0",
      consent_source_url: "https://shop.example.jp/",
    },
  ]

  it("should write the column names and the stored values in English", async () => {
    expect((await text(csvStream(rowsOf(rows), subscriptionCsvColumns("en")))).split("\r\n")).toEqual([
      '\ufeff"email","customer_id","has_account","last_name","first_name","subscription_status","cleaning_flag",' +
        '"consented_at","last_changed_at","last_change_source","opt_in_level","consent_requested_at","consent_ip",' +
        '"consent_user_agent","consent_source_url"',
      '"hanako@example.jp","cus_2",0,"佐藤","花子","cleaned",1,,"2026-01-05 10:04:00","bounce",,,,,',
      '"imported@example.jp",,,,,"subscribed",0,"2024-04-01 10:30:00","2026-01-05 09:00:00","import","single",,,,',
      '"jiro@example.jp","cus_3",1,"鈴木","次郎","unsubscribed",0,,,,,,,,',
      '"taro@example.jp","cus_1",1,"山田","太郎","subscribed",0,"2026-01-04 08:00:00","2026-01-05 11:00:00",' +
        '"signup_confirmation","confirmed","2026-01-04 07:50:00","203.0.113.5","Mozilla/5.0","https://shop.example.jp/"',
    ])
  })

  it("should write Japanese headers, the status and the source in Japanese, the flags as numbers", async () => {
    expect((await text(csvStream(rowsOf(rows), subscriptionCsvColumns("ja")))).split("\r\n")).toEqual([
      '\ufeff"メールアドレス","顧客ID","会員フラグ","姓","名","購読状況","クリーニングフラグ","同意日時",' +
        '"最終変更日時","最終変更経路","同意の方式","登録申込日時","同意IPアドレス","同意ユーザーエージェント","登録ページ"',
      '"hanako@example.jp","cus_2",0,"佐藤","花子","クリーニング済",1,,"2026-01-05 10:04:00","バウンス",,,,,',
      '"imported@example.jp",,,,,"購読中",0,"2024-04-01 10:30:00","2026-01-05 09:00:00","インポート","シングルオプトイン",,,,',
      '"jiro@example.jp","cus_3",1,"鈴木","次郎","配信停止",0,,,,,,,,',
      '"taro@example.jp","cus_1",1,"山田","太郎","購読中",0,"2026-01-04 08:00:00","2026-01-05 11:00:00",' +
        '"登録確認メール","ダブルオプトイン","2026-01-04 07:50:00","203.0.113.5","Mozilla/5.0","https://shop.example.jp/"',
    ])
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
        { line: 5, email: "not-an-address", reason: "email is not a valid address", code: "import_row_email_invalid", params: {} },
        {
          line: 6,
          email: "jiro@example.jp",
          reason: "status must be one of: subscribed, unsubscribed, cleaned",
          code: "import_row_status_invalid",
          params: { values: ["subscribed", "unsubscribed", "cleaned"] },
        },
        {
          line: 7,
          email: "saburo@example.jp",
          reason: "consented_at is required for a subscribed address (when the person agreed to receive the newsletter)",
          code: "import_row_consented_at_required",
          params: {},
        },
        {
          line: 8,
          email: "shiro@example.jp",
          reason: "consented_at is in the future",
          code: "import_row_consented_at_future",
          params: {},
        },
        {
          line: 9,
          email: "goro@example.jp",
          reason: "consented_at must be a date such as 2024-04-01 or 2024-04-01 10:30 (or ISO 8601 with a zone)",
          code: "import_row_consented_at_invalid",
          params: {},
        },
        {
          line: 10,
          email: "TARO@example.jp",
          reason: "the same address as line 2",
          code: "import_row_duplicate",
          params: { line: 2 },
        },
        { line: 11, email: "", reason: "email is empty", code: "import_row_email_empty", params: {} },
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
    expect(rejected).toEqual([
      { line: 5, email: "bad", reason: "email is not a valid address", code: "import_row_email_invalid", params: {} },
    ])
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
    expect(reading.rejected[IMPORT_MAX_ROWS - 1]).toEqual({
      line: IMPORT_MAX_ROWS + 1,
      email: "",
      reason: "email is empty",
      code: "import_row_email_empty",
      params: {},
    })
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
      rejected: [
        { line: 3, email: "bad", reason: "email is not a valid address", code: "import_row_email_invalid", params: {} },
      ],
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
