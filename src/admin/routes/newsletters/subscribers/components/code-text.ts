import { errorMessage } from "../../../../lib/errors"

/**
 * A code with its params in the admin's language (`errors.<code>` of the dictionaries): why a
 * subscription was left as it was, why a line of an import is left out.
 */
export const codeText = (code: string, params: Record<string, unknown> = {}) => errorMessage({ body: { code, params } })
