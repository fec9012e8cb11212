import { needsAttention } from "../status"

describe("needsAttention", () => {
  it("should be true only for an article being sent whose reason is the need for attention", () => {
    expect(
      [
        { status: "sending", status_reason_code: "needs_attention" },
        { status: "sending", status_reason_code: "paused_quota" },
        { status: "sending", status_reason_code: null },
        { status: "sending" },
        // Resolved by skipping: the article finished; a stale code never shows the block.
        { status: "sent", status_reason_code: "needs_attention" },
        { status: "failed", status_reason_code: "owner_skipped_all" },
      ].map((n) => needsAttention(n as Parameters<typeof needsAttention>[0]))
    ).toEqual([true, false, false, false, false, false])
  })
})
