import type { Audience } from "./api"
import { fromLocalInput, toLocalInput } from "./time"

/**
 * One condition of the detailed search (詳細検索, S6) as the builder edits it. `toAudience` turns
 * the list into the article's `audience` filter (every present key ANDed), `fromAudience` back.
 */
type ConditionBody =
  | { kind: "customer_groups"; mode: "in_any" | "in_none"; ids: string[] }
  | { kind: "has_account"; value: boolean }
  | { kind: "created_at" | "last_order_at"; from: string; to: string }
  | { kind: "order_count"; min: string; max: string }
  | { kind: "total_spent"; currency: string; min: string; max: string }
  | { kind: "address"; countries: string; provinces: string }
  | { kind: "email_domain"; domains: string }
  | { kind: "q"; text: string }
  | { kind: "metadata"; name: string; value: string }
  | { kind: "promotion"; mode: "targeted_by" | "used" | "not_used"; promotion_id: string | null }
  | ({ kind: "purchased" | "not_purchased" } & PurchaseBody)
  | { kind: "metadata_range"; name: string; type: "number" | "date"; from: string; to: string }
  | { kind: "metadata_month"; name: string; months: number[]; days?: number[] }
  | { kind: "sales_channels"; ids: string[] }
  | { kind: "segment"; segment_id: string | null }
  | { kind: "any_of"; groups: Condition[][] }

/**
 * A purchase condition: products, categories and collections picked (ORed), the order dates
 * (local days) and, for `purchased`, the minimum quantity. `rest` keeps the selector's other
 * keys (variant, type and tag ids given through the API) so that editing doesn't drop them.
 */
type PurchaseBody = {
  products: string[]
  categories: string[]
  collections: string[]
  from: string
  to: string
  minQuantity: string
  rest: Record<string, unknown>
}

export type Condition = { key: string } & ConditionBody

export type ConditionKind = Condition["kind"]

/** The kinds of issue 13 (their editors: components/audience-conditions.tsx). */
export const EXTRA_CONDITION_KINDS = [
  "purchased",
  "not_purchased",
  "metadata_range",
  "metadata_month",
  "sales_channels",
  "segment",
  "any_of",
] as const

export const CONDITION_KINDS: ConditionKind[] = [
  "customer_groups",
  "has_account",
  "created_at",
  "order_count",
  "total_spent",
  "last_order_at",
  "address",
  "email_domain",
  "q",
  "metadata",
  "promotion",
  ...EXTRA_CONDITION_KINDS,
]

/** The kinds an any_of group may hold (one level of OR: no any_of inside). */
export const GROUP_CONDITION_KINDS = CONDITION_KINDS.filter((k) => k !== "any_of")

let counter = 0
const newKey = () => `c${Date.now().toString(36)}${(counter++).toString(36)}`

export function emptyCondition(kind: ConditionKind): Condition {
  const key = newKey()
  switch (kind) {
    case "customer_groups":
      return { key, kind, mode: "in_any", ids: [] }
    case "has_account":
      return { key, kind, value: true }
    case "created_at":
    case "last_order_at":
      return { key, kind, from: "", to: "" }
    case "order_count":
      return { key, kind, min: "", max: "" }
    case "total_spent":
      return { key, kind, currency: "jpy", min: "", max: "" }
    case "address":
      return { key, kind, countries: "", provinces: "" }
    case "email_domain":
      return { key, kind, domains: "" }
    case "q":
      return { key, kind, text: "" }
    case "metadata":
      return { key, kind, name: "", value: "" }
    case "promotion":
      return { key, kind, mode: "targeted_by", promotion_id: null }
    case "purchased":
    case "not_purchased":
      return { key, kind, products: [], categories: [], collections: [], from: "", to: "", minQuantity: "", rest: {} }
    case "metadata_range":
      return { key, kind, name: "", type: "number", from: "", to: "" }
    case "metadata_month":
      return { key, kind, name: "birthday", months: [] }
    case "sales_channels":
      return { key, kind, ids: [] }
    case "segment":
      return { key, kind, segment_id: null }
    case "any_of":
      return { key, kind, groups: [[], []] }
  }
}

