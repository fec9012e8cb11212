import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { NewsletterError } from "../../modules/newsletter/errors"
import { formatZodIssues, zodIssueProblems } from "../zod-issues"

const dateTime = z.iso.datetime({
  offset: true,
  message: "must be an ISO 8601 date-time with a time zone, e.g. 2025-01-01T00:00:00+09:00",
})

const id = z.string().trim().min(1, "must not be empty")
const ids = z.array(id).min(1, "must list at least one id")

/**
 * A custom rule's message and its code for the 400's `errors` (see zodIssueProblems), e.g.
 * `.refine(check, rule("reversed_range", "is reversed: gte must not be after lte"))`.
 */
const rule = (code: string, message: string, params: Record<string, unknown> = {}) => ({
  message,
  params: { code, ...params },
})

/** A rule that at least one of `keys` is given (`one_required` {keys}). */
const oneOf = (keys: string[], message: string) => rule("one_required", message, { keys })

const REVERSED = rule("reversed_range", "is reversed: gte must not be after lte")

/** A list of at least one trimmed, lower-cased text; an item that fails is `itemCode`. */
const lowerList = (itemMessage: string, itemCode: string, pattern?: RegExp) =>
  z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .refine((v) => (pattern ? pattern.test(v) : v.length > 0), rule(itemCode, itemMessage))
    )
    .min(1, "must list at least one value")

/**
 * A range where either bound may be left out; both bounds are inclusive. A reversed range is
 * refused with the condition named (the issue's path is the condition).
 */
function range<T extends z.ZodType<string | number>>(bound: T) {
  return z
    .strictObject({ gte: bound.optional(), lte: bound.optional() })
    .refine((r) => r.gte !== undefined || r.lte !== undefined, oneOf(["gte", "lte"], "must give gte, lte or both"))
    .refine((r) => r.gte === undefined || r.lte === undefined || !isAfter(r.gte, r.lte), REVERSED)
}

function isAfter(a: string | number, b: string | number): boolean {
  return typeof a === "number" && typeof b === "number"
    ? a > b
    : new Date(a).getTime() > new Date(b).getTime()
}

/** A record that names at least one key (`too_small` {minimum: 1, origin: "object"}). */
const NAMES_A_KEY = [
  (m: Record<string, unknown>) => Object.keys(m).length > 0,
  rule("too_small", "must name at least one key", { minimum: 1, origin: "object" }),
] as const

const count = z.number().int("must be a whole number").min(0, "must not be negative")
const amount = z.number().min(0, "must not be negative")

/** A whole number in [min, max]; outside it is `code` {minimum, maximum}. */
const within = (min: number, max: number, code: string, what: string) =>
  z
    .number()
    .int("must be a whole number")
    .refine((n) => n >= min && n <= max, rule(code, `must be ${what} ${min}–${max}`, { minimum: min, maximum: max }))

/**
 * Which line items a purchase condition selects: those of any listed product, variant, category
 * (with its descendants), collection, type or tag (ORed), in counted orders placed within
 * `ordered_at`. Categories, collections, types and tags are read from the product as the
 * catalogue has it now; products and variants from the line item.
 */
const purchaseSelector = {
  product_ids: ids.optional(),
  variant_ids: ids.optional(),
  category_ids: ids.optional(),
  collection_ids: ids.optional(),
  type_ids: ids.optional(),
  tag_ids: ids.optional(),
  ordered_at: range(dateTime).optional(),
}
export const PURCHASE_ID_KEYS = [
  "product_ids",
  "variant_ids",
  "category_ids",
  "collection_ids",
  "type_ids",
  "tag_ids",
] as const
const someSelector = (keys: string[]) =>
  [
    (p: Record<string, unknown>) => keys.some((k) => p[k] !== undefined),
    oneOf(keys, `must give ${keys.join(", ")} (at least one)`),
  ] as const

const isIsoDate = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))
const metadataBound = z.union([z.number(), z.string()], "must be a number or a date written YYYY-MM-DD")

