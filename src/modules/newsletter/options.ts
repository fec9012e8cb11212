import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/** The plugin's options, as written in `medusa-config.ts` under `plugins[].options`. */
export const NewsletterOptionsSchema = z
  .object({
    /** Resend account used for sending. Without it nothing can be sent, but articles can be prepared. */
    resend: z
      .object({
        apiKey: z.string().min(1, "must not be empty"),
        /** The From header, e.g. `"ショップ名 <news@example.jp>"`. */
        from: z.string().min(3, "must be an address such as \"Shop <news@example.jp>\""),
        /** Signing secret of the Resend webhook (`whsec_…`). */
        webhookSecret: z.string().min(1, "must not be empty").optional(),
        /** Requests per second to Resend across all worker processes; leave room for order mail. */
        requestsPerSecond: z.number().positive("must be a positive number").max(100).default(2),
        /** Base URL of the Resend API (a local stand-in in tests). */
        baseUrl: z.url("must be a URL").optional(),
      })
      .strict()
      .optional(),
    /** Storefront base URL, used in coupon and unsubscribe links. */
    storefrontUrl: z.url("must be a URL").default("http://localhost:8000"),
    /** Public URL of the Medusa backend, used for one-click unsubscribe links. */
    backendUrl: z.url("must be a URL").default("http://localhost:9000"),
    /** IANA time zone in which times are shown and sending windows are read. */
    timezone: z
      .string()
      .refine(isTimeZone, { message: "must be an IANA time zone such as \"Asia/Tokyo\"" })
      .default("Asia/Tokyo"),
    /** Minimum minutes between now and a reservation's send time (S4). */
    minLeadMinutes: z.number().int("must be a whole number").min(0, "must not be negative").default(3),
    /** Sender identity printed in every mail, as 特定電子メール法 requires. */
    sender: z
      .object({
        name: z.string().min(1, "must not be empty"),
        postalAddress: z.string().min(1, "must not be empty"),
        /** Phone, email or URL where recipients can reach the sender. */
        contact: z.string().min(1, "must not be empty"),
      })
      .strict(),
  })
  .strict()

export type NewsletterModuleOptions = z.input<typeof NewsletterOptionsSchema>
export type ResolvedNewsletterOptions = z.output<typeof NewsletterOptionsSchema>

/**
 * Validates the plugin options and fills in defaults.
 * Throws a MedusaError naming every wrong option, so the app fails at boot, not at send time.
 */
export function resolveNewsletterOptions(raw: unknown): ResolvedNewsletterOptions {
  // Medusa adds its own `database` key to the options of every module that has models.
  const { database: _database, ...own } = (raw ?? {}) as Record<string, unknown>
  const parsed = NewsletterOptionsSchema.safeParse(own)
  if (parsed.success) {
    return parsed.data
  }
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.join(".") || "(options)"
    const message =
      issue.code === "invalid_type" && issue.input === undefined
        ? "is required"
        : issue.code === "unrecognized_keys"
        ? `has unknown keys: ${issue.keys.join(", ")}`
        : issue.message
    return `${path} ${message}`
  })
  throw new MedusaError(
    MedusaError.Types.INVALID_ARGUMENT,
    `medusa-plugin-newsletter: invalid plugin options: ${problems.join("; ")}`
  )
}
