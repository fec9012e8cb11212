/**
 * Deterministic data for the benchmark: Japanese customers, their addresses and orders. The same
 * index always gives the same customer, so the bare sending script (no database) renders exactly
 * the mails the plugin renders for the seeded list.
 */

import { seededRandom } from "../../integration-tests/resend-standin/server"

/** mulberry32 (the stand-in's seeded PRNG), seeded per row so any row can be produced on its own. */
export const rng = seededRandom

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]

/** Picks by weight: `[[value, weight], …]`. */
function weighted<T>(r: () => number, list: ReadonlyArray<readonly [T, number]>): T {
  const total = list.reduce((s, [, w]) => s + w, 0)
  let x = r() * total
  for (const [v, w] of list) {
    x -= w
    if (x < 0) return v
  }
  return list[list.length - 1][0]
}

export const FAMILY_NAMES = [
  ["佐藤", "sato"], ["鈴木", "suzuki"], ["高橋", "takahashi"], ["田中", "tanaka"], ["伊藤", "ito"],
  ["渡辺", "watanabe"], ["山本", "yamamoto"], ["中村", "nakamura"], ["小林", "kobayashi"],
  ["加藤", "kato"], ["吉田", "yoshida"], ["山田", "yamada"], ["佐々木", "sasaki"], ["山口", "yamaguchi"],
  ["松本", "matsumoto"], ["井上", "inoue"], ["木村", "kimura"], ["林", "hayashi"], ["斎藤", "saito"],
  ["清水", "shimizu"], ["山崎", "yamazaki"], ["森", "mori"], ["池田", "ikeda"], ["橋本", "hashimoto"],
  ["阿部", "abe"], ["石川", "ishikawa"], ["山下", "yamashita"], ["中島", "nakajima"], ["石井", "ishii"],
  ["小川", "ogawa"], ["前田", "maeda"], ["岡田", "okada"], ["長谷川", "hasegawa"], ["藤田", "fujita"],
  ["後藤", "goto"], ["近藤", "kondo"], ["村上", "murakami"], ["遠藤", "endo"], ["青木", "aoki"],
  ["坂本", "sakamoto"],
] as const

export const GIVEN_NAMES = [
  "太郎", "花子", "翔太", "陽菜", "蓮", "結衣", "大輝", "美咲", "悠人", "さくら", "健太", "愛",
  "拓海", "彩花", "大和", "葵", "颯太", "凛", "直樹", "真由美", "浩", "恵子", "誠", "由美子",
  "隆", "裕子", "亮", "明美", "剛", "久美子", "悠真", "結菜", "湊", "芽依", "樹", "莉子",
  "陽翔", "紬", "律", "澪",
] as const

/** Prefectures with a rough weight by population. */
export const PREFECTURES: ReadonlyArray<readonly [string, number]> = [
  ["東京都", 14], ["神奈川県", 9], ["大阪府", 9], ["愛知県", 7], ["埼玉県", 7], ["千葉県", 6],
  ["兵庫県", 5], ["北海道", 5], ["福岡県", 5], ["静岡県", 3], ["茨城県", 3], ["広島県", 3],
  ["京都府", 3], ["宮城県", 2], ["新潟県", 2], ["長野県", 2], ["岐阜県", 2], ["栃木県", 2],
  ["群馬県", 2], ["岡山県", 2], ["福島県", 2], ["三重県", 2], ["熊本県", 2], ["鹿児島県", 2],
  ["沖縄県", 1], ["滋賀県", 1], ["山口県", 1], ["愛媛県", 1], ["長崎県", 1], ["奈良県", 1],
  ["青森県", 1], ["岩手県", 1], ["大分県", 1], ["石川県", 1], ["山形県", 1], ["宮崎県", 1],
  ["富山県", 1], ["秋田県", 1], ["香川県", 1], ["和歌山県", 1], ["佐賀県", 1], ["山梨県", 1],
  ["福井県", 1], ["徳島県", 1], ["高知県", 1], ["島根県", 1], ["鳥取県", 1],
]

const CITIES = ["中央区", "北区", "南区", "西区", "東区", "港区", "緑区", "青葉区", "本町", "栄町"]
const DOMAINS: ReadonlyArray<readonly [string, number]> = [
  ["example.jp", 40], ["example.co.jp", 20], ["example.ne.jp", 15], ["example.com", 15], ["mail.example.jp", 10],
]
export const PRODUCTS: ReadonlyArray<readonly [string, string, number]> = [
  ["有機緑茶 100g", "100g", 1620], ["ほうじ茶ティーバッグ 30包", "30包", 980], ["抹茶ラテの素 200g", "200g", 1480],
  ["玄米茶 200g", "200g", 860], ["和紅茶 50g", "50g", 1280], ["急須 白磁 350ml", "350ml", 4800],
  ["湯呑み 二客セット", "2客", 3600], ["季節の茶葉ギフト", "3種", 5400], ["煎茶 特上 100g", "100g", 3240],
]

