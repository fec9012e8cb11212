/**
 * A stand-in for the Resend API (https://resend.com/docs/api-reference), served over real HTTP.
 *
 * It speaks the two endpoints the newsletter sending engine uses, `POST /emails` and
 * `POST /emails/batch`, the way the `resend` SDK (6.x) expects: Bearer auth, JSON bodies with
 * snake_case fields, `x-batch-validation: strict | permissive`, `Idempotency-Key`, and errors
 * shaped `{ statusCode, name, message }` (the SDK hands that JSON back verbatim as `error`).
 *
 * On top of the API it offers what a test or a benchmark needs: every accepted message and
 * every request is recorded, a team-wide rate limit can be switched on, and faults can be
 * injected on demand (5xx, slow answers, lost answers, quota errors, rejected recipients) or
 * at random from a seed.
 *
 * Dependency-free on purpose (node:http, node:crypto) so it can run anywhere the plugin runs.
 *
 * Choices where Resend's documentation is silent, made explicit here:
 * - Only 2xx answers are stored for idempotency. A request that fails (validation error, quota,
 *   injected 5xx) releases its key, so the same key can be retried once the cause is fixed.
 *   Resend documents the key as "has an email with this key been sent in the last 24 hours".
 * - The idempotency fingerprint is the path plus the canonical JSON body (object keys sorted);
 *   the `x-batch-validation` header is not part of it.
 * - The rate limiter counts only admitted requests (a 429 does not extend the penalty), over a
 *   sliding one-second window. Requests with a wrong key are not counted (they belong to no team).
 * - Order of checks: auth → rate limit → injected fault → idempotency → validation → processing.
 */
import { createHash, randomUUID } from "node:crypto"
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http"
import type { AddressInfo, Socket } from "node:net"

/** Resend's per-call limits. */
export const MAX_BATCH_SIZE = 100
export const MAX_RECIPIENTS = 50
export const MAX_IDEMPOTENCY_KEY_LENGTH = 256
/** How long an idempotency key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000
/** Bodies larger than Resend's 40 MB per email limit times a margin are refused outright. */
const MAX_BODY_BYTES = 64 * 1024 * 1024

export type StandinPath = "/emails" | "/emails/batch"

/** One accepted email, as the stand-in recorded it (fields in the SDK's camelCase). */
export interface RecordedMessage {
  id: string
  /** `/emails` or `/emails/batch`. */
  path: StandinPath
  from: string
  to: string[]
  cc?: string[]
  bcc?: string[]
  replyTo?: string[]
  subject: string
  html?: string
  text?: string
  headers?: Record<string, string>
  tags?: { name: string; value: string }[]
  scheduledAt?: string
  idempotencyKey?: string
  /** Position in the batch request body (batch requests only). */
  batchIndex?: number
  /** Server clock (ms) when the request arrived. */
  receivedAt: number
}

/** One HTTP request as the stand-in saw it. */
export interface RecordedRequest {
  method: string
  path: string
  /** Status sent, or that would have been sent for a `drop`; 0 when nothing was processed or sent. */
  status: number
  /** Error `name` of an error answer. */
  errorName?: string
  idempotencyKey?: string
  /** The `x-batch-validation` header as sent (the SDK always sends it on batch calls). */
  batchValidation?: string
  /** Server clock (ms) when the request arrived. */
  at: number
  /** Other requests in flight (arrived, not answered) when this one's body had arrived. */
  concurrent: number
  /** Emails in the body: 1 for `/emails`, the array length for `/emails/batch`, 0 if unreadable. */
  itemCount: number
  /** Messages recorded by this request. */
  acceptedCount: number
  /** The answer is a replay of a stored idempotent response (nothing new was recorded). */
  replayed?: boolean
  /** The connection was destroyed: `before` = nothing processed, `after` = processed, answer lost. */
  dropped?: "before" | "after"
  /** The fault that hit this request, if any (e.g. "status:503", "delay", "drop", "random:drop"). */
  fault?: string
}

