import { audienceSql } from "../audience/sql"
import { missingSegmentIds, namedSegmentIds, segmentCycle, segmentFilters } from "../audience/segments"

const saved = (audience: Record<string, unknown>, name = "x") => ({ name, audience })

describe("saved segments of an audience", () => {
  it("names the segments of the filter and of its any_of members, once each", () => {
    expect(namedSegmentIds({})).toEqual([])
    expect(namedSegmentIds(null)).toEqual([])
    expect(
      namedSegmentIds({ segment_id: "nlseg_a", any_of: [{ segment_id: "nlseg_b" }, { segment_id: "nlseg_a" }, {}] })
    ).toEqual(["nlseg_a", "nlseg_b"])
  })

  it("finds the ids missing anywhere along the chains", () => {
    const segments = { nlseg_a: saved({ segment_id: "nlseg_b" }), nlseg_c: saved({}) }
    expect(missingSegmentIds({ segment_id: "nlseg_a", any_of: [{ segment_id: "nlseg_c" }] }, segments)).toEqual([
      "nlseg_b",
    ])
    expect(missingSegmentIds({ segment_id: "nlseg_c" }, segments)).toEqual([])
  })

  it("finds the chain by which a segment would name itself, and only then", () => {
    const segments = {
      nlseg_a: saved({ email_domain: ["example.jp"] }),
      nlseg_b: saved({ segment_id: "nlseg_c" }),
      nlseg_c: saved({ any_of: [{ segment_id: "nlseg_a" }] }),
    }
    expect(segmentCycle("nlseg_a", { segment_id: "nlseg_a" }, segments)).toEqual(["nlseg_a", "nlseg_a"])
    expect(segmentCycle("nlseg_a", { segment_id: "nlseg_b" }, segments)).toEqual([
      "nlseg_a",
      "nlseg_b",
      "nlseg_c",
      "nlseg_a",
    ])
    expect(segmentCycle("nlseg_b", { segment_id: "nlseg_a" }, segments)).toBeNull()
    // A loop that doesn't pass through the segment saved is not its business (and ends).
    const loop = { nlseg_x: saved({ segment_id: "nlseg_y" }), nlseg_y: saved({ segment_id: "nlseg_x" }) }
    expect(segmentCycle("nlseg_z", { segment_id: "nlseg_x" }, loop)).toBeNull()
  })

  it("ANDs the segment's own statement, with its bindings in place, and refuses one not resolved", () => {
    const segments = segmentFilters({ nlseg_a: saved({ email_domain: ["example.jp"] }) })
    const plain = audienceSql({ has_account: true })
    const { sql, bindings } = audienceSql({ has_account: true, segment_id: "nlseg_a" }, segments)
    expect(sql).toContain(`ns."email" IN (SELECT sg."email" FROM (`)
    expect(sql.split("?").length - 1).toEqual(bindings.length)
    expect(bindings).toEqual([...plain.bindings, ...audienceSql({ email_domain: ["example.jp"] }).bindings])
    expect(() => audienceSql({ segment_id: "nlseg_gone" }, segments)).toThrow(
      'audience.segment_id: segment "nlseg_gone" does not exist'
    )
    // A segment naming itself (never saved so, but stored data is not trusted) ends in a 400, not a loop.
    const looped = segmentFilters({ nlseg_a: saved({ segment_id: "nlseg_a" }) })
    expect(() => audienceSql({ segment_id: "nlseg_a" }, looped)).toThrow('segment "nlseg_a" does not exist')
  })
})
