/**
 * The browser scenario of issue 13's saved segments, in Japanese: "bought a product of category
 * お茶 but none of category 和菓子" built in the detailed search with Medusa's own category
 * picker, saved as a segment (保存した検索条件), used in a new article and reserved; the builder,
 * the confirm page and the reservation show the same count (1: 佐藤 桃 bought tea only,
 * 鈴木 快 bought tea and sweets; customers of its own, subscribed).
 * It brings its own browser context and login.
 */
import path from "node:path"
import type { Browser, Locator, Page } from "playwright-core"
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "./host"
import { assert, choose, SCREENSHOT_DIR, type ScenarioResult, type Seed, tokyoLocal } from "./scenarios"

const WAIT = 20_000
const SUBJECT = "お茶好きの方へ（和菓子のご案内）"
const SEGMENT = "お茶を買って和菓子は未購入"

/**
 * Two categories with a product each, and placed orders (SQL: no API places an order without a
 * payment): customer 0 bought tea; customer 1 bought tea and sweets.
 */
async function seedPurchases(seed: Seed, sql: (text: string, params: unknown[]) => Promise<void>) {
  const category = async (name: string) =>
    (
      await seed.api<{ product_category: { id: string } }>("/admin/product-categories", {
        name,
        is_active: true,
        is_internal: false,
      })
    ).product_category.id
  const tea = await category("お茶")
  const sweets = await category("和菓子")
  const product = async (title: string, handle: string, categoryId: string) =>
    (
      await seed.api<{ product: { id: string } }>("/admin/products", {
        title,
        handle,
        status: "published",
        categories: [{ id: categoryId }],
        options: [{ title: "容量", values: ["標準"] }],
        variants: [{ title: "標準", options: { 容量: "標準" }, prices: [{ currency_code: "jpy", amount: 1200 }] }],
      })
    ).product.id
  const sencha = await product("静岡煎茶", "sencha-segments", tea)
  const yokan = await product("栗羊羹", "yokan-segments", sweets)
  const order = async (n: number, customer: Seed["customers"][number], products: Array<[string, string]>) => {
    const id = `order_seg${n}`
    await sql(
      `INSERT INTO "order" ("id", "customer_id", "email", "currency_code", "status", "is_draft_order", "version")
       VALUES ($1, $2, $3, 'jpy', 'completed', false, 1)`,
      [id, customer.id, customer.email]
    )
    for (const [i, [productId, title]] of products.entries()) {
      const item = `ordli_seg${n}_${i}`
      await sql(
        `INSERT INTO "order_line_item" ("id", "title", "product_id", "unit_price", "raw_unit_price")
         VALUES ($1, $2, $3, 1200, '{"value":"1200","precision":20}')`,
        [item, title, productId]
      )
      await sql(
        `INSERT INTO "order_item" ("id", "order_id", "version", "item_id", "quantity", "raw_quantity",
           "fulfilled_quantity", "shipped_quantity", "return_requested_quantity", "return_received_quantity",
           "return_dismissed_quantity", "written_off_quantity")
         VALUES ($1, $2, 1, $3, 1, '{"value":"1","precision":20}', 0, 0, 0, 0, 0, 0)`,
        [`orditem_seg${n}_${i}`, id, item]
      )
    }
  }
  // Customers of their own: the other scenarios clean and unsubscribe the seed's customers.
  const buyer = async (email: string, first_name: string, last_name: string) => {
    const { customer } = await seed.api<{ customer: { id: string } }>("/admin/customers", { email, first_name, last_name })
    await seed.api(`/admin/customers/${customer.id}/newsletter-subscription`, { status: "subscribed", reason: "店頭で申込み" })
    return { id: customer.id, email, first_name, last_name }
  }
  const teaOnly = await buyer("momo.segments@example.jp", "桃", "佐藤")
  const teaAndSweets = await buyer("kai.segments@example.jp", "快", "鈴木")
  await order(1, teaOnly, [[sencha, "静岡煎茶"]])
  await order(2, teaAndSweets, [
    [sencha, "静岡煎茶"],
    [yokan, "栗羊羹"],
  ])
}

/** Picks `name` in the category picker `picker` (Medusa's /admin/product-categories). */
async function pickCategory(picker: Locator, name: string) {
  await picker.getByRole("searchbox").fill(name)
  await picker.getByRole("button", { name, exact: true }).click()
  await picker.getByText(name, { exact: true }).first().waitFor()
}

const countOf = (page: Page) =>
  page.waitForFunction(() => {
    const c = document.querySelector('[data-testid="audience-count"]')?.getAttribute("data-count")
    return c ? Number(c) : null
  }).then((h) => h.jsonValue() as Promise<number>)