/** Faults injected with `fault(spec)`. `times` defaults to 1 (use `Infinity` to keep it on). */
export type FaultSpec =
  /** Answer with this status without processing. 500 answers Resend's JSON error; 502/503 answer
   *  plain text, as a proxy in front of an API would (the SDK then reports `application_error`).
   *  `json` overrides that choice. */
  | { type: "status"; status: 500 | 502 | 503; json?: boolean; times?: number }
  /** Wait `ms` before processing and answering (the idempotency key is in flight meanwhile). */
  | { type: "delay"; ms: number; times?: number }
  /** Process and record the request, then destroy the socket without answering. */
  | { type: "drop"; times?: number }
  /** Destroy the socket without processing anything. */
  | { type: "dropBefore"; times?: number }
  /** Answer 429 with a quota error name, without processing. */
  | { type: "quota"; name: "daily_quota_exceeded" | "monthly_quota_exceeded"; times?: number }
  /** Standing until `reset()`: emails to any of these addresses (to/cc/bcc, case-insensitive) are
   *  rejected as invalid: listed in `errors` in permissive batches, 422 otherwise. */
  | { type: "reject"; addresses: string[] }

export type RandomFaultKind = "status500" | "status503" | "drop" | "dropBefore" | "rateLimited"

export interface RandomFaultsOptions {
  /** Share of requests to fail, 0..1. */
  rate: number
  /** Seed of the deterministic generator: the same seed and request sequence give the same faults. */
  seed: number
  /** Kinds to draw from, uniformly. Default: all five. */
  kinds?: RandomFaultKind[]
}

export interface ResendStandinOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number
  /** Interface to bind; default 127.0.0.1. */
  host?: string
  /** The only API key accepted. Default "re_test_key". */
  apiKey?: string
  /** Team-wide request rate limit; null/undefined = unlimited. */
  rateLimit?: { requestsPerSecond: number } | null
  /** Time each request that gets past auth, rate limit and faults takes before it is processed
   *  and answered (simulates Resend's own latency; the idempotency key is in flight meanwhile).
   *  Default 0. */
  latencyMs?: number
  /** Keep `html`/`text` in `messages`. Default true; false keeps memory flat in long benchmarks. */
  recordContent?: boolean
  /** Clock in ms, for idempotency expiry, the rate window and timestamps. Default Date.now. */
  now?: () => number
}

export interface ResendStandin {
  /** Base URL to hand to `new Resend(key, { baseUrl })`, e.g. "http://127.0.0.1:41234". */
  readonly url: string
  readonly port: number
  readonly apiKey: string
  /** Every accepted email, in acceptance order. */
  readonly messages: RecordedMessage[]
  /** Every request, in the order they completed. */
  readonly requests: RecordedRequest[]
  /** Requests whose body has arrived and that are not answered (or dropped) yet. */
  readonly inFlight: number
  /** Clear messages, requests, stored idempotency keys, the rate window and all faults. */
  reset(): void
  /** Switch the team-wide rate limit on (requests per second) or off (null). */
  setRateLimit(requestsPerSecond: number | null): void
  /** Change the simulated latency of every request. */
  setLatency(ms: number): void
  /** Queue a fault (or, for `reject`, add rejected addresses). */
  fault(spec: FaultSpec): void
  /** Fail a share of requests at random, deterministically from a seed; null switches it off. */
  randomFaults(options: RandomFaultsOptions | null): void
  /** Remove queued faults, rejected addresses and random faults (recordings are kept). */
  clearFaults(): void
  close(): Promise<void>
}

/** Resend's error body, which the SDK returns as `error` verbatim. */
interface ErrorBody {
  statusCode: number
  name: string
  message: string
}

interface Answer {
  status: number
  body: unknown
  headers?: Record<string, string>
  /** Plain-text body instead of JSON (proxy-style 5xx). */
  text?: string
}

type IdempotencyEntry =
  | { state: "in_flight"; fingerprint: string }
  | { state: "done"; fingerprint: string; storedAt: number; answer: Answer }