export type SubscriptionState = "subscribed" | "unsubscribed" | "cleaned" | "none"

export type GenCustomer = {
  index: number
  id: string
  email: string
  first_name: string
  last_name: string
  phone: string
  has_account: boolean
  created_at: Date
  subscription: SubscriptionState
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/** A ULID-shaped id (prefix_ + 26 Crockford characters), unique per (prefix, n). */
export function entityId(prefix: string, n: number, salt = 0): string {
  let s = ""
  let x = n
  for (let i = 0; i < 10; i++) {
    s = CROCKFORD[x % 32] + s
    x = Math.floor(x / 32)
  }
  let y = (salt * 2654435761 + n * 40503) >>> 0
  let tail = ""
  for (let i = 0; i < 16; i++) {
    tail += CROCKFORD[y % 32]
    y = (Math.imul(y, 1103515245) + 12345) >>> 0
  }
  return `${prefix}_01BENCH${s.slice(3)}${tail.slice(0, 12)}`
}

const DAY = 86_400_000
/** Fixed reference time so a seed is the same whatever day it runs (data is "the last 3 years"). */
export const SEED_EPOCH = Date.UTC(2026, 10, 1)

/**
 * Customer `index` of a list of `subscribed` subscribers plus `extra` others. The first
 * `subscribed` indexes are subscribed; the rest are unsubscribed, cleaned or never opted in.
 */
export function customerAt(index: number, subscribed: number): GenCustomer {
  const r = rng(index * 7919 + 17)
  const [last, romaji] = pick(r, FAMILY_NAMES)
  const first = pick(r, GIVEN_NAMES)
  const domain = weighted(r, DOMAINS)
  let subscription: SubscriptionState = "subscribed"
  if (index >= subscribed) {
    const x = r()
    subscription = x < 0.5 ? "unsubscribed" : x < 0.7 ? "cleaned" : "none"
  } else {
    r()
  }
  return {
    index,
    id: entityId("cus", index),
    email: `${romaji}.${index}@${domain}`,
    first_name: first,
    last_name: last,
    phone: `0${Math.floor(r() * 9) + 1}0-${String(Math.floor(r() * 10000)).padStart(4, "0")}-${String(
      Math.floor(r() * 10000)
    ).padStart(4, "0")}`,
    has_account: r() < 0.9,
    created_at: new Date(SEED_EPOCH - Math.floor(r() * 3 * 365 * DAY)),
    subscription,
  }
}

export type GenAddress = {
  id: string
  province: string
  city: string
  address_1: string
  postal_code: string
  is_default: boolean
}

export function addressesOf(c: GenCustomer): GenAddress[] {
  const r = rng(c.index * 104729 + 3)
  const count = r() < 0.2 ? 2 : 1
  const list: GenAddress[] = []
  for (let k = 0; k < count; k++) {
    list.push({
      id: entityId("cuaddr", c.index * 2 + k),
      province: weighted(r, PREFECTURES),
      city: pick(r, CITIES),
      address_1: `${Math.floor(r() * 9) + 1}-${Math.floor(r() * 30) + 1}-${Math.floor(r() * 20) + 1}`,
      postal_code: `${String(Math.floor(r() * 1000)).padStart(3, "0")}-${String(Math.floor(r() * 10000)).padStart(4, "0")}`,
      is_default: k === 0,
    })
  }
  return list
}

/**
 * The catalogue: CATEGORY_ROOTS root categories, each with CATEGORY_CHILDREN children, each with
 * CATEGORY_LEAVES leaves (a three-level tree), CATALOGUE_SIZE products, each in one leaf and, but
 * every fifth, in one of COLLECTIONS collections; one variant per product.
 */
export const CATEGORY_ROOTS = 5
export const CATEGORY_CHILDREN = 4
export const CATEGORY_LEAVES = 3
export const CATALOGUE_SIZE = 2400
export const COLLECTIONS = 12
const LEAF_COUNT = CATEGORY_ROOTS * CATEGORY_CHILDREN * CATEGORY_LEAVES

export type GenCategory = { n: number; id: string; name: string; handle: string; parent: string | null; mpath: string; rank: number }

/** Every category, parents before their children (Medusa's mpath: the ids from the root, dot-separated). */
export function categories(): GenCategory[] {
  const list: GenCategory[] = []
  let n = 0
  const add = (name: string, parent: GenCategory | null, rank: number) => {
    const id = entityId("pcat", ++n)
    const c = { n, id, name, handle: `bench-cat-${n}`, parent: parent?.id ?? null, mpath: parent ? `${parent.mpath}.${id}` : id, rank }
    list.push(c)
    return c
  }
  for (let a = 0; a < CATEGORY_ROOTS; a++) {
    const root = add(`カテゴリ${a + 1}`, null, a)
    for (let b = 0; b < CATEGORY_CHILDREN; b++) {
      const child = add(`カテゴリ${a + 1}-${b + 1}`, root, b)
      for (let c = 0; c < CATEGORY_LEAVES; c++) add(`カテゴリ${a + 1}-${b + 1}-${c + 1}`, child, c)
    }
  }
  return list
}

/** The leaf category of product `p` (an index into {@link categories}' leaves). */
export const leafOf = (p: number) => p % LEAF_COUNT

export const collectionId = (k: number) => entityId("pcol", k + 1)
export const productId = (p: number) => entityId("prod", p + 1)
export const variantId = (p: number) => entityId("variant", p + 1)

export type GenProduct = { p: number; id: string; title: string; variant: string; price: number; collection: string | null }

export function productAt(p: number): GenProduct {
  const [name, variant, price] = PRODUCTS[p % PRODUCTS.length]
  return {
    p,
    id: productId(p),
    title: `${name} No.${p + 1}`,
    variant,
    price: price + (p % 10) * 100,
    collection: p % 5 === 4 ? null : collectionId(p % COLLECTIONS),
  }
}

export type GenItem = { product: GenProduct; quantity: number }

export type GenOrder = {
  n: number
  status: "pending" | "completed" | "canceled" | "archived" | "requires_action" | "draft"
  is_draft_order: boolean
  created_at: Date
  /** 1–5 line items over the catalogue. */
  items: GenItem[]
  shipping: number
  total: number
}

/** The number of an order (unique over the shop): ids of an order's rows derive from it. */
export const orderNumber = (c: GenCustomer, k: number) => c.index * 16 + k

/** The customer's orders: none for a quarter of them, up to 10 for frequent buyers. */
export function ordersOf(c: GenCustomer): GenOrder[] {
  const r = rng(c.index * 15485863 + 11)
  const x = r()
  const count = x < 0.25 ? 0 : x < 0.5 ? 1 : x < 0.7 ? 2 : x < 0.82 ? 3 : x < 0.9 ? 4 : 5 + Math.floor(r() * 6)
  const orders: GenOrder[] = []
  const since = Math.max(c.created_at.getTime(), SEED_EPOCH - 2 * 365 * DAY)
  for (let k = 0; k < count; k++) {
    const items: GenItem[] = []
    const itemCount = 1 + Math.floor(r() * 5)
    for (let j = 0; j < itemCount; j++) {
      items.push({ product: productAt(Math.floor(r() * CATALOGUE_SIZE)), quantity: 1 + Math.floor(r() * 3) })
    }
    const subtotal = items.reduce((sum, i) => sum + i.product.price * i.quantity, 0)
    const shipping = subtotal >= 5000 ? 0 : 500
    const s = r()
    const status: GenOrder["status"] =
      s < 0.6 ? "completed" : s < 0.85 ? "pending" : s < 0.92 ? "canceled" : s < 0.98 ? "archived" : s < 0.99 ? "requires_action" : "draft"
    orders.push({
      n: k,
      status,
      is_draft_order: status === "draft",
      created_at: new Date(since + Math.floor(r() * Math.max(DAY, SEED_EPOCH - since))),
      items,
      shipping,
      total: subtotal + shipping,
    })
  }
  return orders
}

/** Group membership flags of a customer among the shop's ordinary groups. */
export const ORDINARY_GROUPS = [
  { key: "vip", name: "VIP会員", share: 0.05 },
  { key: "gold", name: "ゴールド会員", share: 0.15 },
  { key: "silver", name: "シルバー会員", share: 0.25 },
  { key: "new", name: "新規会員", share: 0.1 },
  { key: "dormant", name: "休眠顧客", share: 0.1 },
] as const

export function ordinaryGroupsOf(c: GenCustomer): string[] {
  const r = rng(c.index * 32452843 + 5)
  return ORDINARY_GROUPS.filter((g) => r() < g.share).map((g) => g.key)
}

/**
 * The dedicated benchmark groups: `size` subscribed customers spread evenly over the list
 * (indexes offset, offset + step, …), so an article can target exactly that many.
 */
export function spreadMembers(subscribed: number, size: number, offset: number): number[] {
  const n = Math.min(size, subscribed)
  const step = subscribed / n
  const list: number[] = []
  for (let k = 0; k < n; k++) list.push(Math.min(subscribed - 1, Math.floor(k * step + offset) % subscribed))
  return [...new Set(list)]
}