export async function runSegmentsScenario(options: {
  browser: Browser
  baseUrl: string
  seed: Seed
  sql: (text: string, params: unknown[]) => Promise<void>
}): Promise<ScenarioResult[]> {
  const { browser, baseUrl, seed, sql } = options
  const started = Date.now()
  const context = await browser.newContext({ locale: "ja-JP", viewport: { width: 1440, height: 900 } })
  context.setDefaultTimeout(WAIT)
  const page = await context.newPage()
  page.on("dialog", (d) => d.accept().catch(() => undefined))
  const app = (p: string) => `${baseUrl}/app${p}`
  try {
    await seedPurchases(seed, sql)

    await page.goto(app("/login"))
    await page.getByPlaceholder("Email").fill(ADMIN_EMAIL)
    await page.getByPlaceholder("Password").fill(ADMIN_PASSWORD)
    await page.getByRole("button", { name: /Continue with Email|メールで続行/ }).click()
    await page.waitForURL((url) => !url.pathname.endsWith("/login"))
    // The admin in Japanese (the user's language setting; a no-op when it already is).
    await page.goto(app("/settings/profile/edit"))
    const drawer = page.getByRole("dialog")
    await drawer.waitFor()
    await choose(page, drawer.getByRole("combobox").first(), "日本語")
    await drawer.getByRole("button", { name: /^(Save|保存)$/ }).click()
    await drawer.waitFor({ state: "detached" })

    // Build the audience in the detailed search of a new article.
    await page.goto(app("/newsletters/create"))
    await page.getByRole("heading", { name: "記事作成" }).waitFor()
    await page.locator("#scheduled_at").fill(tokyoLocal(120))
    await page.locator("#subject").fill(SUBJECT)
    await page.locator("#body").fill("<#顧客名> 様\n新しい和菓子が入荷しました。")
    await page.getByRole("button", { name: "詳細検索" }).click()
    await choose(page, page.getByTestId("add-condition"), "購入した商品")
    await pickCategory(page.locator('[data-condition="purchased"] [data-testid="picker-categories"]'), "お茶")
    await choose(page, page.getByTestId("add-condition"), "購入していない商品")
    await pickCategory(page.locator('[data-condition="not_purchased"] [data-testid="picker-categories"]'), "和菓子")
    await page.waitForFunction(() => document.querySelector('[data-testid="audience-count"]')?.getAttribute("data-count") === "1")
    const built = await countOf(page)

    // Save it as a segment, then use the segment instead of the two conditions.
    await page.getByTestId("save-as-segment").click()
    await page.getByTestId("segment-bar").getByLabel("名前").fill(SEGMENT)
    await page.getByTestId("segment-bar").getByRole("button", { name: "保存", exact: true }).click()
    await page.getByText(`検索条件「${SEGMENT}」を保存しました`).first().waitFor()
    for (const kind of ["not_purchased", "purchased"]) {
      await page.locator(`[data-condition="${kind}"]`).getByRole("button", { name: "条件を削除" }).click()
    }
    await choose(page, page.getByTestId("segment-bar").getByTestId("segment-select"), SEGMENT)
    await page.locator('[data-condition="segment"]').waitFor()
    await page.waitForFunction(() => document.querySelector('[data-testid="audience-count"]')?.getAttribute("data-count") === "1")
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "segments-builder.png") })

    // Confirm shows the same count; reserving snapshots it.
    await page.getByRole("button", { name: "確認", exact: true }).click()
    await page.waitForURL(/\/confirm$/)
    await page.getByRole("heading", { name: "メール配信記事確認" }).waitFor()
    const confirmed = await countOf(page)
    assert(confirmed === built, `the confirm page shows ${confirmed}, the builder ${built}`)
    await page.getByRole("button", { name: "予約", exact: true }).click()
    const prompt = page.getByRole("alertdialog")
    await prompt.getByText(`${built} 件に配信します`).waitFor()
    await prompt.getByRole("button", { name: "予約" }).click()
    await page.getByText("配信を予約しました").first().waitFor()

    // The settings page lists the segment with its current count.
    await page.goto(app("/settings/newsletter-segments"))
    await page.getByRole("heading", { name: "保存した検索条件" }).waitFor()
    await page.getByRole("row", { name: new RegExp(SEGMENT) }).getByText("1 件").waitFor()
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "segments-settings.png") })
    return [{ name: "segments", status: "passed", ms: Date.now() - started, note: `${built} recipient(s) in builder, confirm and reservation` }]
  } catch (error) {
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "segments-FAILED.png") }).catch(() => undefined)
    const note = error instanceof Error ? error.message.split("\n").slice(0, 6).join("\n") : String(error)
    return [{ name: "segments", status: "failed", ms: Date.now() - started, note }]
  } finally {
    await context.close()
  }
}
