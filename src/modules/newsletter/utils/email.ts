/** The form in which addresses are stored and compared: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

// What String.prototype.trim removes: ASCII whitespace, the Unicode spaces (no-break, ideographic
// full-width space U+3000 that Japanese input produces, …), line separators and a stray BOM.
// A character set for btrim(): much cheaper per row than a regular expression.
const SQL_TRIM_CHARS =
  "E'\\u0009\\u000a\\u000b\\u000c\\u000d\\u0020\\u00a0\\u1680\\u2000\\u2001\\u2002\\u2003" +
  "\\u2004\\u2005\\u2006\\u2007\\u2008\\u2009\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff'"

/** The same normalization, as SQL over a column or expression (kept in step with normalizeEmail). */
export const normalizedEmailSql = (expr: string) => `lower(btrim(${expr}, ${SQL_TRIM_CHARS}))`

/**
 * Addresses made only of the characters `!` to `~` of ASCII without `A`-`Z` (so no space, no
 * capital, nothing beyond ASCII), as a POSIX pattern. Such an address is its own normalized form:
 * lower() changes none of these characters in any locale, and none of them is in btrim()'s set.
 */
export const NORMALIZED_AS_STORED_SQL_PATTERN = "^[!-@[-~]+$"

/**
 * {@link normalizedEmailSql} for scanning a whole table of stored addresses: the same value for
 * every input, over a third cheaper per row when most addresses are stored normalized, since those
 * ({@link NORMALIZED_AS_STORED_SQL_PATTERN}, one regular expression) are returned as they are and
 * only the others go through lower(btrim()). Pass a column: the expression names it three times.
 */
export const normalizedStoredEmailSql = (column: string) =>
  `CASE WHEN ${column} ~ '${NORMALIZED_AS_STORED_SQL_PATTERN}' THEN ${column} ` +
  `ELSE ${normalizedEmailSql(column)} END`

// Deliberately simple: one @, no spaces, a dot in the domain. Providers do the rest.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function isValidEmail(email: string): boolean {
  return EMAIL_PATTERN.test(email)
}

/** The same check for SQL (POSIX regex), used to leave invalid addresses out of snapshots. */
export const VALID_EMAIL_SQL_PATTERN = "^[^[:space:]@]+@[^[:space:]@]+\\.[^[:space:]@]+$"
