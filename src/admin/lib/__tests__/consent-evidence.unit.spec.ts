import en from "../../i18n/json/en.json"
import ja from "../../i18n/json/ja.json"
import { consentEvidenceLines } from "../consent-evidence"

const signup = {
  created_at: "2026-12-01T01:05:00.000Z",
  consented_at: "2026-12-01T01:05:00.000Z",
  evidence: {
    requested_at: "2026-12-01T01:00:00.000Z",
    confirmed_at: "2026-12-01T01:05:00.000Z",
    request_ip: "203.0.113.5",
    request_user_agent: "Mozilla/5.0 (signup)",
    confirm_ip: "198.51.100.7",
    confirm_user_agent: null,
    source_url: "https://shop.example.jp/",
  },
}

describe("consentEvidenceLines", () => {
  it("should list a signup's request, page and confirmation in the store's zone, leaving out what is not known", () => {
    expect(consentEvidenceLines(signup, "Asia/Tokyo", "ja")).toEqual([
      { key: "requested_at", value: "2026/12/01 10:00" },
      { key: "request_ip", value: "203.0.113.5" },
      { key: "request_user_agent", value: "Mozilla/5.0 (signup)" },
      { key: "source_url", value: "https://shop.example.jp/" },
      { key: "confirmed_at", value: "2026/12/01 10:05" },
      { key: "confirm_ip", value: "198.51.100.7" },
    ])
  })

  it("should write times in the admin's language", () => {
    expect(consentEvidenceLines(signup, "Asia/Tokyo", "en")[0]).toEqual({
      key: "requested_at",
      value: "12/01/2026, 10:00",
    })
  })

  it("should show an import's stated consent date when the entry has no signup evidence", () => {
    expect(
      consentEvidenceLines(
        { created_at: "2026-12-02T00:00:00.000Z", consented_at: "2025-04-01T03:00:00.000Z", evidence: null },
        "Asia/Tokyo",
        "ja"
      )
    ).toEqual([{ key: "consented_at", value: "2025/04/01 12:00" }])
  })

  it("should give nothing for an entry without consent date or evidence", () => {
    expect(
      consentEvidenceLines({ created_at: "2026-12-02T00:00:00.000Z", consented_at: null, evidence: null }, "UTC", "en")
    ).toEqual([])
  })

  it("should name every line in both dictionaries", () => {
    const keys = ["consented_at", ...consentEvidenceLines(signup, "UTC", "en").map((l) => l.key), "confirm_user_agent"]
    for (const dictionary of [ja, en]) {
      const names = dictionary.subscription.evidence as Record<string, string>
      expect(keys.filter((key) => !names[key])).toEqual([])
    }
  })
})
