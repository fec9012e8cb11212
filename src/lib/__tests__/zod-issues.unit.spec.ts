import { z } from "@medusajs/framework/zod"
import { formatZodIssues } from "../zod-issues"

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
