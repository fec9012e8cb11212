import { z } from "@medusajs/framework/zod"
import { formatZodIssues, zodIssueProblems } from "../zod-issues"

/** Parses `value` the way a route does and formats the problems with the value it parsed. */
function problemsOf(schema: z.ZodType, value: unknown, root?: string) {
  const result = schema.safeParse(value)
  if (result.success) {
    throw new Error("expected the value to be refused")
  }
  return formatZodIssues(result.error.issues, value, root)
}

const Article = z
  .object({
    subject: z.string({ error: "must be text" }).min(1, "must not be empty"),
    format: z.enum(["text", "html", "mjml"]),
    audience: z
      .object({
        tags: z.array(z.string()).optional(),
        prefecture: z.string().min(1, "must not be empty").optional(),
      })
      .strict()
      .optional(),
  })
  .strict()

describe("formatZodIssues", () => {
  describe("missing fields", () => {
    it("should say a missing field is required", () => {
      expect(problemsOf(Article, { format: "text" })).toBe("subject is required")
    })

    it("should say a field given as undefined is required", () => {
      expect(problemsOf(Article, { subject: undefined, format: "text" })).toBe(
        "subject is required"
      )
    })

    it("should say a missing enum field is required", () => {
      expect(problemsOf(Article, { subject: "冬のセール" })).toBe("format is required")
    })

    it("should name every missing field", () => {
      expect(problemsOf(Article, {})).toBe("subject is required; format is required")
    })

    it("should say a missing nested field is required, with a dotted path", () => {
      const Body = z.object({ sender: z.object({ name: z.string(), contact: z.string() }) })
      expect(problemsOf(Body, { sender: { name: "テストショップ" } })).toBe(
        "sender.contact is required"
      )
    })

    it("should include array indexes in the path", () => {
      const Items = z.object({ items: z.array(z.object({ quantity: z.number() })) })
      expect(problemsOf(Items, { items: [{ quantity: 1 }, {}] })).toBe(
        "items.1.quantity is required"
      )
    })

    it("should keep the message of a custom rule about a missing field, which says why it is required", () => {
      const Linked = z
        .object({ resend: z.boolean().optional(), backendUrl: z.string().optional() })
        .superRefine((value, ctx) => {
          if (value.resend && !value.backendUrl) {
            ctx.addIssue({ code: "custom", path: ["backendUrl"], message: "is required when resend is set" })
          }
        })
      expect(problemsOf(Linked, { resend: true })).toBe("backendUrl is required when resend is set")
    })
  })

  describe("wrong values", () => {
    it("should not call a field of the wrong type missing", () => {
      expect(problemsOf(Article, { subject: 42, format: "text" })).toBe("subject must be text")
    })

    it("should list the allowed values of an enum", () => {
      expect(problemsOf(Article, { subject: "冬のセール", format: "pdf" })).toBe(
        "format must be one of: text, html, mjml"
      )
    })

    it("should list the allowed value of a literal", () => {
      expect(problemsOf(z.object({ to: z.literal("cancelled") }), { to: "sent" })).toBe(
        "to must be one of: cancelled"
      )
    })

    it("should use the schema's own message after the field name", () => {
      expect(problemsOf(Article, { subject: "", format: "text" })).toBe(
        "subject must not be empty"
      )
    })

    it("should join a nested path with dots", () => {
      expect(
        problemsOf(Article, { subject: "冬のセール", format: "text", audience: { prefecture: "" } })
      ).toBe("audience.prefecture must not be empty")
    })
  })

  describe("unknown keys", () => {
    it("should name one unknown key", () => {
      expect(problemsOf(Article, { subject: "冬のセール", format: "text", sent_at: "x" })).toBe(
        "unknown field: sent_at"
      )
    })

    it("should name several unknown keys", () => {
      expect(
        problemsOf(Article, { subject: "冬のセール", format: "text", sent_at: "x", status: "sent" })
      ).toBe("unknown fields: sent_at, status")
    })

    it("should say where nested unknown keys are", () => {
      expect(
        problemsOf(Article, { subject: "冬のセール", format: "text", audience: { city: "大阪" } })
      ).toBe("unknown field in audience: city")
    })
  })

  describe("problems of the whole value", () => {
    const Patch = z
      .object({ subject: z.string().optional(), body: z.string().optional() })
      .refine((v) => Object.keys(v).length > 0, { message: "must change at least one field" })

    it("should name the body by default", () => {
      expect(problemsOf(Patch, {})).toBe("body must change at least one field")
    })

    it("should name the root it is given", () => {
      expect(problemsOf(Patch, {}, "query")).toBe("query must change at least one field")
    })
  })

  it("should name every problem, joined by semicolons", () => {
    expect(
      problemsOf(Article, {
        subject: "",
        format: "pdf",
        audience: { prefecture: "" },
        a: 1,
        b: 2,
      })
    ).toBe(
      [
        "subject must not be empty",
        "format must be one of: text, html, mjml",
        "audience.prefecture must not be empty",
        "unknown fields: a, b",
      ].join("; ")
    )
  })

  it("should give an empty string for no issues", () => {
    expect(formatZodIssues([], {})).toBe("")
  })
})