/** The conditions of one filter (every key of {@link AudienceFilterSchema} but `any_of`). */
const conditions = {
  /** Member of at least one of `in_any`, and of none of `in_none` (customer group ids). */
  customer_groups: z
    .strictObject({ in_any: ids.optional(), in_none: ids.optional() })
    .refine((g) => g.in_any || g.in_none, oneOf(["in_any", "in_none"], "must give in_any, in_none or both"))
    .optional(),
  /** true: registered customers (会員); false: guests only. */
  has_account: z.boolean().optional(),
  /** Registration date (the customer record's creation). */
  created_at: range(dateTime).optional(),
  /** Orders placed, canceled and draft orders not counted; no orders counts as 0. */
  order_count: range(count).optional(),
  /** Sum of the order totals in one currency (canceled and draft orders not counted). */
  total_spent: z
    .strictObject({
      currency_code: z
        .string()
        .trim()
        .toLowerCase()
        .refine((v) => /^[a-z]{3}$/.test(v), rule("invalid_currency_code", "must be a 3-letter ISO 4217 code, e.g. jpy")),
      gte: amount.optional(),
      lte: amount.optional(),
    })
    .refine((r) => r.gte !== undefined || r.lte !== undefined, oneOf(["gte", "lte"], "must give gte, lte or both"))
    .refine((r) => r.gte === undefined || r.lte === undefined || r.gte <= r.lte, REVERSED)
    .optional(),
  /** Date of the latest order; customers without orders never match. */
  last_order_at: range(dateTime).optional(),
  /** One saved address of the customer is in one of these countries and one of these provinces. */
  address: z
    .strictObject({
      country_code: lowerList(
        "must be 2-letter ISO 3166-1 country codes, e.g. jp",
        "invalid_country_code",
        /^[a-z]{2}$/
      ).optional(),
      province: lowerList("must not be empty", "required").optional(),
    })
    .refine(
      (a) => a.country_code || a.province,
      oneOf(["country_code", "province"], "must give country_code, province or both")
    )
    .optional(),
  /** The part of the address after the @, exactly (example.jp does not match mail.example.jp). */
  email_domain: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .transform((d) => d.replace(/^@/, ""))
        .refine((d) => /^[^\s@]+\.[^\s@]+$/.test(d), rule("invalid_domain", "must be domains such as example.jp"))
    )
    .min(1, "must list at least one domain")
    .optional(),
  /** Name (either order, spaces ignored) or email contains this text, case-insensitively. */
  q: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters").optional(),
  /** Each key of the customer's metadata equals the value (same type: "1" and 1 differ). */
  metadata: z
    .record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()]), "must be an object")
    .refine(...NAMES_A_KEY)
    .optional(),
  /** Coupon conditions (promotion ids). */
  promotion: z
    .strictObject({
      /** Customers the promotion targets through its customer-group rules. */
      targeted_by: id.optional(),
      /** Customers with an order (not canceled) that used the promotion. */
      used: id.optional(),
      /** Customers without such an order. */
      not_used: id.optional(),
    })
    .refine(
      (p) => p.targeted_by || p.used || p.not_used,
      oneOf(["targeted_by", "used", "not_used"], "must give targeted_by, used or not_used")
    )
    .optional(),
  /**
   * Customers with counted orders (not canceled, not draft) holding selected line items whose
   * quantities (at the order's current version) add up to `min_quantity` (default 1).
   */
  purchased: z
    .strictObject({
      ...purchaseSelector,
      min_quantity: z.number().int("must be a whole number").min(1, "must be at least 1").optional(),
    })
    .refine(...someSelector([...PURCHASE_ID_KEYS, "ordered_at", "min_quantity"]))
    .optional(),
  /** Customers without a counted order holding a selected line item. */
  not_purchased: z
    .strictObject(purchaseSelector)
    .refine(...someSelector([...PURCHASE_ID_KEYS, "ordered_at"]))
    .optional(),
  /**
   * Each key of the customer's metadata is within its range: numbers (a number or a numeric text
   * in the metadata), or dates YYYY-MM-DD (compared with the date a text value starts with).
   * A value of another kind never matches.
   */
  metadata_range: z
    .record(
      z.string().min(1),
      z
        .strictObject({ gte: metadataBound.optional(), lte: metadataBound.optional() })
        .superRefine((r, ctx) => {
          for (const key of ["gte", "lte"] as const) {
            const v = r[key]
            if (typeof v === "string" && !isIsoDate(v)) {
              ctx.addIssue({
                code: "custom",
                path: [key],
                message: "must be a number or a date written YYYY-MM-DD",
                params: { code: "invalid_metadata_bound" },
              })
            }
          }
        })
        .refine((r) => r.gte !== undefined || r.lte !== undefined, oneOf(["gte", "lte"], "must give gte, lte or both"))
        .refine(
          (r) => r.gte === undefined || r.lte === undefined || typeof r.gte === typeof r.lte,
          rule("mixed_metadata_bounds", "must give two numbers or two dates")
        )
        .refine(
          (r) => r.gte === undefined || r.lte === undefined || typeof r.gte !== typeof r.lte || r.gte <= r.lte,
          REVERSED
        ),
      "must be an object"
    )
    .refine(...NAMES_A_KEY)
    .optional(),
  /**
   * A date in the customer's metadata (a text starting YYYY-MM-DD, e.g. a birthday) falls in one
   * of `months` and, when given, on one of `days` of the month; the year does not matter.
   */
  metadata_month: z
    .strictObject({
      key: z.string().trim().min(1, "must not be empty"),
      months: z.array(within(1, 12, "invalid_month", "months")).min(1, "must list at least one month"),
      days: z.array(within(1, 31, "invalid_day", "days of the month")).min(1, "must list at least one day").optional(),
    })
    .optional(),
  /**
   * Orders placed in one of these sales channels: the customer has a counted order in one of
   * them, and every other order condition of this filter (order_count, total_spent,
   * last_order_at, promotion used / not_used, purchased, not_purchased) reads only the orders
   * placed in them.
   */
  sales_channel_ids: ids.optional(),
  /**
   * A saved segment (newsletter_segment): its filter, ANDed with the rest. Read when the audience
   * is counted, previewed or exported as a draft, and frozen on the article at reservation.
   */
  segment_id: id.optional(),
}