/** Queued fault with its remaining uses. */
type QueuedFault = Exclude<FaultSpec, { type: "reject" }> & { remaining: number }

const ERROR_MESSAGES = {
  missing_api_key: "Missing API key in the authorization header.",
  invalid_api_key: "API key is invalid",
  daily_quota_exceeded: "You have reached your daily email sending quota.",
  monthly_quota_exceeded: "You have reached your monthly email sending quota.",
  invalid_idempotency_key: "The key must be between 1-256 chars.",
  invalid_idempotent_request: "Same idempotency key used with a different request payload.",
  concurrent_idempotent_requests:
    "Same idempotency key used while original request is still in progress.",
  internal_server_error: "An unexpected error occurred.",
  not_found: "The requested endpoint does not exist.",
  method_not_allowed: "Method is not allowed for the requested path.",
}

const errorAnswer = (status: number, name: string, message: string): Answer => ({
  status,
  body: { statusCode: status, name, message } satisfies ErrorBody,
})

/** mulberry32: a tiny, good-enough seeded PRNG returning floats in [0, 1). */
export const seededRandom = (seed: number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** JSON with object keys sorted at every level, so equal payloads hash equally. */
const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`
  if (value && typeof value === "object") {
    const entries = Object.keys(value as Record<string, unknown>)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map(
        (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`
      )
    return `{${entries.join(",")}}`
  }
  return JSON.stringify(value)
}

// ---------------------------------------------------------------------------------------------
// Validation of one email (the body of `POST /emails`, or one element of a batch)
// ---------------------------------------------------------------------------------------------

const BARE_ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/
const TAG_PART = /^[A-Za-z0-9_-]{1,256}$/
const MAX_TAGS = 75

/** `a@b.c` or `Name <a@b.c>` → the bare lower-cased address, or null when malformed. */
export const parseAddress = (value: string): string | null => {
  const trimmed = value.trim()
  const named = /^(.*)<([^<>]+)>$/.exec(trimmed)
  const bare = named ? named[2].trim() : trimmed
  return BARE_ADDRESS.test(bare) ? bare.toLowerCase() : null
}

const addressFormatMessage = (field: string) =>
  `Invalid \`${field}\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`

interface ValidEmail {
  from: string
  to: string[]
  cc?: string[]
  bcc?: string[]
  replyTo?: string[]
  subject: string
  html?: string
  text?: string
  headers?: Record<string, string>
  tags?: { name: string; value: string }[]
  scheduledAt?: string
  /** Bare addresses of every recipient, for the `reject` fault. */
  recipients: string[]
}

type Validation = { ok: true; email: ValidEmail } | { ok: false; name: string; message: string }

const invalid = (message: string, name = "validation_error"): Validation => ({
  ok: false,
  name,
  message,
})

const toList = (value: unknown): string[] | null => {
  if (typeof value === "string") return [value]
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value
  return null
}

