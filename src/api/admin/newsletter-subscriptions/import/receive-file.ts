import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { MedusaRequest } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { IMPORT_MAX_BYTES, importFileTooLarge } from "../../../../lib/csv/import"
import { NewsletterError, type NewsletterErrorParams } from "../../../../modules/newsletter/errors"
import { readJsonBody, requestMediaType, saveRequestBody } from "../../../utils/request-body"
import { validated } from "../../../utils/validate-body"
import { AdminImportNewsletterSubscriptions, IMPORT_SIZE_LIMIT } from "../validators"

/** The file as the import workflow takes it: its text (JSON body) or the file it was saved to. */
export type ReceivedSubscriberFile = { csv: string } | { file_path: string }

// Charsets whose bytes are UTF-8 (ASCII is a subset).
const UTF8 = ["utf-8", "utf8", "us-ascii"]

// The route answers these as 413 or 415 by their code (see respond-error.ts).
const refusal = (code: string, message: string, params: NewsletterErrorParams = {}) =>
  new NewsletterError(MedusaError.Types.INVALID_DATA, code, message, params)

/**
 * Receives the subscriber file of `POST /admin/newsletter-subscriptions/import` (Medusa's body
 * parser is off for it) and hands it to `importFile`, or throws why not (the route answers 413
 * and 415 by the codes `import_file_too_large`, `import_json_too_large`, `unsupported_media_type`,
 * `unsupported_charset`, `unsupported_content_encoding`):
 * - `text/csv` (UTF-8): the body is the file. It is written to a temporary file as it arrives,
 *   never held in memory; a body over 20 MB is a 413 at its first byte over (at once when its
 *   Content-Length says so), before anything is imported. The temporary file is removed when the
 *   import is done, whatever its outcome, so no database transaction waits on a slow upload.
 * - `application/json` `{ csv }`: the compatible way, the body held and parsed whole (up to
 *   {@link IMPORT_SIZE_LIMIT}; over it a 413).
 * - anything else, another charset or a compressed body: 415.
 */
export async function receiveSubscriberFile(
  req: MedusaRequest,
  importFile: (file: ReceivedSubscriberFile) => Promise<void>
): Promise<void> {
  const { type, charset } = requestMediaType(req)
  const encoding = req.headers["content-encoding"]?.trim().toLowerCase()
  if (encoding && encoding !== "identity") {
    throw refusal(
      "unsupported_content_encoding",
      `Send the file uncompressed (Content-Encoding: ${encoding.slice(0, 40)} is not accepted)`,
      { encoding: encoding.slice(0, 40) }
    )
  }
  if (type === "text/csv") {
    if (charset && !UTF8.includes(charset)) {
      throw refusal(
        "unsupported_charset",
        `The file must be UTF-8 (Content-Type: text/csv; charset=utf-8), not ${charset.slice(0, 40)}: save it from the spreadsheet as CSV UTF-8`,
        { charset: charset.slice(0, 40) }
      )
    }
    const dir = await mkdtemp(join(tmpdir(), "newsletter-import-"))
    try {
      const file_path = join(dir, "subscribers.csv")
      const reading = await saveRequestBody(req, file_path, IMPORT_MAX_BYTES)
      if (!reading.complete) {
        throw importFileTooLarge(reading.bytes)
      }
      return await importFile({ file_path })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
  if (type === "application/json") {
    const reading = await readJsonBody(req, IMPORT_SIZE_LIMIT)
    if (!reading) {
      throw refusal(
        "import_json_too_large",
        `The JSON body is over ${IMPORT_SIZE_LIMIT / (1024 * 1024)} MB; send a large file as the body itself, with Content-Type: text/csv (at most ${IMPORT_MAX_BYTES / (1024 * 1024)} MB). Nothing was imported`,
        { max_mb: IMPORT_SIZE_LIMIT / (1024 * 1024), file_max_mb: IMPORT_MAX_BYTES / (1024 * 1024) }
      )
    }
    const { csv } = await validated(AdminImportNewsletterSubscriptions, reading.body)
    return await importFile({ csv })
  }
  throw refusal(
    "unsupported_media_type",
    `Send the subscriber file as the body with Content-Type: text/csv, or as JSON { "csv": "<file text>" } with Content-Type: application/json; got ${type ? type.slice(0, 60) : "no Content-Type"}`,
    { type: type ? type.slice(0, 60) : null }
  )
}