describe("zodIssueProblems", () => {
  /** Parses `value` as a route does and maps the issues to the problems of a 400's `errors`. */
  function problems(schema: z.ZodType, value: unknown) {
    const result = schema.safeParse(value)
    if (result.success) {
      throw new Error("expected the value to be refused")
    }
    return zodIssueProblems(result.error.issues, value)
  }

  const Body = z
    .object({
      subject: z.string().trim().min(1, "must not be empty").max(5, "must be at most 5 characters"),
      format: z.enum(["text", "html", "mjml"]),
      count: z.number().int().min(2).optional(),
      tags: z.array(z.string()).min(1).max(2).optional(),
      sent: z.boolean().optional(),
      at: z.iso.datetime({ offset: true }).optional(),
      status: z.union([z.enum(["draft", "sent"]), z.array(z.enum(["draft", "sent"]))]).optional(),
      audience: z.object({ q: z.string() }).strict().optional(),
    })
    .strict()

  it("should name a missing field required, whatever its type", () => {
    expect(problems(Body, {})).toEqual([
      { path: "subject", code: "required", params: {} },
      { path: "format", code: "required", params: {} },
    ])
  })

  it("should call an empty or blank text required, as the admin says it", () => {
    expect(problems(Body, { subject: "  ", format: "text" })).toEqual([{ path: "subject", code: "required", params: {} }])
  })

  it("should give each wrong value its code and the values its message needs", () => {
    expect(
      problems(Body, {
        subject: "長すぎる件名です",
        format: "pdf",
        count: 1.5,
        tags: ["a", "b", "c"],
        sent: "yes",
        at: "tomorrow",
        status: ["draft", "gone"],
      })
    ).toEqual([
      { path: "subject", code: "too_big", params: { maximum: 5, origin: "string" } },
      { path: "format", code: "invalid_value", params: { values: ["text", "html", "mjml"] } },
      { path: "count", code: "invalid_type", params: { expected: "int" } },
      { path: "tags", code: "too_big", params: { maximum: 2, origin: "array" } },
      { path: "sent", code: "invalid_type", params: { expected: "boolean" } },
      { path: "at", code: "invalid_format", params: { format: "datetime" } },
      { path: "status", code: "invalid_value", params: { values: ["draft", "sent"] } },
    ])
    expect(problems(Body, { subject: "件名", format: "text", count: 1, tags: [] })).toEqual([
      { path: "count", code: "too_small", params: { minimum: 2, origin: "number" } },
      { path: "tags", code: "too_small", params: { minimum: 1, origin: "array" } },
    ])
  })

  it("should list unknown keys where they are, the root as the empty path", () => {
    expect(problems(Body, { subject: "件名", format: "text", a: 1, b: 2, audience: { q: "x", city: "大阪" } })).toEqual([
      { path: "audience", code: "unknown_fields", params: { keys: ["city"] } },
      { path: "", code: "unknown_fields", params: { keys: ["a", "b"] } },
    ])
  })

  it("should take a custom rule's code and params from the issue's params, and call one without a code invalid", () => {
    const Range = z
      .object({ gte: z.number(), lte: z.number() })
      .refine((r) => r.gte <= r.lte, { message: "is reversed", params: { code: "reversed_range" } })
      .superRefine((r, ctx) => {
        if (r.lte > 100) {
          ctx.addIssue({ code: "custom", path: ["lte"], message: "too high", params: { code: "limit", max: 100 } })
        }
      })
    expect(problems(Range, { gte: 200, lte: 150 })).toEqual([
      { path: "", code: "reversed_range", params: {} },
      { path: "lte", code: "limit", params: { max: 100 } },
    ])
    const Plain = z.object({ a: z.string().refine((v) => v === "x", "must be x") })
    expect(problems(Plain, { a: "y" })).toEqual([{ path: "a", code: "invalid", params: {} }])
  })

  it("should keep a custom rule's code for a missing field it names (it says why it is required)", () => {
    const Linked = z
      .object({ resend: z.boolean().optional(), backendUrl: z.string().optional() })
      .superRefine((value, ctx) => {
        if (value.resend && !value.backendUrl) {
          ctx.addIssue({
            code: "custom",
            path: ["backendUrl"],
            message: "is required when resend is set",
            params: { code: "required_with", field: "resend" },
          })
        }
      })
    expect(problems(Linked, { resend: true })).toEqual([
      { path: "backendUrl", code: "required_with", params: { field: "resend" } },
    ])
  })

  it("should give array indexes in the path", () => {
    const Items = z.object({ items: z.array(z.object({ quantity: z.number() })) })
    expect(problems(Items, { items: [{ quantity: 1 }, {}] })).toEqual([
      { path: "items.1.quantity", code: "required", params: {} },
    ])
  })

  it("should give no problems for no issues", () => {
    expect(zodIssueProblems([], {})).toEqual([])
  })
})
