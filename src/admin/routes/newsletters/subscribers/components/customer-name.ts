/** A customer's name in Japanese order (family name first), or "" when it has none. */
export const customerName = (c: { last_name: string | null; first_name: string | null }) =>
  [c.last_name, c.first_name].filter(Boolean).join(" ")
