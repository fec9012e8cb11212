/** The form in which addresses are stored and compared: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

// What String.prototype.trim removes and Japanese input produces: ASCII whitespace, no-break
// space, the ideographic (full-width) space and a stray byte-order mark.
const SQL_SPACE = "[[:space:]\\u00a0\\u3000\\ufeff]"

/** The same normalization, as SQL over a column or expression (kept in step with normalizeEmail). */
export const normalizedEmailSql = (expr: string) =>
  `lower(regexp_replace(${expr}, '^${SQL_SPACE}+|${SQL_SPACE}+$', '', 'g'))`

// Deliberately simple: one @, no spaces, a dot in the domain. Providers do the rest.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function isValidEmail(email: string): boolean {
  return EMAIL_PATTERN.test(email)
}

/** The same check for SQL (POSIX regex), used to leave invalid addresses out of snapshots. */
export const VALID_EMAIL_SQL_PATTERN = "^[^[:space:]@]+@[^[:space:]@]+\\.[^[:space:]@]+$"
