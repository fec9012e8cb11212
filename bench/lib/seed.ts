/**
 * Seeds the benchmark's shop into Medusa's own tables with COPY FROM STDIN (pg + pg-copy-streams):
 * customers with Japanese names, their addresses, customer groups, newsletter subscriptions with
 * their history, and orders shaped like the order module writes them (order, order_address,
 * order_summary with totals, order_line_item + order_item, order_shipping_method +
 * order_shipping).
 */
import { Client } from "pg"
import { from as copyFrom } from "pg-copy-streams"
import {
  addressesOf,
  CATALOGUE_SIZE,
  categories,
  collectionId,
  COLLECTIONS,
  customerAt,
  entityId,
  leafOf,
  orderNumber,
  productAt,
  variantId,
  GenCustomer,
  ORDINARY_GROUPS,
  ordersOf,
  ordinaryGroupsOf,
  spreadMembers,
} from "./gen"

export type SeedPlan = {
  /** Subscribed customers: the recipients of an article to everybody. */
  subscribed: number
  /** Other customers (unsubscribed, cleaned, never opted in), about 10% on top. */
  others: number
  /** Size of the list sent at 5 requests/s. */
  limitedList: number
  /** Size of the list of the comparison with the Resend guide's way. */
  guideList: number
}

export type SeedResult = {
  customers: number
  subscriptions: number
  addresses: number
  orders: number
  lineItems: number
  /** The seeded categories (roots have a one-id mpath), and how many collections and products. */
  catalogue: { categories: Array<{ id: string; mpath: string }>; collections: number; products: number }
  groupMemberships: number
  groups: Record<string, string>
  rows: number
  ms: number
}

/** COPY text format: tab-separated, \N for null, backslash escapes. */
function field(v: unknown): string {
  if (v === null || v === undefined) return "\\N"
  if (v instanceof Date) return v.toISOString()
  if (typeof v === "object") v = JSON.stringify(v)
  return String(v).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
}

