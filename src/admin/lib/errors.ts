/**
 * The API's 400 messages name their fields ("Invalid request: subject is required; scheduled_at
 * must be …", "Unknown tag <#会員ランク> in body. Valid tags: …"). This splits such a message into
 * one message per field so each can be shown at its field; whatever names no known field stays in
 * `general`.
 */
export type FieldErrors = { fields: Record<string, string>; general: string[] }

export function splitFieldErrors(message: string, fieldNames: readonly string[]): FieldErrors {
  const result: FieldErrors = { fields: {}, general: [] }
  const add = (field: string, text: string) => {
    result.fields[field] = result.fields[field] ? `${result.fields[field]} ${text}` : text
  }
  const text = message.replace(/^Invalid request:\s*/, "")
  for (const part of text.split(/;\s+/)) {
    const leading = /^([a-z_]+)(?:\.[\w.]+)?(?=[\s:]|$)/.exec(part)?.[1]
    if (leading && fieldNames.includes(leading)) {
      add(leading, part)
      continue
    }
    // Sentences saying "… in body." belong to that field; the rest (e.g. "Valid tags: …")
    // goes with them.
    const sentences = part.split(/(?<=\.)\s+/)
    const named: string[] = []
    const rest: string[] = []
    for (const sentence of sentences) {
      const field = / in ([a-z_]+)\.?$/.exec(sentence)?.[1]
      if (field && fieldNames.includes(field)) {
        add(field, sentence)
        named.push(field)
      } else {
        rest.push(sentence)
      }
    }
    if (named.length && rest.length) {
      for (const field of new Set(named)) {
        add(field, rest.join(" "))
      }
    } else if (!named.length && part.trim()) {
      result.general.push(part)
    }
  }
  return result
}

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

/** "subject is required" in the admin's language; other messages stay as the API wrote them. */
export function localizeRequired(errors: FieldErrors, required: string): FieldErrors {
  const fields: Record<string, string> = {}
  for (const [field, message] of Object.entries(errors.fields)) {
    fields[field] = message === `${field} is required` ? required : message
  }
  return { ...errors, fields }
}