const validateEmail = (raw: unknown, opts: { batch: boolean }): Validation => {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    return invalid("The email must be an `object`.")
  }
  const body = raw as Record<string, unknown>
  for (const field of ["from", "to", "subject"]) {
    if (body[field] === undefined || body[field] === null || body[field] === "") {
      return invalid(`Missing \`${field}\` field.`, "missing_required_field")
    }
  }
  if (typeof body.from !== "string" || !parseAddress(body.from)) {
    return invalid(addressFormatMessage("from"))
  }
  if (typeof body.subject !== "string") return invalid("The `subject` field must be a `string`.")

  const lists: Record<string, string[] | undefined> = {}
  for (const field of ["to", "cc", "bcc", "reply_to"]) {
    if (body[field] === undefined || body[field] === null) continue
    const list = toList(body[field])
    if (!list) return invalid(`The \`${field}\` field must be a \`string\` or an \`array\`.`)
    if (list.some((address) => !parseAddress(address))) return invalid(addressFormatMessage(field))
    lists[field] = list
  }
  if (lists.to!.length === 0) return invalid("Missing `to` field.", "missing_required_field")
  if (lists.to!.length > MAX_RECIPIENTS) {
    return invalid(`The \`to\` field must contain at most ${MAX_RECIPIENTS} recipients.`)
  }

  const hasHtml = typeof body.html === "string" && body.html !== ""
  const hasText = typeof body.text === "string" && body.text !== ""
  if (!hasHtml && !hasText && body.template === undefined) {
    return invalid("Missing `html` or `text` field.", "missing_required_field")
  }
  if (body.html !== undefined && typeof body.html !== "string") {
    return invalid("The `html` field must be a `string`.")
  }
  if (body.text !== undefined && typeof body.text !== "string") {
    return invalid("The `text` field must be a `string`.")
  }

  if (body.headers !== undefined) {
    const headers = body.headers
    if (
      !headers ||
      typeof headers !== "object" ||
      Array.isArray(headers) ||
      Object.values(headers).some((value) => typeof value !== "string")
    ) {
      return invalid("The `headers` field must be an `object` of `string` values.")
    }
  }
  if (body.tags !== undefined) {
    const tags = body.tags
    if (!Array.isArray(tags) || tags.length > MAX_TAGS) {
      return invalid(`The \`tags\` field must be an \`array\` of at most ${MAX_TAGS} tags.`)
    }
    for (const tag of tags) {
      if (!tag || typeof tag.name !== "string" || typeof tag.value !== "string") {
        return invalid("Each tag must have a `name` and a `value` string.")
      }
      if (!TAG_PART.test(tag.name) || !TAG_PART.test(tag.value)) {
        return invalid(
          "Tags should only contain ASCII letters (a–z, A–Z), numbers (0–9), underscores (_), or dashes (-), and can contain no more than 256 characters."
        )
      }
    }
  }
  if (opts.batch && body.attachments !== undefined) {
    return invalid("Attachments are not supported in batch emails.")
  }

  const recipients = [...lists.to!, ...(lists.cc ?? []), ...(lists.bcc ?? [])].map(
    (address) => parseAddress(address)!
  )
  return {
    ok: true,
    email: {
      from: body.from,
      to: lists.to!,
      cc: lists.cc,
      bcc: lists.bcc,
      replyTo: lists.reply_to,
      subject: body.subject,
      html: body.html as string | undefined,
      text: body.text as string | undefined,
      headers: body.headers as Record<string, string> | undefined,
      tags: body.tags as { name: string; value: string }[] | undefined,
      scheduledAt: typeof body.scheduled_at === "string" ? body.scheduled_at : undefined,
      recipients,
    },
  }
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