/** Streams rows into one table, a ~1 MB chunk at a time, honouring back-pressure. */
class CopyWriter {
  private buf: string[] = []
  private size = 0
  rows = 0
  private stream: NodeJS.WritableStream
  private done: Promise<void>
  constructor(client: Client, table: string, columns: string[]) {
    this.stream = client.query(
      copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN`)
    ) as unknown as NodeJS.WritableStream
    this.done = new Promise((resolve, reject) => {
      this.stream.on("finish", () => resolve())
      this.stream.on("error", reject)
    })
  }
  async row(values: unknown[]) {
    const line = values.map(field).join("\t") + "\n"
    this.buf.push(line)
    this.size += line.length
    this.rows++
    if (this.size > 1 << 20) await this.flush()
  }
  async flush() {
    if (!this.buf.length) return
    const chunk = this.buf.join("")
    this.buf = []
    this.size = 0
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve) => this.stream.once("drain", () => resolve()))
    }
  }
  async end() {
    await this.flush()
    this.stream.end()
    await this.done
  }
}

const money = (n: number) => ({ value: String(n), precision: 20 })

function summaryTotals(total: number) {
  return {
    paid_total: 0,
    raw_paid_total: money(0),
    refunded_total: 0,
    accounting_total: total,
    credit_line_total: 0,
    transaction_total: 0,
    pending_difference: total,
    raw_refunded_total: money(0),
    current_order_total: total,
    original_order_total: total,
    raw_accounting_total: money(total),
    raw_credit_line_total: money(0),
    raw_transaction_total: money(0),
    raw_pending_difference: money(total),
    raw_current_order_total: money(total),
    raw_original_order_total: money(total),
  }
}

type Pass = {
  table: string
  columns: string[]
  /** Rows of customer `cu`; `seq` is the number of rows this pass wrote before (for unique ids). */
  rows: (cu: GenCustomer, seq: number) => unknown[][]
}

/**
 * Runs the seed on `connectionString`: one COPY per table, three connections at a time. The
 * per-row foreign-key triggers are skipped during the load (session_replication_role = replica)
 * since the rows are consistent by construction, so tables can load in any order.
 */
export async function seedShop(
  connectionString: string,
  plan: SeedPlan,
  progress: (msg: string) => void
): Promise<SeedResult> {
  const started = Date.now()
  const total = plan.subscribed + plan.others
  const admin = new Client({ connectionString })
  await admin.connect()

  // Customer groups: the shop's ordinary ones plus two benchmark groups of exact sizes.
  const groups: Record<string, string> = {}
  const groupRows: Array<[string, string]> = []
  ORDINARY_GROUPS.forEach((g, i) => {
    groups[g.key] = entityId("cusgroup", i + 1)
    groupRows.push([groups[g.key], g.name])
  })
  groups.limited = entityId("cusgroup", 101)
  groupRows.push([groups.limited, `ベンチマーク ${plan.limitedList.toLocaleString("en-US")}名`])
  groups.guide = entityId("cusgroup", 102)
  groupRows.push([groups.guide, `ベンチマーク ${plan.guideList.toLocaleString("en-US")}名`])
  for (const [id, name] of groupRows) {
    await admin.query(
      `INSERT INTO customer_group (id, name, created_at, updated_at) VALUES ($1, $2, now(), now())`,
      [id, name]
    )
  }
  // The catalogue (categories in a three-level tree, collections, products with one variant each),
  // parents before children so that the foreign keys hold as the rows arrive.
  const catalogue = categories()
  const leaves = catalogue.filter((c) => c.mpath.split(".").length === 3)
  const catalogueRows: Array<[string, string[], unknown[][]]> = [
    [
      "product_category",
      ["id", "name", "handle", "mpath", "is_active", "rank", "parent_category_id"],
      catalogue.map((c) => [c.id, c.name, c.handle, c.mpath, true, c.rank, c.parent]),
    ],
    [
      "product_collection",
      ["id", "title", "handle"],
      Array.from({ length: COLLECTIONS }, (_, k) => [collectionId(k), `コレクション${k + 1}`, `bench-collection-${k + 1}`]),
    ],
    [
      "product",
      ["id", "title", "handle", "status", "collection_id"],
      Array.from({ length: CATALOGUE_SIZE }, (_, p) => {
        const product = productAt(p)
        return [product.id, product.title, `bench-product-${p + 1}`, "published", product.collection]
      }),
    ],
    [
      "product_variant",
      ["id", "title", "product_id", "manage_inventory"],
      Array.from({ length: CATALOGUE_SIZE }, (_, p) => [variantId(p), productAt(p).variant, productAt(p).id, false]),
    ],
    [
      "product_category_product",
      ["product_id", "product_category_id"],
      Array.from({ length: CATALOGUE_SIZE }, (_, p) => [productAt(p).id, leaves[leafOf(p)].id]),
    ],
  ]
  let catalogueCount = 0
  for (const [table, columns, rows] of catalogueRows) {
    const writer = new CopyWriter(admin, table, columns)
    for (const r of rows) await writer.row(r)
    await writer.end()
    catalogueCount += rows.length
  }
  progress(`  catalogue: ${catalogue.length} categories, ${COLLECTIONS} collections, ${CATALOGUE_SIZE} products`)

  const limitedMembers = new Set(spreadMembers(plan.subscribed, plan.limitedList, 0))
  const guideMembers = new Set(spreadMembers(plan.subscribed, plan.guideList, 1))

  const passes: Pass[] = [
    {
      table: "customer",
      columns: ["id", "first_name", "last_name", "email", "phone", "has_account", "metadata", "created_at", "updated_at"],
      rows: (cu) => [[
        cu.id, cu.first_name, cu.last_name, cu.email, cu.phone, cu.has_account,
        cu.index % 7 === 0 ? { source: "line" } : null, cu.created_at, cu.created_at,
      ]],
    },
    {
      table: "newsletter_subscription",
      columns: ["id", "email", "customer_id", "status", "transient_error_count", "created_at", "updated_at"],
      rows: (cu) =>
        cu.subscription === "none"
          ? []
          : [[entityId("nlsub", cu.index), cu.email, cu.id, cu.subscription, 0, cu.created_at, cu.created_at]],
    },
    {
      table: "newsletter_subscription_event",
      columns: ["id", "from_status", "to_status", "source", "reason", "subscription_id", "consented_at", "created_at", "updated_at"],
      rows: (cu) => {
        if (cu.subscription === "none") return []
        const subId = entityId("nlsub", cu.index)
        const rows: unknown[][] = [[
          entityId("nlsubev", cu.index * 2), null, "subscribed", "import", "旧システムからの移行", subId,
          cu.created_at, cu.created_at, cu.created_at,
        ]]
        if (cu.subscription !== "subscribed") {
          const later = new Date(cu.created_at.getTime() + 30 * 86_400_000)
          const cleaned = cu.subscription === "cleaned"
          rows.push([
            entityId("nlsubev", cu.index * 2 + 1), "subscribed", cu.subscription, cleaned ? "bounce" : "storefront",
            cleaned ? "permanent: mailbox does not exist" : null, subId, null, later, later,
          ])
        }
        return rows
      },
    },
    {
      table: "customer_address",
      columns: [
        "id", "customer_id", "address_name", "is_default_shipping", "is_default_billing", "first_name", "last_name",
        "address_1", "city", "country_code", "province", "postal_code", "phone", "created_at", "updated_at",
      ],
      rows: (cu) =>
        addressesOf(cu).map((a) => [
          a.id, cu.id, a.is_default ? "自宅" : "勤務先", a.is_default, a.is_default, cu.first_name, cu.last_name,
          a.address_1, a.city, "jp", a.province, a.postal_code, cu.phone, cu.created_at, cu.created_at,
        ]),
    },
    {
      table: "customer_group_customer",
      columns: ["id", "customer_id", "customer_group_id", "created_at", "updated_at"],
      rows: (cu, seq) => {
        const keys = ordinaryGroupsOf(cu)
        if (limitedMembers.has(cu.index)) keys.push("limited")
        if (guideMembers.has(cu.index)) keys.push("guide")
        return keys.map((k, j) => [entityId("cusgc", seq + j), cu.id, groups[k], cu.created_at, cu.created_at])
      },
    },
    {
      table: "order_address",
      columns: [
        "id", "customer_id", "first_name", "last_name", "address_1", "city", "country_code", "province",
        "postal_code", "phone", "created_at", "updated_at",
      ],
      rows: (cu) => {
        const a = addressesOf(cu)[0]
        return ordersOf(cu).map((o, k) => [
          entityId("ordaddr", orderNumber(cu, k)), cu.id, cu.first_name, cu.last_name, a.address_1, a.city, "jp", a.province,
          a.postal_code, cu.phone, o.created_at, o.created_at,
        ])
      },
    },
    {
      table: "order",
      columns: [
        "id", "customer_id", "version", "status", "is_draft_order", "email", "currency_code", "shipping_address_id",
        "billing_address_id", "no_notification", "metadata", "created_at", "updated_at", "canceled_at", "locale",
      ],
      rows: (cu) =>
        ordersOf(cu).map((o, k) => [
          entityId("order", orderNumber(cu, k)), cu.id, 1, o.status, o.is_draft_order, cu.email, "jpy",
          entityId("ordaddr", orderNumber(cu, k)), entityId("ordaddr", orderNumber(cu, k)), false, null, o.created_at, o.created_at,
          o.status === "canceled" ? new Date(o.created_at.getTime() + 3_600_000) : null, "ja-JP",
        ]),
    },
    {
      table: "order_summary",
      columns: ["id", "order_id", "version", "totals", "created_at", "updated_at"],
      rows: (cu) =>
        ordersOf(cu).map((o, k) => [
          entityId("ordsum", orderNumber(cu, k)), entityId("order", orderNumber(cu, k)), 1, summaryTotals(o.total), o.created_at, o.created_at,
        ]),
    },
    {
      table: "order_line_item",
      columns: [
        "id", "title", "subtitle", "product_id", "variant_id", "product_title", "variant_title", "variant_sku",
        "requires_shipping", "is_discountable", "is_tax_inclusive", "unit_price", "raw_unit_price", "created_at",
        "updated_at",
      ],
      rows: (cu) =>
        ordersOf(cu).flatMap((o, k) =>
          o.items.map((item, j) => [
            entityId("ordli", orderNumber(cu, k) * 8 + j), item.product.title, item.product.variant, item.product.id,
            variantId(item.product.p), item.product.title, item.product.variant, `SKU-${item.product.p + 1}`, true, true,
            true, item.product.price, money(item.product.price), o.created_at, o.created_at,
          ])
        ),
    },
    {
      table: "order_item",
      columns: [
        "id", "order_id", "version", "item_id", "quantity", "raw_quantity", "fulfilled_quantity",
        "raw_fulfilled_quantity", "shipped_quantity", "raw_shipped_quantity", "return_requested_quantity",
        "return_received_quantity", "return_dismissed_quantity", "written_off_quantity", "delivered_quantity",
        "unit_price", "raw_unit_price", "created_at", "updated_at",
      ],
      rows: (cu) =>
        ordersOf(cu).flatMap((o, k) =>
          o.items.map((item, j) => {
            const done = o.status === "completed" || o.status === "archived" ? item.quantity : 0
            const n = orderNumber(cu, k) * 8 + j
            return [
              entityId("orditem", n), entityId("order", orderNumber(cu, k)), 1, entityId("ordli", n), item.quantity,
              money(item.quantity), done, money(done), done, money(done), 0, 0, 0, 0, done,
              item.product.price, money(item.product.price), o.created_at, o.created_at,
            ]
          })
        ),
    },
    {
      table: "order_shipping_method",
      columns: ["id", "name", "amount", "raw_amount", "is_tax_inclusive", "created_at", "updated_at"],
      rows: (cu) =>
        ordersOf(cu).map((o, k) => [
          entityId("ordsm", orderNumber(cu, k)), o.shipping ? "通常配送" : "通常配送（送料無料）", o.shipping, money(o.shipping),
          true, o.created_at, o.created_at,
        ]),
    },
    {
      table: "order_shipping",
      columns: ["id", "order_id", "version", "shipping_method_id", "created_at", "updated_at"],
      rows: (cu) =>
        ordersOf(cu).map((o, k) => [
          entityId("ordspmv", orderNumber(cu, k)), entityId("order", orderNumber(cu, k)), 1, entityId("ordsm", orderNumber(cu, k)), o.created_at, o.created_at,
        ]),
    },
  ]

  const written: Record<string, number> = {}
  const runPass = async (c: Client, pass: Pass) => {
    const t = Date.now()
    const writer = new CopyWriter(c, pass.table, pass.columns)
    let seq = 0
    for (let i = 0; i < total; i++) {
      const rows = pass.rows(customerAt(i, plan.subscribed), seq)
      for (const r of rows) await writer.row(r)
      seq += rows.length
    }
    await writer.end()
    written[pass.table] = writer.rows
    progress(`  ${pass.table}: ${writer.rows.toLocaleString("en-US")} rows (${((Date.now() - t) / 1000).toFixed(1)} s)`)
  }

  // Biggest tables first, three connections pulling from the queue.
  const queue = [...passes]
  const worker = async () => {
    const c = new Client({ connectionString })
    await c.connect()
    await c.query("SET synchronous_commit = off")
    // Rows are consistent by construction: skip the per-row foreign-key triggers during the load.
    await c.query("SET session_replication_role = replica")
    for (let pass = queue.shift(); pass; pass = queue.shift()) await runPass(c, pass)
    await c.end()
  }
  await Promise.all([worker(), worker(), worker()])
  progress("  ANALYZE")
  await admin.query("ANALYZE")
  await admin.end()
  return {
    customers: written.customer,
    subscriptions: written.newsletter_subscription,
    addresses: written.customer_address,
    orders: written.order,
    groupMemberships: written.customer_group_customer,
    groups,
    lineItems: written.order_line_item,
    catalogue: { categories: catalogue.map((c) => ({ id: c.id, mpath: c.mpath })), collections: COLLECTIONS, products: CATALOGUE_SIZE },
    rows: Object.values(written).reduce((a, b) => a + b, 0) + groupRows.length + catalogueCount,
    ms: Date.now() - started,
  }
}
