/**
 * The storefront scenario of issue 15: the plugin's `medusa-plugin-newsletter/storefront` export, as
 * npm installed it into the host app, is
 * 1. type-checked in a small TypeScript storefront (strict, `moduleResolution: bundler`): the
 *    package's `exports` give it types, and wrong calls are type errors;
 * 2. bundled for the browser with esbuild together with `@medusajs/js-sdk`;
 * 3. used by a static page (no framework) served by this test's HTTP server at the storefront's
 *    origin (`storefrontUrl`, http://localhost:8000, the host's store CORS) to sign an address up;
 * then the confirmation mail is read from the Resend stand-in, its link (the storefront's
 * `confirmPath` page, served here too, which confirms with `confirmSubscription`) opened in
 * Chromium, and the address is shown subscribed with a confirmed opt-in in the admin.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { createServer } from "node:http"
import path from "node:path"
import type { Browser } from "playwright-core"
import type { ResendStandin } from "../resend-standin/server"
import { run } from "../../scripts/host-app"
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "./host"
import { SCREENSHOT_DIR, type ScenarioResult, type Seed } from "./scenarios"

const WAIT = 20_000
const STOREFRONT = "http://localhost:8000"
const BIN = path.resolve(__dirname, "../../node_modules/.bin")
const SIGNUP_EMAIL = "sakura.storefront@example.jp"

const CONSUMER_TS = `import Medusa from "@medusajs/js-sdk"
import {
  claimCoupon,
  confirmSubscription,
  getMySubscription,
  NewsletterClientError,
  setMySubscription,
  subscribe,
  type StoreConfirmNewsletterSubscriptionResponse,
  type StoreNewsletterCoupon,
  type StoreNewsletterSignupResponse,
} from "medusa-plugin-newsletter/storefront"

const sdk = new Medusa({ baseUrl: "http://localhost:9000", publishableKey: "pk_1" })

export async function check(): Promise<string> {
  const accepted: StoreNewsletterSignupResponse = await subscribe(sdk, "taro@example.jp", { sourceUrl: "https://shop.example" })
  const confirmed: StoreConfirmNewsletterSubscriptionResponse = await confirmSubscription(sdk, "token")
  const level: "confirmed" = confirmed.newsletter_subscription.opt_in_level
  const mine = await getMySubscription(sdk)
  const flag: boolean = mine.newsletter_subscription.subscribed
  await setMySubscription(sdk, !flag)
  const coupon: StoreNewsletterCoupon = (await claimCoupon(sdk, "token")).newsletter_coupon
  // @ts-expect-error an email is a string
  await subscribe(sdk, 42)
  // @ts-expect-error the signup answers only { accepted }
  accepted.status
  // @ts-expect-error subscribed is a boolean
  await setMySubscription(sdk, "yes")
  try {
    await subscribe(sdk, "x")
  } catch (e) {
    if (e instanceof NewsletterClientError && e.code === "confirmation_token_expired") return "expired"
  }
  return [level, coupon.code, coupon.promotion.type].join()
}
`

const BROWSER_ENTRY = `import Medusa from "@medusajs/js-sdk"
import * as newsletter from "medusa-plugin-newsletter/storefront"
;(window as any).storefront = { Medusa, ...newsletter }
`

/** The signup form and the confirmation page of a framework-less storefront. */
const page = (backendUrl: string, publishableKey: string) => `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>テストストア</title>
<script src="/storefront.js"></script></head>
<body>
<main id="signup" hidden>
  <h1>メルマガ登録</h1>
  <form id="form"><label>メールアドレス <input id="email" type="email" required></label>
  <button type="submit">登録する</button></form>
  <p id="signup-result" role="status"></p>
</main>
<main id="confirm" hidden><h1>メルマガ登録の確認</h1><p id="confirm-result" role="status">確認しています…</p></main>
<script>
  const { Medusa, subscribe, confirmSubscription, NewsletterClientError } = window.storefront
  const sdk = new Medusa({ baseUrl: ${JSON.stringify(backendUrl)}, publishableKey: ${JSON.stringify(publishableKey)} })
  const confirmMatch = location.pathname.match(/^\\/newsletter\\/confirm\\/([^/]+)$/)
  if (confirmMatch) {
    document.getElementById("confirm").hidden = false
    const out = document.getElementById("confirm-result")
    confirmSubscription(sdk, decodeURIComponent(confirmMatch[1])).then(
      ({ newsletter_subscription: s }) => { out.textContent = "登録が完了しました: " + s.email + " (" + s.status + ", " + s.opt_in_level + ")" },
      (e) => { out.textContent = "確認できませんでした: " + (e instanceof NewsletterClientError ? e.code : String(e)) }
    )
  } else {
    document.getElementById("signup").hidden = false
    document.getElementById("form").addEventListener("submit", async (event) => {
      event.preventDefault()
      const out = document.getElementById("signup-result")
      try {
        const answer = await subscribe(sdk, document.getElementById("email").value, { sourceUrl: location.href })
        out.textContent = answer.accepted ? "確認メールを送信しました" : "?"
      } catch (e) {
        out.textContent = "送信できませんでした: " + (e instanceof NewsletterClientError ? e.code : String(e))
      }
    })
  }
</script>
</body></html>`

