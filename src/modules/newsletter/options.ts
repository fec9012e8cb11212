import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { formatZodIssues, zodIssueProblems } from "../../lib/zod-issues"
import { NewsletterError } from "./errors"
import { LONGEST_RETRY_BACKOFF_MS, minLeaseSeconds } from "./utils/dispatch-rules"

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/** Where links point when no mail leaves the machine (outbox transport) and no URL is set. */
const LOCAL_LINK_DEFAULTS = {
  storefrontUrl: "http://localhost:8000",
  backendUrl: "http://localhost:9000",
}

/** Whether a URL's host is this machine: a link to it goes nowhere in a recipient's mail. */
export function isLocalhostUrl(url: string): boolean {
  let host: string
  try {
    host = new URL(url).hostname.toLowerCase()
  } catch {
    return false
  }
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127(\.\d{1,3}){3}$/.test(host) ||
    host === "[::1]" ||
    host === "0.0.0.0"
  )
}

type LinkUrlOptions = {
  resend?: unknown
  allowLocalhostLinks: boolean
  backendUrl?: string
  storefrontUrl?: string
}

/**
 * With `resend` set, real mail goes out: its unsubscribe and coupon links need both public URLs,
 * and a localhost one would go nowhere, unless `allowLocalhostLinks` says this is development.
 */
function checkLinkUrls(options: LinkUrlOptions, ctx: z.RefinementCtx): void {
  if (options.resend === undefined) {
    return
  }
  const purposes = { backendUrl: "unsubscribe links", storefrontUrl: "coupon links" } as const
  for (const key of ["storefrontUrl", "backendUrl"] as const) {
    const url = options[key]
    if (url === undefined) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `is required when resend is set (the public URL used in ${purposes[key]})`,
      })
    } else if (isLocalhostUrl(url) && !options.allowLocalhostLinks) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        // No semicolon inside: the boot message joins the problems with semicolons.
        message: `must not point at localhost when resend is set: real mail would carry ${purposes[key]} that go nowhere (allowLocalhostLinks: true allows it, for development and tests only)`,
      })
    }
  }
}

function withLocalLinkDefaults<T extends LinkUrlOptions>(
  options: T
): T & { backendUrl: string; storefrontUrl: string } {
  return {
    ...options,
    storefrontUrl: options.storefrontUrl ?? LOCAL_LINK_DEFAULTS.storefrontUrl,
    backendUrl: options.backendUrl ?? LOCAL_LINK_DEFAULTS.backendUrl,
  }
}

/**
 * A batch's lease must outlive two attempts' worst case (renewed before each request): a shorter
 * one lets a second worker take over a batch whose request is still in flight.
 */
