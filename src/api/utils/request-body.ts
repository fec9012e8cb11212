import { once } from "node:events"
import { createWriteStream } from "node:fs"
import type { IncomingMessage } from "node:http"
import { finished } from "node:stream/promises"
import { MedusaError } from "@medusajs/framework/utils"
import { NewsletterError } from "../../modules/newsletter/errors"

/**
 * How reading a request body ended: `complete` with the bytes received, or stopped because it is
 * larger than the limit (`bytes` is the declared Content-Length when the body was refused on it,
 * undefined when it was stopped at the first byte over the limit).
 */
export type BodyReading = { complete: true; bytes: number } | { complete: false; bytes?: number }

/** The media type of a request (lower case, without parameters) and its charset, if given. */
export function requestMediaType(req: IncomingMessage): { type: string; charset?: string } {
  const [type, ...params] = (req.headers["content-type"] ?? "").split(";")
  const charset = params
    .map((p) => p.trim().split("="))
    .find(([name]) => name.trim().toLowerCase() === "charset")?.[1]
  return {
    type: type.trim().toLowerCase(),
    charset: charset?.trim().replace(/^"(.*)"$/, "$1").toLowerCase(),
  }
}

/**
 * Hands a request's body to `onChunk` as it arrives, never holding more than a chunk (Node's
 * 64 KiB): a promise returned by `onChunk` pauses the reading until it settles (backpressure).
 * A body whose Content-Length is over `limit` is refused before a byte is read; otherwise the
 * reading stops at the first chunk that passes the limit. A body stopped or refused is not left
 * hanging: its remaining bytes are read and discarded (as Medusa's own body parser does), so the
 * answer reaches the client and the connection can carry its next request.
 */
export function readRequestBody(
  req: IncomingMessage,
  limit: number,
  onChunk: (chunk: Buffer) => void | Promise<void>
): Promise<BodyReading> {
  if (req.readableEnded) {
    throw new NewsletterError(
      MedusaError.Types.UNEXPECTED_STATE,
      "body_already_read",
      "The request's body was already read: this route needs Medusa's body parser off (bodyParser: false)"
    )
  }
  const declared = req.headers["content-length"] ? Number(req.headers["content-length"]) : NaN
  if (declared > limit) {
    // Node discards an unread body once the answer is sent.
    return Promise.resolve({ complete: false, bytes: declared })
  }
  return new Promise<BodyReading>((resolve, reject) => {
    let bytes = 0
    let settled = false
    const settle = (error: Error | null, reading?: BodyReading) => {
      if (settled) {
        return
      }
      settled = true
      req.off("data", onData)
      req.off("end", onEnd)
      req.off("error", onError)
      req.off("close", onClose)
      if (error) {
        reject(error)
      } else {
        resolve(reading!)
      }
    }
    const onData = (chunk: Buffer) => {
      bytes += chunk.length
      if (bytes > limit) {
        settle(null, { complete: false })
        // Flowing with no listener: the rest is read and dropped.
        req.resume()
        return
      }
      const pending = onChunk(chunk)
      if (pending) {
        req.pause()
        pending.then(
          () => !settled && req.resume(),
          (error) => {
            settle(error)
            req.resume()
          }
        )
      }
    }
    const onEnd = () => settle(null, { complete: true, bytes })
    const onError = (error: Error) => settle(error)
    // A client that goes away mid-body: 'close' without 'end'.
    const onClose = () => settle(new Error("The request was closed before its body was complete"))
    req.on("data", onData)
    req.on("end", onEnd)
    req.on("error", onError)
    req.on("close", onClose)
  })
}

/**
 * Reads a JSON body of at most `limit` bytes and parses it; null when it is larger (the caller
 * answers 413). An empty body is `{}`; a body that is not JSON is a 400. The body is held whole
 * while it is parsed: for small bodies, or a path whose large files have a streamed alternative.
 */
export async function readJsonBody(
  req: IncomingMessage,
  limit: number
): Promise<{ body: unknown } | null> {
  let chunks: Buffer[] = []
  const reading = await readRequestBody(req, limit, (chunk) => {
    chunks.push(chunk)
  })
  if (!reading.complete) {
    return null
  }
  const text = Buffer.concat(chunks, reading.bytes).toString("utf8")
  // The chunks can go before the text is parsed.
  chunks = []
  if (!text.trim()) {
    return { body: {} }
  }
  try {
    return { body: JSON.parse(text) }
  } catch (error) {
    throw new NewsletterError(
      MedusaError.Types.INVALID_DATA,
      "invalid_json",
      `Invalid request: the body is not valid JSON (${(error as Error).message})`
    )
  }
}

/**
 * Writes a request's body to a new file at `path` as it arrives (created only for this request:
 * readable by this user only, never an existing file), at most `limit` bytes; memory holds a
 * chunk or two whatever the size. On a refused or stopped body the file is incomplete: the caller
 * removes it.
 */
export async function saveRequestBody(
  req: IncomingMessage,
  path: string,
  limit: number
): Promise<BodyReading> {
  const file = createWriteStream(path, { flags: "wx", mode: 0o600 })
  // 'error' always has a listener (an unheard one would end the process); each wait below races it.
  const failed = new Promise<never>((_, reject) => file.on("error", reject))
  failed.catch(() => undefined)
  try {
    // The file is created before a byte is read: a failure leaves the body unread.
    await Promise.race([once(file, "open"), failed])
    const reading = await readRequestBody(req, limit, (chunk) =>
      file.write(chunk) ? undefined : Promise.race([once(file, "drain").then(() => undefined), failed])
    )
    if (reading.complete) {
      file.end()
      await finished(file)
    }
    return reading
  } finally {
    // Closes the file (after its last write, when complete).
    file.destroy()
  }
}
