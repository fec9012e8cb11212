import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { formatZodIssues } from "../../lib/zod-issues"

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
        requestsPerSecond: z
          .number()
          .positive("must be a positive number")
          .max(100, "must be at most 100")
          .default(2),
        /** Seconds to wait for Resend's answer; then the outcome is unknown and the batch is retried with its key. */
        timeoutSeconds: z.number().positive("must be a positive number").max(300, "must be at most 300").default(30),
        /** Base URL of the Resend API (a local stand-in in tests). */
        baseUrl: z.url("must be a URL").optional(),
      })
      .strict()
      .optional(),
    /** Without `resend`, mails are written as .eml files into this folder instead of being sent. */
    outboxDir: z.string().min(1, "must not be empty").default("newsletter-outbox"),
    /**
     * Secret that signs unsubscribe and coupon links (at least 32 characters). Defaults to the
     * app's `projectConfig.http.jwtSecret`.
     */
    linkSecret: z.string().min(32, "must be at least 32 characters").optional(),
    /** Advanced tuning of the dispatcher; the defaults suit most shops. */
    dispatch: z
      .object({
        /** Mails per provider request (Resend allows at most 100). */
        batchSize: z.number().int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100 (Resend's batch limit)").default(100),
        /** Seconds a worker owns a claimed batch before another worker may take it over. */
        leaseSeconds: z.number().int("must be a whole number").min(5, "must be at least 5").max(3600, "must be at most 3600").default(120),
        /** Seconds one job run keeps sending before it hands over to the next run. */
        runSeconds: z.number().int("must be a whole number").min(1, "must be at least 1").max(3600, "must be at most 3600").default(50),
        /**
         * Batches one process sends at once per article (requests in flight). The shared schedule
         * still keeps to `resend.requestsPerSecond`; more lanes let a slow provider answer overlap.
         */
        concurrency: z.number().int("must be a whole number").min(1, "must be at least 1").max(16, "must be at most 16").default(4),
      })
      .strict()
      .default({ batchSize: 100, leaseSeconds: 120, runSeconds: 50, concurrency: 4 }),
    /**
     * Error-rate stop (S15): once `minAttempts` recipients were attempted and errors / attempted
     * exceeds `threshold`, the article stops (配信停止) for good.
     */
    errorRate: z
      .object({
        minAttempts: z.number().int("must be a whole number").min(1, "must be at least 1").default(100),
        threshold: z
          .number()
          .gt(0, "must be more than 0")
          .max(1, "must be at most 1 (a share of attempted mails)")
          .default(0.1),
      })
      .strict()
      .default({ minAttempts: 100, threshold: 0.1 }),
    /** Consecutive transient delivery errors, across articles, after which an address is cleaned. */
    transientErrorsToClean: z.number().int("must be a whole number").min(1, "must be at least 1").default(3),
    /** Hours after sending ended when results are final (集計済) even if some were never reported. */
    aggregationWindowHours: z.number().positive("must be a positive number").default(72),
    /** Storefront base URL, used in coupon and unsubscribe links. */
    storefrontUrl: z.url("must be a URL").default("http://localhost:8000"),
    /**
     * Path of the storefront's coupon page under `storefrontUrl` (S9): `<#クーポンURL>` renders as
     * `{storefrontUrl}/{couponPath}/{token}`. That page logs the customer in and calls
     * `POST /store/newsletter-coupons/{token}/claim`. Leading and trailing slashes are ignored.
     */
    couponPath: z
      .string()
      .regex(
        /^\/*[A-Za-z0-9._~%-]+(\/[A-Za-z0-9._~%-]+)*\/*$/,
        "must be a URL path such as \"newsletter-coupons\" or \"ja/coupons\""
      )
      .default("newsletter-coupons"),
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
        /** Shop name for `<#ショップ名>`; the sender's name when not given. */
        shopName: z.string().min(1, "must not be empty").optional(),
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
  throw new MedusaError(
    MedusaError.Types.INVALID_ARGUMENT,
    `medusa-plugin-newsletter: invalid plugin options: ${formatZodIssues(parsed.error.issues, own, "options", "option")}`
  )
}
