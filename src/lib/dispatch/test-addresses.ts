import type { NewsletterErrorParams } from "../../modules/newsletter/errors"
import { isValidEmail, normalizeEmail } from "../../modules/newsletter/utils/email"

export const MAX_TEST_ADDRESSES = 20

/** Why the test-send field is refused: the English words, and the code with its params. */
export type TestAddressProblem = { problem: string; code: string; params: NewsletterErrorParams }

/**
 * Splits the test-send field (S5: addresses separated by commas; Japanese 、 and ， too) into
 * normalized, de-duplicated addresses. Returns the problem instead when there is one:
 * `test_addresses_empty`, `test_addresses_too_many` {max, count}, `test_addresses_invalid`
 * {addresses}.
 */
export function parseTestAddresses(
  field: string
): { addresses: string[]; problem?: undefined } | ({ addresses?: undefined } & TestAddressProblem) {
  const addresses = [
    ...new Set(
      field
        .split(/[,、，]/)
        .map(normalizeEmail)
        .filter((a) => a.length > 0)
    ),
  ]
  if (!addresses.length) {
    return { problem: "must contain at least one email address", code: "test_addresses_empty", params: {} }
  }
  if (addresses.length > MAX_TEST_ADDRESSES) {
    return {
      problem: `may contain at most ${MAX_TEST_ADDRESSES} addresses (got ${addresses.length})`,
      code: "test_addresses_too_many",
      params: { max: MAX_TEST_ADDRESSES, count: addresses.length },
    }
  }
  const invalid = addresses.filter((a) => !isValidEmail(a))
  if (invalid.length) {
    return {
      problem: `contains invalid email addresses: ${invalid.join(", ")}`,
      code: "test_addresses_invalid",
      params: { addresses: invalid },
    }
  }
  return { addresses }
}