function checkLeaseCoversAttempts(
  options: { resend?: { timeoutSeconds: number }; dispatch: { leaseSeconds: number } },
  ctx: z.RefinementCtx
): void {
  if (!options.resend) {
    return
  }
  const min = minLeaseSeconds(options.resend.timeoutSeconds)
  if (options.dispatch.leaseSeconds < min) {
    ctx.addIssue({
      code: "custom",
      path: ["dispatch", "leaseSeconds"],
      message: `must be at least ${min} to cover two attempts' worst case (2 × resend.timeoutSeconds of ${options.resend.timeoutSeconds} s + ${LONGEST_RETRY_BACKOFF_MS / 1000} s of retry backoff); raise dispatch.leaseSeconds or lower resend.timeoutSeconds`,
    })
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
     * Secret that signs unsubscribe and coupon links (at least 32 characters); per-purpose keys are
     * derived from it. Defaults to the app's `projectConfig.http.jwtSecret` when that has at least
     * 32 characters; otherwise the boot stops and asks for this option.
     */
    linkSecret: z.string().min(32, "must be at least 32 characters").optional(),
    /**
     * Former link secrets whose links still verify (matched by the key id in each token), so mail
     * already delivered keeps working after a rotation. New links always use `linkSecret`.
     */
    previousLinkSecrets: z.array(z.string().min(32, "must be at least 32 characters")).default([]),
    /**
     * For development and tests only: lets `backendUrl` and `storefrontUrl` point at localhost
     * although `resend` sends real mail.
     */
    allowLocalhostLinks: z.boolean().default(false),
    /** Advanced tuning of the dispatcher; the defaults suit most shops. */
    dispatch: z
      .object({
        /** Mails per provider request (Resend allows at most 100). */
        batchSize: z.number().int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100 (Resend's batch limit)").default(100),
        /**
         * Seconds a worker owns a claimed batch before another worker may take it over; renewed
         * before every request. With `resend`, at least two attempts' worst case (see minLeaseSeconds).
         */
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
    /**
     * Days a processed webhook event (its `svix-id`, kept to recognise a report delivered again)
     * and an applied delivery effect are kept before the every-minute job purges them. Resend
     * stops retrying a report after about a day.
     */
    webhookEventRetentionDays: z
      .number()
      .int("must be a whole number")
      .min(2, "must be at least 2 (Resend may deliver a report again for about a day)")
      .max(3650, "must be at most 3650")
      .default(30),
    /** Storefront base URL, used in coupon and unsubscribe links. */
    storefrontUrl: z.url("must be a URL").optional(),
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
    /**
     * Path of the storefront's signup confirmation page under `storefrontUrl`: the confirmation
     * mail's link is then `{storefrontUrl}/{confirmPath}/{token}`, and that page posts the token to
     * `POST /store/newsletter-subscriptions/confirm`. Unset: the link opens the plugin's own page,
     * `{backendUrl}/hooks/newsletter/confirm/{token}`. Leading and trailing slashes are ignored.
     */
    confirmPath: z
      .string()
      .regex(
        /^\/*[A-Za-z0-9._~%-]+(\/[A-Za-z0-9._~%-]+)*\/*$/,
        "must be a URL path such as \"newsletter/confirm\""
      )
      .optional(),
    /** The storefront signup with double opt-in (`POST /store/newsletter-subscriptions`). */
    signup: z
      .object({
        /** Hours a confirmation link stays valid; an unconfirmed request then leaves no subscription. */
        confirmationHours: z
          .number()
          .positive("must be a positive number")
          .max(24 * 30, "must be at most 720 (30 days)")
          .default(72),
        /** Signup requests one IP address may make per `ipWindowMinutes`, across all server processes; then 429. */
        ipRequests: z.number().int("must be a whole number").min(1, "must be at least 1").default(20),
        /** The window of `ipRequests`, in minutes. */
        ipWindowMinutes: z
          .number()
          .int("must be a whole number")
          .min(1, "must be at least 1")
          .max(24 * 60, "must be at most 1440 (a day)")
          .default(10),
      })
      .strict()
      .default({ confirmationHours: 72, ipRequests: 20, ipWindowMinutes: 10 }),
    /** Public URL of the Medusa backend, used for one-click unsubscribe links. */
    backendUrl: z.url("must be a URL").optional(),
    /** IANA time zone in which times are shown and sending windows are read. */
    timezone: z
      .string()
      .refine(isTimeZone, { message: "must be an IANA time zone such as \"Asia/Tokyo\"" })
      .default("Asia/Tokyo"),
    /**
     * Language of the plugin's notifications in the admin's bell (Medusa's `feed` channel): the
     * dashboard shows a notification's title and description as they are stored, in one language
     * for every admin user; both texts are kept in its data (`texts.ja`, `texts.en`).
     */
    adminLanguage: z.enum(["ja", "en"]).default("ja"),
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
  .superRefine(checkLinkUrls)
  .superRefine(checkLeaseCoversAttempts)
  .transform(withLocalLinkDefaults)

export type NewsletterModuleOptions = z.input<typeof NewsletterOptionsSchema>
export type ResolvedNewsletterOptions = z.output<typeof NewsletterOptionsSchema>

/**
 * Validates the plugin options and fills in defaults.
 * Throws a NewsletterError (`invalid_plugin_options`, each wrong option in `errors`) naming every
 * wrong option, so the app fails at boot, not at send time.
 */
export function resolveNewsletterOptions(raw: unknown): ResolvedNewsletterOptions {
  // Medusa adds its own `database` key to the options of every module that has models.
  const { database: _database, ...own } = (raw ?? {}) as Record<string, unknown>
  const parsed = NewsletterOptionsSchema.safeParse(own)
  if (parsed.success) {
    return parsed.data
  }
  throw new NewsletterError(
    MedusaError.Types.INVALID_ARGUMENT,
    "invalid_plugin_options",
    `medusa-plugin-newsletter: invalid plugin options: ${formatZodIssues(parsed.error.issues, own, "options", "option")}`,
    {},
    zodIssueProblems(parsed.error.issues, own)
  )
}