/** The local days `from`–`to` as an inclusive range of instants in `timeZone`. */
function dayRange(from: string, to: string, timeZone: string) {
  return range(
    from ? fromLocalInput(`${from}T00:00`, timeZone) ?? undefined : undefined,
    to ? fromLocalInput(`${to}T23:59`, timeZone, 59) ?? undefined : undefined
  )
}

/** The `purchased` / `not_purchased` selector of a condition; undefined while nothing is picked. */
function purchaseSelector(c: PurchaseBody & { kind: "purchased" | "not_purchased" }, timeZone: string) {
  const selector: Record<string, unknown> = { ...c.rest }
  if (c.products.length) selector.product_ids = c.products
  if (c.categories.length) selector.category_ids = c.categories
  if (c.collections.length) selector.collection_ids = c.collections
  const ordered = dayRange(c.from, c.to, timeZone)
  if (ordered) selector.ordered_at = ordered
  const min = num(c.minQuantity)
  if (c.kind === "purchased" && min !== undefined) selector.min_quantity = min
  return Object.keys(selector).length ? selector : undefined
}

const list = (text: string) =>
  text
    .split(/[,、，\s]+/)
    .map((s) => s.trim())
    .filter(Boolean)

const num = (text: string) => (text.trim() === "" || isNaN(Number(text)) ? undefined : Number(text))

function range<T>(gte: T | undefined, lte: T | undefined) {
  const r: { gte?: T; lte?: T } = {}
  if (gte !== undefined) r.gte = gte
  if (lte !== undefined) r.lte = lte
  return Object.keys(r).length ? r : undefined
}

/** The article's `audience` JSON; incomplete conditions are left out. */
export function toAudience(conditions: Condition[], timeZone: string): Audience {
  const audience: Record<string, any> = {}
  for (const c of conditions) {
    switch (c.kind) {
      case "customer_groups":
        if (c.ids.length) {
          audience.customer_groups = { ...audience.customer_groups, [c.mode]: c.ids }
        }
        break
      case "has_account":
        audience.has_account = c.value
        break
      case "created_at":
      case "last_order_at": {
        const r = dayRange(c.from, c.to, timeZone)
        if (r) audience[c.kind] = r
        break
      }
      case "order_count": {
        const r = range(num(c.min), num(c.max))
        if (r) audience.order_count = r
        break
      }
      case "total_spent": {
        const r = range(num(c.min), num(c.max))
        if (r && c.currency.trim()) {
          audience.total_spent = { currency_code: c.currency.trim().toLowerCase(), ...r }
        }
        break
      }
      case "address": {
        const address: Record<string, string[]> = {}
        const countries = list(c.countries).map((s) => s.toLowerCase())
        const provinces = list(c.provinces)
        if (countries.length) address.country_code = countries
        if (provinces.length) address.province = provinces
        if (Object.keys(address).length) audience.address = address
        break
      }
      case "email_domain": {
        const domains = list(c.domains).map((d) => d.replace(/^@/, "").toLowerCase())
        if (domains.length) audience.email_domain = domains
        break
      }
      case "q":
        if (c.text.trim()) audience.q = c.text.trim()
        break
      case "metadata":
        if (c.name.trim()) {
          audience.metadata = { ...audience.metadata, [c.name.trim()]: c.value }
        }
        break
      case "promotion":
        if (c.promotion_id) {
          audience.promotion = { ...audience.promotion, [c.mode]: c.promotion_id }
        }
        break
      case "purchased":
      case "not_purchased": {
        const selector = purchaseSelector(c, timeZone)
        if (selector) audience[c.kind] = selector
        break
      }
      case "metadata_range": {
        const bound = (v: string) => (c.type === "number" ? num(v) : v || undefined)
        const r = range(bound(c.from), bound(c.to))
        if (c.name.trim() && r) {
          audience.metadata_range = { ...audience.metadata_range, [c.name.trim()]: r }
        }
        break
      }
      case "metadata_month":
        if (c.name.trim() && c.months.length) {
          audience.metadata_month = {
            key: c.name.trim(),
            months: [...c.months].sort((a, b) => a - b),
            ...(c.days?.length ? { days: c.days } : {}),
          }
        }
        break
      case "sales_channels":
        if (c.ids.length) audience.sales_channel_ids = c.ids
        break
      case "segment":
        if (c.segment_id) audience.segment_id = c.segment_id
        break
      case "any_of": {
        const groups = c.groups.map((g) => toAudience(g, timeZone)).filter((a) => Object.keys(a).length)
        if (groups.length) audience.any_of = groups
        break
      }
    }
  }
  return audience
}

