/** The longest error text kept with a delivery effect. */
const MAX_LENGTH = 1000

/**
 * An error's message for a stored or logged note: a database error's own text, without the SQL
 * statement the driver puts in front of it (`<statement> - <message>`), at most 1000 characters.
 */
export function briefErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const afterStatement = /^\s*(?:WITH|SELECT|INSERT|UPDATE|DELETE)\b[\s\S]* - ([\s\S]+)$/i.exec(message)
  return (afterStatement ? afterStatement[1] : message).slice(0, MAX_LENGTH)
}
