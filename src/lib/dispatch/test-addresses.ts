import { isValidEmail, normalizeEmail } from "../../modules/newsletter/utils/email"

export const MAX_TEST_ADDRESSES = 20

/**
 * Splits the test-send field (S5: addresses separated by commas; Japanese 、 and ， too) into
 * normalized, de-duplicated addresses. Returns the problems in words instead when there are any.
 */
export function parseTestAddresses(
  field: string
): { addresses: string[]; problem?: undefined } | { addresses?: undefined; problem: string } {
  const addresses = [
    ...new Set(
      field
        .split(/[,、，]/)
        .map(normalizeEmail)
        .filter((a) => a.length > 0)
    ),
  ]
  if (!addresses.length) {
    return { problem: "must contain at least one email address" }
  }
  if (addresses.length > MAX_TEST_ADDRESSES) {
    return {
      problem: `may contain at most ${MAX_TEST_ADDRESSES} addresses (got ${addresses.length})`,
    }
  }
  const invalid = addresses.filter((a) => !isValidEmail(a))
  if (invalid.length) {
    return { problem: `contains invalid email addresses: ${invalid.join(", ")}` }
  }
  return { addresses }
}