export const startResendStandin = async (
  options: ResendStandinOptions = {}
): Promise<ResendStandin> => {
  const apiKey = options.apiKey ?? "re_test_key"
  const now = options.now ?? Date.now
  let requestsPerSecond: number | null = options.rateLimit?.requestsPerSecond ?? null
  let latencyMs = options.latencyMs ?? 0
  const recordContent = options.recordContent ?? true

  const messages: RecordedMessage[] = []
  const requests: RecordedRequest[] = []
  const idempotency = new Map<string, IdempotencyEntry>()
  /** Arrival times of admitted requests within the last second (the sliding window). */
  let window: number[] = []
  let queuedFaults: QueuedFault[] = []
  const rejected = new Set<string>()
  let random: { rate: number; kinds: RandomFaultKind[]; next: () => number } | null = null

  let closed = false
  /** Pending sleeps, so close() can end them at once. */
  const timers = new Map<NodeJS.Timeout, () => void>()
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve()
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.set(timer, resolve)
    })

  // ---- rate limit ------------------------------------------------------------------------

  /** Admit the request (counting it) or say how long to wait. Headers follow IETF draft-06. */
  const rateLimit = (at: number): { admitted: boolean; headers: Record<string, string> } => {
    if (requestsPerSecond === null) return { admitted: true, headers: {} }
    window = window.filter((t) => t > at - 1000)
    const admitted = window.length < requestsPerSecond
    if (admitted) window.push(at)
    // Seconds until the oldest request in the window leaves it, i.e. until a slot frees up.
    const reset = window.length ? Math.max(1, Math.ceil((window[0] + 1000 - at) / 1000)) : 1
    const headers: Record<string, string> = {
      "ratelimit-limit": String(requestsPerSecond),
      "ratelimit-remaining": String(Math.max(0, requestsPerSecond - window.length)),
      "ratelimit-reset": String(reset),
    }
    if (!admitted) headers["retry-after"] = String(reset)
    return { admitted, headers }
  }

  const rateLimitedAnswer = (headers: Record<string, string>): Answer => ({
    ...errorAnswer(
      429,
      "rate_limit_exceeded",
      `Too many requests. You can only make ${requestsPerSecond ?? 2} requests per second. See rate limit response headers for more information. Or contact support to increase rate limit.`
    ),
    headers: { "retry-after": "1", ...headers },
  })

  // ---- faults ----------------------------------------------------------------------------

  /** The fault for this request: the first queued one (consumed), else maybe a random one. */
  const takeFault = (): { fault: QueuedFault | { type: "rateLimited" }; label: string } | null => {
    const queued = queuedFaults[0]
    if (queued) {
      queued.remaining -= 1
      if (queued.remaining <= 0) queuedFaults.shift()
      const label = queued.type === "status" ? `status:${queued.status}` : queued.type
      return { fault: queued, label }
    }
    if (!random) return null
    // Two draws per request whatever the outcome, so the sequence depends only on the count.
    const roll = random.next()
    const pick = random.next()
    if (roll >= random.rate) return null
    const kind = random.kinds[Math.floor(pick * random.kinds.length)]
    const label = `random:${kind}`
    switch (kind) {
      case "status500":
        return { fault: { type: "status", status: 500, remaining: 0 }, label }
      case "status503":
        return { fault: { type: "status", status: 503, remaining: 0 }, label }
      case "drop":
        return { fault: { type: "drop", remaining: 0 }, label }
      case "dropBefore":
        return { fault: { type: "dropBefore", remaining: 0 }, label }
      case "rateLimited":
        return { fault: { type: "rateLimited" }, label }
    }
  }

  const statusFaultAnswer = (status: 500 | 502 | 503, json?: boolean): Answer => {
    const asJson = json ?? status === 500
    if (asJson) {
      return status === 500
        ? errorAnswer(500, "internal_server_error", ERROR_MESSAGES.internal_server_error)
        : errorAnswer(
            status,
            "application_error",
            status === 502 ? "Bad Gateway" : "Service Unavailable"
          )
    }
    return {
      status,
      body: null,
      text: status === 502 ? "502 Bad Gateway" : "503 Service Unavailable",
    }
  }

  // ---- the two endpoints -----------------------------------------------------------------

  const record = (
    email: ValidEmail,
    path: StandinPath,
    receivedAt: number,
    idempotencyKey: string | undefined,
    batchIndex: number | undefined
  ): string => {
    const id = randomUUID()
    const { recipients: _recipients, ...fields } = email
    const message: RecordedMessage = { id, path, ...fields, receivedAt }
    if (!recordContent) {
      delete message.html
      delete message.text
    }
    if (idempotencyKey !== undefined) message.idempotencyKey = idempotencyKey
    if (batchIndex !== undefined) message.batchIndex = batchIndex
    // Drop undefined optional fields so recorded messages compare cleanly with toEqual.
    for (const key of Object.keys(message) as (keyof RecordedMessage)[]) {
      if (message[key] === undefined) delete message[key]
    }
    messages.push(message)
    return id
  }

  const rejectionOf = (email: ValidEmail): string | null => {
    const hit = email.recipients.find((address) => rejected.has(address))
    return hit ? `The recipient \`${hit}\` was rejected.` : null
  }

  const sendSingle = (body: unknown, receivedAt: number, key?: string): [Answer, number] => {
    const result = validateEmail(body, { batch: false })
    if (!result.ok) return [errorAnswer(422, result.name, result.message), 0]
    const rejection = rejectionOf(result.email)
    if (rejection) return [errorAnswer(422, "validation_error", rejection), 0]
    const id = record(result.email, "/emails", receivedAt, key, undefined)
    return [{ status: 200, body: { id } }, 1]
  }

  const sendBatch = (
    body: unknown,
    mode: "strict" | "permissive",
    receivedAt: number,
    key?: string
  ): [Answer, number] => {
    if (!Array.isArray(body)) {
      return [
        errorAnswer(422, "validation_error", "The `request.body` field must be an `array`."),
        0,
      ]
    }
    if (body.length === 0) {
      return [
        errorAnswer(
          422,
          "validation_error",
          "The `request.body` field must contain at least 1 email."
        ),
        0,
      ]
    }
    if (body.length > MAX_BATCH_SIZE) {
      return [
        errorAnswer(
          422,
          "validation_error",
          `The \`request.body\` field must contain at most ${MAX_BATCH_SIZE} emails (got ${body.length}).`
        ),
        0,
      ]
    }
    // Validate everything first: in strict mode nothing is sent unless every email is valid.
    const results = body.map((item) => {
      const result = validateEmail(item, { batch: true })
      if (!result.ok) return result
      const rejection = rejectionOf(result.email)
      return rejection ? invalid(rejection) : result
    })
    const errors = results.flatMap((result, index) =>
      result.ok ? [] : [{ index, message: result.message, name: result.name }]
    )
    if (mode === "strict" && errors.length) {
      const first = errors[0]
      return [errorAnswer(422, first.name, `emails[${first.index}]: ${first.message}`), 0]
    }
    const data: { id: string }[] = []
    results.forEach((result, index) => {
      if (result.ok)
        data.push({ id: record(result.email, "/emails/batch", receivedAt, key, index) })
    })
    const responseBody =
      mode === "permissive"
        ? { data, errors: errors.map(({ index, message }) => ({ index, message })) }
        : { data }
    return [{ status: 200, body: responseBody }, data.length]
  }

  // ---- request handling ------------------------------------------------------------------

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = []
      let size = 0
      req.on("data", (chunk: Buffer) => {
        size += chunk.length
        if (size > MAX_BODY_BYTES) {
          reject(new Error("body too large"))
          req.destroy()
          return
        }
        chunks.push(chunk)
      })
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
      req.on("error", reject)
    })

  const write = (res: ServerResponse, answer: Answer, extraHeaders: Record<string, string>) => {
    if (res.destroyed || res.writableEnded) return // the client went away (e.g. its timeout)
    const headers = { ...extraHeaders, ...answer.headers }
    if (answer.text !== undefined) {
      res.writeHead(answer.status, { ...headers, "content-type": "text/plain; charset=utf-8" })
      res.end(answer.text)
      return
    }
    res.writeHead(answer.status, { ...headers, "content-type": "application/json; charset=utf-8" })
    res.end(JSON.stringify(answer.body))
  }

  /** Requests whose body has arrived and that are not answered yet. */
  let inFlight = 0

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const at = now()
    let raw: string
    try {
      raw = await readBody(req)
    } catch {
      return
    }
    const concurrent = inFlight
    inFlight += 1
    try {
      await processRequest(req, res, raw, at, concurrent)
    } finally {
      inFlight -= 1
    }
  }

  const processRequest = async (
    req: IncomingMessage,
    res: ServerResponse,
    raw: string,
    at: number,
    concurrent: number
  ) => {
    const method = req.method ?? "GET"
    const path = (req.url ?? "/").split("?")[0].replace(/\/+$/, "") || "/"
    const headerKey = req.headers["idempotency-key"]
    const idempotencyKey = Array.isArray(headerKey) ? headerKey[0] : headerKey

    let parsed: unknown = undefined
    let parseError = false
    try {
      parsed = raw === "" ? undefined : JSON.parse(raw)
    } catch {
      parseError = true
    }
    const itemCount =
      parsed === undefined
        ? 0
        : path === "/emails/batch" && Array.isArray(parsed)
          ? parsed.length
          : 1

    const entry: RecordedRequest = { method, path, status: 0, at, concurrent, itemCount, acceptedCount: 0 }
    if (idempotencyKey !== undefined) entry.idempotencyKey = idempotencyKey
    const batchHeader = [req.headers["x-batch-validation"]].flat()[0]
    if (typeof batchHeader === "string") entry.batchValidation = batchHeader
    const finish = (answer: Answer, headers: Record<string, string> = {}) => {
      entry.status = answer.status
      const body = answer.body as Partial<ErrorBody> | null
      if (answer.status >= 400) entry.errorName = body?.name ?? "application_error"
      requests.push(entry)
      write(res, answer, headers)
    }
    /** Destroy the connection without a word: the client sees a network error. */
    const drop = (when: "before" | "after") => {
      entry.dropped = when
      requests.push(entry)
      res.socket?.destroy()
    }

    // 1. Auth. Resend: no key → 401 missing_api_key; a wrong key on the sending endpoints → 401.
    const auth = req.headers.authorization
    const bearer = auth?.startsWith("Bearer ") ? auth.slice("Bearer ".length).trim() : ""
    if (!bearer) {
      return finish(errorAnswer(401, "missing_api_key", ERROR_MESSAGES.missing_api_key))
    }
    if (bearer !== apiKey) {
      return finish(errorAnswer(401, "validation_error", ERROR_MESSAGES.invalid_api_key))
    }

    // 2. Routing.
    if (path !== "/emails" && path !== "/emails/batch") {
      return finish(errorAnswer(404, "not_found", ERROR_MESSAGES.not_found))
    }
    if (method !== "POST") {
      return finish(errorAnswer(405, "method_not_allowed", ERROR_MESSAGES.method_not_allowed))
    }

    // 3. Team-wide rate limit: a refused request is not processed at all.
    const limit = rateLimit(at)
    if (!limit.admitted) return finish(rateLimitedAnswer(limit.headers))
    const rateHeaders = limit.headers

    // 4. Injected faults that stop the request before it is processed.
    const taken = takeFault()
    if (taken) entry.fault = taken.label
    const fault = taken?.fault
    if (fault?.type === "dropBefore") return drop("before")
    if (fault?.type === "rateLimited") {
      return finish(rateLimitedAnswer({ ...rateHeaders, "ratelimit-remaining": "0" }), rateHeaders)
    }
    if (fault?.type === "status") {
      return finish(statusFaultAnswer(fault.status, fault.json), rateHeaders)
    }
    if (fault?.type === "quota") {
      return finish(errorAnswer(429, fault.name, ERROR_MESSAGES[fault.name]), rateHeaders)
    }
    /** From here on the request is processed; a `drop` fault loses whatever the answer is. */
    const reply = (answer: Answer) => {
      if (fault?.type !== "drop") return finish(answer, rateHeaders)
      entry.status = answer.status
      return drop("after")
    }

    // 5. Idempotency.
    let fingerprint: string | undefined
    if (idempotencyKey !== undefined) {
      if (idempotencyKey.length < 1 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
        return reply(
          errorAnswer(400, "invalid_idempotency_key", ERROR_MESSAGES.invalid_idempotency_key)
        )
      }
      fingerprint = createHash("sha256")
        .update(`${path}\n${parseError ? raw : canonicalJson(parsed)}`)
        .digest("hex")
      const stored = idempotency.get(idempotencyKey)
      if (stored?.state === "done" && at - stored.storedAt >= IDEMPOTENCY_TTL_MS) {
        idempotency.delete(idempotencyKey) // expired: the key is free again
      } else if (stored?.state === "in_flight") {
        return reply(
          errorAnswer(
            409,
            "concurrent_idempotent_requests",
            ERROR_MESSAGES.concurrent_idempotent_requests
          )
        )
      } else if (stored?.state === "done") {
        if (stored.fingerprint !== fingerprint) {
          return reply(
            errorAnswer(
              409,
              "invalid_idempotent_request",
              ERROR_MESSAGES.invalid_idempotent_request
            )
          )
        }
        entry.replayed = true
        await sleep(latencyMs + (fault?.type === "delay" ? fault.ms : 0))
        if (closed) return
        return reply(stored.answer)
      }
      idempotency.set(idempotencyKey, { state: "in_flight", fingerprint })
    }

    // 6. Latency (plus an injected delay); the key stays in flight meanwhile.
    await sleep(latencyMs + (fault?.type === "delay" ? fault.ms : 0))
    if (closed) return

    // 7. Validation and processing.
    let answer: Answer
    let accepted = 0
    if (parseError) {
      answer = errorAnswer(422, "validation_error", "The request body is not valid JSON.")
    } else if (path === "/emails") {
      ;[answer, accepted] = sendSingle(parsed, at, idempotencyKey)
    } else {
      const mode = (batchHeader ?? "strict").toLowerCase()
      if (mode !== "strict" && mode !== "permissive") {
        answer = errorAnswer(
          422,
          "validation_error",
          "The `x-batch-validation` header must be `strict` or `permissive`."
        )
      } else {
        ;[answer, accepted] = sendBatch(parsed, mode, at, idempotencyKey)
      }
    }
    entry.acceptedCount = accepted

    if (idempotencyKey !== undefined) {
      if (answer.status >= 200 && answer.status < 300) {
        idempotency.set(idempotencyKey, {
          state: "done",
          fingerprint: fingerprint!,
          storedAt: at,
          answer,
        })
      } else {
        idempotency.delete(idempotencyKey) // failed: nothing was sent, the key may be used again
      }
    }

    // 8. The answer, unless it is to be lost on the way back.
    reply(answer)
  }

  const clearFaults = () => {
    queuedFaults = []
    rejected.clear()
    random = null
  }

  // ---- lifecycle -------------------------------------------------------------------------

  const sockets = new Set<Socket>()
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the stand-in: answer 500 so the test sees it rather than hanging.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" })
        res.end(
          JSON.stringify({
            statusCode: 500,
            name: "internal_server_error",
            message: String(error),
          })
        )
      }
    })
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    apiKey,
    messages,
    requests,
    get inFlight() {
      return inFlight
    },
    reset() {
      // Arrays are cleared in place so references held by tests stay valid.
      messages.length = 0
      requests.length = 0
      idempotency.clear()
      window = []
      clearFaults()
    },
    setRateLimit(rps) {
      if (rps !== null && !(Number.isInteger(rps) && rps > 0)) {
        throw new Error(`requestsPerSecond must be a positive integer or null, got ${rps}`)
      }
      requestsPerSecond = rps
      window = []
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms)
    },
    fault(spec) {
      if (spec.type === "reject") {
        for (const address of spec.addresses)
          rejected.add(parseAddress(address) ?? address.toLowerCase())
        return
      }
      const times = spec.times ?? 1
      if (!(times > 0)) throw new Error(`fault times must be > 0, got ${times}`)
      queuedFaults.push({ ...spec, remaining: times })
    },
    randomFaults(opts) {
      if (!opts) {
        random = null
        return
      }
      if (!(opts.rate >= 0 && opts.rate <= 1))
        throw new Error(`rate must be within 0..1, got ${opts.rate}`)
      const kinds = opts.kinds ?? ["status500", "status503", "drop", "dropBefore", "rateLimited"]
      if (!kinds.length) throw new Error("kinds must not be empty")
      random = { rate: opts.rate, kinds, next: seededRandom(opts.seed) }
    },
    clearFaults,
    async close() {
      closed = true
      // End pending sleeps now; their handlers see `closed` and stop without answering.
      for (const [timer, resolve] of timers) {
        clearTimeout(timer)
        resolve()
      }
      timers.clear()
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve()))
      )
    },
  }
}
