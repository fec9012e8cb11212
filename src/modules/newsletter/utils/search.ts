/** `%text%` for ILIKE, with the pattern characters of the text itself escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * The search rule of the admin's search boxes over people (the detailed search's `q`, the
 * subscriber list): the email contains the text, or the name does, compared without spaces (ASCII
 * or full-width) in either order, so 佐藤花子, 佐藤 花子 and "Hanako Sato" all find the same
 * customer; case-insensitively. `columns` are SQL expressions; a missing name counts as empty.
 */
export function nameOrEmailContainsSql(
  q: string,
  columns: { email: string; first_name: string; last_name: string }
): { sql: string; bindings: string[] } {
  const name = containsPattern(q.replace(/[\s\u3000]+/g, ""))
  const strip = (sql: string) => `regexp_replace(${sql}, '[[:space:]\u3000]+', '', 'g')`
  const first = `COALESCE(${columns.first_name}, '')`
  const last = `COALESCE(${columns.last_name}, '')`
  return {
    sql: `(${columns.email} ILIKE ?
        OR ${strip(`${last} || ${first}`)} ILIKE ?
        OR ${strip(`${first} || ${last}`)} ILIKE ?)`,
    bindings: [containsPattern(q), name, name],
  }
}