const day = (iso: unknown, timeZone: string) =>
  typeof iso === "string" && iso ? toLocalInput(iso, timeZone).slice(0, 10) : ""
const str = (v: unknown) => (v === undefined || v === null ? "" : String(v))

/** The builder's conditions for a stored `audience`. */
export function fromAudience(audience: Audience | null | undefined, timeZone: string): Condition[] {
  const a = (audience ?? {}) as Record<string, any>
  const out: Condition[] = []
  const push = (c: ConditionBody) => out.push({ ...c, key: newKey() })
  for (const mode of ["in_any", "in_none"] as const) {
    if (a.customer_groups?.[mode]?.length) {
      push({ kind: "customer_groups", mode, ids: a.customer_groups[mode] })
    }
  }
  if (typeof a.has_account === "boolean") push({ kind: "has_account", value: a.has_account })
  if (a.created_at) push({ kind: "created_at", from: day(a.created_at.gte, timeZone), to: day(a.created_at.lte, timeZone) })
  if (a.order_count) push({ kind: "order_count", min: str(a.order_count.gte), max: str(a.order_count.lte) })
  if (a.total_spent)
    push({
      kind: "total_spent",
      currency: str(a.total_spent.currency_code),
      min: str(a.total_spent.gte),
      max: str(a.total_spent.lte),
    })
  if (a.last_order_at)
    push({ kind: "last_order_at", from: day(a.last_order_at.gte, timeZone), to: day(a.last_order_at.lte, timeZone) })
  if (a.address)
    push({
      kind: "address",
      countries: (a.address.country_code ?? []).join(", "),
      provinces: (a.address.province ?? []).join(", "),
    })
  if (a.email_domain?.length) push({ kind: "email_domain", domains: a.email_domain.join(", ") })
  if (a.q) push({ kind: "q", text: str(a.q) })
  for (const [name, value] of Object.entries(a.metadata ?? {})) {
    push({ kind: "metadata", name, value: str(value) })
  }
  for (const mode of ["targeted_by", "used", "not_used"] as const) {
    if (a.promotion?.[mode]) push({ kind: "promotion", mode, promotion_id: a.promotion[mode] })
  }
  for (const kind of ["purchased", "not_purchased"] as const) {
    const p = a[kind]
    if (p) {
      const { product_ids, category_ids, collection_ids, ordered_at, min_quantity, ...rest } = p
      push({
        kind,
        products: product_ids ?? [],
        categories: category_ids ?? [],
        collections: collection_ids ?? [],
        from: day(ordered_at?.gte, timeZone),
        to: day(ordered_at?.lte, timeZone),
        minQuantity: str(min_quantity),
        rest,
      })
    }
  }
  for (const [name, r] of Object.entries<any>(a.metadata_range ?? {})) {
    const type = typeof (r.gte ?? r.lte) === "number" ? "number" : "date"
    push({ kind: "metadata_range", name, type, from: str(r.gte), to: str(r.lte) })
  }
  if (a.metadata_month) push({
      kind: "metadata_month",
      name: str(a.metadata_month.key),
      months: a.metadata_month.months ?? [],
      days: a.metadata_month.days,
    })
  if (a.sales_channel_ids?.length) push({ kind: "sales_channels", ids: a.sales_channel_ids })
  if (a.segment_id) push({ kind: "segment", segment_id: a.segment_id })
  if (a.any_of?.length) push({ kind: "any_of", groups: a.any_of.map((g: Audience) => fromAudience(g, timeZone)) })
  return out
}