/** One filter of `any_of`: every condition, but no `any_of` inside. */
export const AudienceConditionsSchema = z.strictObject({
  ...conditions,
  any_of: z
    .unknown()
    .refine(() => false, rule("nested_any_of", "can't be used inside any_of (one level of OR only)"))
    .optional(),
})

/**
 * The detailed search (詳細検索, S6) of an article: which subscribed customers receive it. Every
 * key is optional and all present keys must hold (AND); an empty object means every subscribed
 * customer. Ranges are inclusive and may give either bound.
 *
 * Whatever the filter says, the recipients are only customers whose address is `subscribed`
 * (so never unsubscribed or cleaned ones), with a valid address, one per normalized email.
 */
export const AudienceFilterSchema = z.strictObject({
  ...conditions,
  /**
   * One level of OR: the customer matches at least one of these filters (each a full filter
   * without any_of), and every other condition of this filter.
   */
  any_of: z.array(AudienceConditionsSchema).min(1, "must list at least one filter").optional(),
})

/** A validated audience filter (see {@link AudienceFilterSchema}). */
export type AudienceFilter = z.infer<typeof AudienceFilterSchema>

/** The conditions of one filter of `any_of`. */
export type AudienceConditions = Omit<AudienceFilter, "any_of">

/** Selects line items: see `purchased`. */
export type PurchaseSelector = NonNullable<AudienceFilter["not_purchased"]> & { min_quantity?: number }

/**
 * Reads an audience stored with an article (validated when it was saved). Throws a 400
 * (`invalid_stored_audience`) naming each wrong condition if the stored filter is no longer valid.
 */
export function parseAudience(value: unknown): AudienceFilter {
  const input = value ?? {}
  const result = AudienceFilterSchema.safeParse(input)
  if (!result.success) {
    throw new NewsletterError(
      MedusaError.Types.INVALID_DATA,
      "invalid_stored_audience",
      `The newsletter's audience is not valid: ${formatZodIssues(
        result.error.issues,
        input,
        "audience",
        "condition"
      )}`,
      {},
      // The paths of a stored audience, as the article's field names them.
      zodIssueProblems(result.error.issues, input).map((p) => ({
        ...p,
        path: p.path ? `audience.${p.path}` : "audience",
      }))
    )
  }
  return result.data
}
