import {
  isValidEmail,
  NORMALIZED_AS_STORED_SQL_PATTERN,
  normalizedEmailSql,
  normalizedStoredEmailSql,
  normalizeEmail,
  VALID_EMAIL_SQL_PATTERN,
} from "../utils/email"

describe("email helpers", () => {
  describe("normalizeEmail", () => {
    it.each([
      ["taro@example.jp", "taro@example.jp"],
      ["Taro@Example.JP", "taro@example.jp"],
      ["  taro@example.jp  ", "taro@example.jp"],
      ["\tTARO.Yamada+News@Mail.Example.co.jp\n", "taro.yamada+news@mail.example.co.jp"],
    ])("should normalize %p to %p", (input, expected) => {
      expect(normalizeEmail(input)).toBe(expected)
    })

    it("should be idempotent", () => {
      const once = normalizeEmail("  Hanako@Example.JP ")
      expect(normalizeEmail(once)).toBe(once)
    })
  })

  describe("isValidEmail", () => {
    it.each([
      "taro@example.jp",
      "taro.yamada+news@mail.example.co.jp",
      "TARO@EXAMPLE.JP",
      "a@b.c",
      "山田@例え.日本",
    ])("should accept %p", (email) => {
      expect(isValidEmail(email)).toBe(true)
    })

    it.each([
      "",
      "taro",
      "taro@",
      "@example.jp",
      "taro@example",
      "taro@.jp",
      "taro@example.",
      "taro@@example.jp",
      "taro@ex@ample.jp",
      "taro yamada@example.jp",
      " taro@example.jp",
      "taro@example.jp ",
    ])("should refuse %p", (email) => {
      expect(isValidEmail(email)).toBe(false)
    })

    it("should accept an address with spaces around it once normalized", () => {
      expect(isValidEmail(normalizeEmail("  Taro@Example.JP "))).toBe(true)
    })
  })

  describe("SQL twins", () => {
    it("should normalize a column in SQL by trimming and lower-casing", () => {
      expect(normalizedEmailSql('c."email"')).toBe(
        "lower(btrim(c.\"email\", E'\\u0009\\u000a\\u000b\\u000c\\u000d\\u0020\\u00a0\\u1680" +
          "\\u2000\\u2001\\u2002\\u2003\\u2004\\u2005\\u2006\\u2007\\u2008\\u2009\\u200a\\u2028" +
          "\\u2029\\u202f\\u205f\\u3000\\ufeff'))"
      )
    })

    it("should return a column as it is only when it matches the pattern, else normalize it", () => {
      expect(normalizedStoredEmailSql('s."email"')).toBe(
        `CASE WHEN s."email" ~ '^[!-@[-~]+$' THEN s."email" ELSE ${normalizedEmailSql('s."email"')} END`
      )
    })

    it("should take as already normalized only what normalizing leaves unchanged", () => {
      const pattern = new RegExp(NORMALIZED_AS_STORED_SQL_PATTERN)
      const taken: string[] = []
      for (let code = 0; code <= 0xffff; code++) {
        const char = String.fromCharCode(code)
        if (pattern.test(char)) {
          taken.push(char)
          expect(normalizeEmail(`${char}a${char}`)).toBe(`${char}a${char}`)
        }
      }
      // Printable ASCII but the space and the capitals.
      expect(taken).toHaveLength(0x7e - 0x21 + 1 - 26)
      expect(pattern.test("taro.yamada+news@mail.example.co.jp")).toBe(true)
      for (const email of ["Taro@example.jp", " taro@example.jp", "taro@example.jp\t", "山田@例え.日本", ""]) {
        expect(pattern.test(email)).toBe(false)
      }
    })

    it("should give the same address check as a POSIX pattern", () => {
      expect(VALID_EMAIL_SQL_PATTERN).toBe("^[^[:space:]@]+@[^[:space:]@]+\\.[^[:space:]@]+$")
    })
  })
})
