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

export type Condition = { key: string } & ConditionBody

export type ConditionKind = Condition["kind"]

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
]

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
  }
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
        const r = range(
          c.from ? fromLocalInput(`${c.from}T00:00`, timeZone) ?? undefined : undefined,
          c.to ? fromLocalInput(`${c.to}T23:59`, timeZone, 59) ?? undefined : undefined
        )
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
  return out
}
