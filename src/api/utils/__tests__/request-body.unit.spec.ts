import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import type { IncomingMessage } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { PassThrough } from "node:stream"
import { readJsonBody, readRequestBody, requestMediaType, saveRequestBody } from "../request-body"

/** A request stand-in: a stream with headers, written by the test as a client would send. */
function request(headers: Record<string, string> = {}) {
  return Object.assign(new PassThrough(), { headers }) as PassThrough & IncomingMessage
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe("requestMediaType", () => {
  it("should read the media type and charset in lower case, without quotes or other parameters", () => {
    expect(requestMediaType(request({ "content-type": 'Text/CSV; header=present; Charset="UTF-8"' }))).toEqual({
      type: "text/csv",
      charset: "utf-8",
    })
    expect(requestMediaType(request({ "content-type": "application/json" }))).toEqual({
      type: "application/json",
      charset: undefined,
    })
    expect(requestMediaType(request())).toEqual({ type: "", charset: undefined })
  })
})

describe("readRequestBody", () => {
  it("should hand out the chunks as they arrive and report the bytes", async () => {
    const req = request()
    const chunks: string[] = []
    const reading = readRequestBody(req, 10, (chunk) => {
      chunks.push(chunk.toString())
    })
    req.write("abc")
    req.end("defg")
    expect(await reading).toEqual({ complete: true, bytes: 7 })
    expect(chunks).toEqual(["abc", "defg"])
  })

  it("should stop at the first chunk over the limit and drop the rest of the body", async () => {
    const req = request()
    const chunks: string[] = []
    const reading = readRequestBody(req, 5, (chunk) => {
      chunks.push(chunk.toString())
    })
    req.write("abc")
    await tick()
    req.write("def")
    expect(await reading).toEqual({ complete: false })
    expect(chunks).toEqual(["abc"])
    // What follows is read and dropped, so the body ends (and the connection can go on).
    req.end("x".repeat(1 << 20))
    await tick()
    expect([chunks.length, req.readableEnded]).toEqual([1, true])
  })

  it("should refuse a body whose Content-Length is over the limit without reading it", async () => {
    const req = request({ "content-length": "6" })
    const onChunk = jest.fn()
    expect(await readRequestBody(req, 5, onChunk)).toEqual({ complete: false, bytes: 6 })
    req.end("abcdef")
    await tick()
    expect([onChunk.mock.calls.length, req.readableFlowing]).toEqual([0, null])
  })

  it("should wait for a chunk's promise before reading on", async () => {
    const req = request()
    const seen: string[] = []
    let release!: () => void
    const reading = readRequestBody(req, 100, (chunk) => {
      seen.push(chunk.toString())
      return seen.length === 1 ? new Promise<void>((resolve) => (release = resolve)) : undefined
    })
    req.write("a")
    await tick()
    req.end("b")
    await tick()
    expect(seen).toEqual(["a"])
    release()
    expect(await reading).toEqual({ complete: true, bytes: 2 })
    expect(seen).toEqual(["a", "b"])
  })

  it("should fail when the client goes away before the end, and refuse a body already read", async () => {
    const req = request()
    const reading = readRequestBody(req, 100, () => undefined)
    req.write("a")
    req.destroy()
    await expect(reading).rejects.toThrow("The request was closed before its body was complete")

    const read = request()
    read.end()
    read.resume()
    await tick()
    expect(() => readRequestBody(read, 100, () => undefined)).toThrow(
      "The request's body was already read: this route needs Medusa's body parser off (bodyParser: false)"
    )
  })
})

describe("readJsonBody", () => {
  const json = async (body: string, limit = 100) => {
    const req = request()
    const reading = readJsonBody(req, limit)
    req.end(body)
    return await reading
  }

  it("should parse the body, take an empty one as {}, and answer null over the limit", async () => {
    expect(await json('{"csv":"a,b"}')).toEqual({ body: { csv: "a,b" } })
    expect(await json(" ")).toEqual({ body: {} })
    expect(await json(`{"csv":"${"x".repeat(100)}"}`)).toEqual(null)
  })

  it("should refuse a body that is not JSON with a 400", async () => {
    await expect(json('{"csv": "x",')).rejects.toMatchObject({
      type: "invalid_data",
      message: expect.stringMatching(/^Invalid request: the body is not valid JSON \(.+\)$/),
    })
  })
})

describe("saveRequestBody", () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "request-body-test-"))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it("should write the body to a new file as it arrives, and never over an existing one", async () => {
    const req = request()
    const path = join(dir, "body.csv")
    const saving = saveRequestBody(req, path, 1 << 20)
    const body = "email,status\n".repeat(20_000)
    for (let i = 0; i < body.length; i += 16 * 1024) {
      req.write(body.slice(i, i + 16 * 1024))
    }
    req.end()
    expect(await saving).toEqual({ complete: true, bytes: body.length })
    expect(await readFile(path, "utf8")).toEqual(body)

    const taken = join(dir, "taken.csv")
    await writeFile(taken, "mine")
    const again = request()
    const refused = saveRequestBody(again, taken, 100)
    again.end("theirs")
    await expect(refused).rejects.toMatchObject({ code: "EEXIST" })
    expect(await readFile(taken, "utf8")).toEqual("mine")
  })
})