/**
 * Runs the storefront scenario against the started host; answers its result (one scenario). The
 * host's plugin options must set `confirmPath: "newsletter/confirm"` (host.ts).
 */
export async function runStorefrontScenario(options: {
  browser: Browser
  baseUrl: string
  standin: ResendStandin
  seed: Seed
  /** The host app folder: the plugin and @medusajs/js-sdk as npm installed them. */
  hostDir: string
}): Promise<ScenarioResult[]> {
  const { browser, baseUrl, standin, seed, hostDir } = options
  const started = Date.now()
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } })
  context.setDefaultTimeout(WAIT)
  const tab = await context.newPage()
  const pageErrors: string[] = []
  tab.on("pageerror", (e) => pageErrors.push(e.message))
  const consoleLines: string[] = []
  tab.on("console", (m) => consoleLines.push(m.text()))
  let closeServer = async () => {}
  let status: ScenarioResult["status"] = "passed"
  let note: string | undefined
  try {
    note = await scenario()
  } catch (error) {
    status = "failed"
    note = error instanceof Error ? error.message.split("\n").slice(0, 8).join("\n") : String(error)
    note += consoleLines.length ? `\nbrowser console: ${consoleLines.slice(-5).join(" | ")}` : ""
  } finally {
    await closeServer()
  }
  await tab
    .screenshot({ path: path.join(SCREENSHOT_DIR, `storefront-signup${status === "failed" ? "-FAILED" : ""}.png`) })
    .catch(() => undefined)
  await context.close().catch(() => undefined)
  const ms = Date.now() - started
  console.log(`[browser] ${status === "passed" ? "✓" : "✗"} storefront-signup (${(ms / 1000).toFixed(1)} s)${note ? ` — ${note}` : ""}`)
  return [{ name: "storefront-signup", status, ms, note }]

  async function scenario(): Promise<string> {
    // 1. A TypeScript storefront type-checks against the installed package.
    const dir = path.join(hostDir, "storefront-check")
    mkdirSync(dir, { recursive: true })
    writeFileSync(path.join(dir, "consumer.ts"), CONSUMER_TS)
    writeFileSync(path.join(dir, "browser-entry.ts"), BROWSER_ENTRY)
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "ESNext",
          moduleResolution: "bundler",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          lib: ["ES2022", "DOM"],
        },
        files: ["consumer.ts"],
      })
    )
    await run(path.join(BIN, "tsc"), ["-p", path.join(dir, "tsconfig.json")], {
      cwd: dir,
      label: "tsc: a storefront using medusa-plugin-newsletter/storefront",
    })

    // 2. The browser script: the storefront export with the SDK, bundled by esbuild.
    const bundle = path.join(dir, "storefront.js")
    await run(
      path.join(BIN, "esbuild"),
      ["browser-entry.ts", "--bundle", "--format=iife", "--platform=browser", "--target=es2020", `--outfile=${bundle}`],
      { cwd: dir, label: "esbuild: the storefront bundle" }
    )
    const script = readFileSync(bundle, "utf8")
    assert(!/require\("(?:@medusajs\/framework|pg|knex)/.test(script), "the browser bundle pulls server code")

    // 3. The static storefront, served by this test at the storefront's origin.
    const { api_key } = await seed.api<{ api_key: { token: string } }>("/admin/api-keys", {
      title: "Storefront test",
      type: "publishable",
    })
    const html = page(baseUrl, api_key.token)
    // A real server on the storefront's port: Chromium lets a page reach the backend on loopback
    // only when the page itself came from a local address (a page faked with page.route is refused).
    const server = createServer((req, res) => {
      const isScript = new URL(req.url ?? "/", STOREFRONT).pathname === "/storefront.js"
      res
        .writeHead(200, { "content-type": isScript ? "text/javascript" : "text/html; charset=utf-8" })
        .end(isScript ? script : html)
    })
    await new Promise<void>((resolve, reject) => {
      server.once("error", (e) => reject(new Error(`the storefront's port 8000 is not free: ${e.message}`)))
      server.listen(8000, resolve)
    })
    closeServer = () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Chromium keeps its connections open.
        server.closeAllConnections()
      })
    await tab.goto(`${STOREFRONT}/newsletter`)
    await tab.getByLabel("メールアドレス").fill(SIGNUP_EMAIL)
    const answer = tab.waitForResponse((r) => r.url() === `${baseUrl}/store/newsletter-subscriptions`)
    await tab.getByRole("button", { name: "登録する" }).click()
    assert((await answer).status() === 202, "the signup did not answer 202")
    await tab.getByText("確認メールを送信しました").waitFor()

    // 4. The confirmation mail at the stand-in, its link opened in Chromium.
    const mail = await until(() => standin.messages.find((m) => m.to.includes(SIGNUP_EMAIL)), "no confirmation mail")
    const link = `${mail.text ?? ""} ${mail.html ?? ""}`.match(/http:\/\/localhost:8000\/newsletter\/confirm\/[A-Za-z0-9._~%-]+/)?.[0]
    assert(link, `no confirmation link in the mail "${mail.subject}"`)
    await tab.goto(link)
    await tab.getByText(`登録が完了しました: ${SIGNUP_EMAIL} (subscribed, confirmed)`).waitFor()

    // 5. The admin shows the address subscribed, with a confirmed opt-in.
    const { newsletter_subscriptions: rows } = await seed.api<{ newsletter_subscriptions: any[] }>(
      `/admin/newsletter-subscriptions?q=${encodeURIComponent(SIGNUP_EMAIL)}`
    )
    assert(
      rows.length === 1 && rows[0].status === "subscribed" && rows[0].opt_in_level === "confirmed",
      `the admin API answers ${JSON.stringify(rows.map((r) => [r.email, r.status, r.opt_in_level]))}`
    )
    await tab.goto(`${baseUrl}/app/login`)
    await tab.getByPlaceholder("Email").fill(ADMIN_EMAIL)
    await tab.getByPlaceholder("Password").fill(ADMIN_PASSWORD)
    await tab.getByRole("button", { name: "Continue with Email" }).click()
    await tab.waitForURL((url) => !url.pathname.endsWith("/login"))
    // The admin in Japanese: the dashboard's language detector reads its `lng` cookie first.
    await context.addCookies([{ name: "lng", value: "ja", url: baseUrl }])
    await tab.goto(`${baseUrl}/app/newsletters/subscribers`)
    await tab.getByPlaceholder("メールアドレスまたは氏名で検索").fill(SIGNUP_EMAIL)
    const row = tab.getByRole("row").filter({ hasText: SIGNUP_EMAIL })
    await row.getByText("購読中", { exact: true }).waitFor()
    await row.getByText("ダブルオプトイン確認済み", { exact: true }).waitFor()
    await row.click()
    // The drawer: subscribed, confirmed by mail, and the consent record of the mailed link.
    const drawer = tab.getByTestId("subscriber-drawer")
    await drawer.getByText("購読中", { exact: true }).first().waitFor()
    await drawer.getByText("ダブルオプトイン（確認メールで確認済み）", { exact: true }).waitFor()
    await drawer.getByText("登録確認メール", { exact: true }).first().waitFor()
    const evidence = drawer.getByTestId("subscription-evidence").first()
    await evidence.getByText("同意の記録", { exact: true }).waitFor()
    await evidence.getByText("申込みページ", { exact: true }).waitFor()
    await evidence.getByText("確認日時", { exact: true }).waitFor()
    assert(!pageErrors.length, `page errors: ${pageErrors.join("; ")}`)
    return `${SIGNUP_EMAIL}: signed up from ${STOREFRONT}, confirmed through the mailed link`
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

async function until<T>(read: () => T | undefined, message: string): Promise<T> {
  const end = Date.now() + WAIT
  for (;;) {
    const value = read()
    if (value) return value
    if (Date.now() > end) throw new Error(message)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
