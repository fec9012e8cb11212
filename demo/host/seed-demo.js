// The demo's data, written once into a fresh store (`medusa exec ./seed-demo.js` in the demo host,
// run by demo/run.js). Idempotent: a store marked as seeded is left as it is.
//
// Store data (customers, groups, promotions, orders) goes through Medusa's modules and workflows.
// The plugin's data goes through the plugin as an npm user has it: articles are created, reserved
// and cancelled with its workflows (with the plugin's clock set back in time, so past articles
// were really reserved at their past time), subscriptions change through its subscription
// workflow (so every change has its history), and the later statuses are set with the module's
// transitionNewsletter, which applies the status rules.
const { asValue } = require("@medusajs/framework/awilix")
const { ContainerRegistrationKeys, Modules } = require("@medusajs/framework/utils")
const {
  createApiKeysWorkflow,
  createPromotionsWorkflow,
  createRegionsWorkflow,
  createUsersWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  updateStoresWorkflow,
} = require("@medusajs/medusa/core-flows")
const {
  cancelNewsletterWorkflow,
  createNewsletterCategoryWorkflow,
  createNewsletterWorkflow,
  scheduleNewsletterWorkflow,
  sendNewsletterTestWorkflow,
  updateNewsletterSubscriptionWorkflow,
} = require("medusa-plugin-newsletter/workflows")

const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL || "admin@example.jp"
const ADMIN_PASSWORD = process.env.DEMO_ADMIN_PASSWORD || "medusa-demo"
const CUSTOMERS = 1000
const MARKER = "newsletter_demo_seeded_at"
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

// ---- deterministic made-up data ------------------------------------------------------------

function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const random = prng(20261127)
const pick = (list) => list[Math.floor(random() * list.length)]
const between = (min, max) => min + Math.floor(random() * (max - min + 1))

const FAMILY = [
  ["佐藤", "sato"], ["鈴木", "suzuki"], ["高橋", "takahashi"], ["田中", "tanaka"], ["伊藤", "ito"],
  ["渡辺", "watanabe"], ["山本", "yamamoto"], ["中村", "nakamura"], ["小林", "kobayashi"], ["加藤", "kato"],
  ["吉田", "yoshida"], ["山田", "yamada"], ["佐々木", "sasaki"], ["山口", "yamaguchi"], ["松本", "matsumoto"],
  ["井上", "inoue"], ["木村", "kimura"], ["林", "hayashi"], ["斎藤", "saito"], ["清水", "shimizu"],
  ["山崎", "yamazaki"], ["森", "mori"], ["池田", "ikeda"], ["橋本", "hashimoto"], ["阿部", "abe"],
  ["石川", "ishikawa"], ["山下", "yamashita"], ["中島", "nakajima"], ["石井", "ishii"], ["小川", "ogawa"],
  ["前田", "maeda"], ["岡田", "okada"], ["長谷川", "hasegawa"], ["藤田", "fujita"], ["後藤", "goto"],
  ["近藤", "kondo"], ["村上", "murakami"], ["遠藤", "endo"], ["青木", "aoki"], ["坂本", "sakamoto"],
]
const GIVEN = [
  ["太郎", "taro"], ["花子", "hanako"], ["翔太", "shota"], ["陽菜", "hina"], ["大輝", "daiki"],
  ["結衣", "yui"], ["拓海", "takumi"], ["美咲", "misaki"], ["健太", "kenta"], ["さくら", "sakura"],
  ["蓮", "ren"], ["葵", "aoi"], ["悠斗", "yuto"], ["凛", "rin"], ["湊", "minato"],
  ["陽葵", "himari"], ["颯太", "sota"], ["芽依", "mei"], ["大和", "yamato"], ["杏", "an"],
  ["一郎", "ichiro"], ["恵子", "keiko"], ["誠", "makoto"], ["由美", "yumi"], ["浩", "hiroshi"],
  ["裕子", "yuko"], ["直樹", "naoki"], ["真由美", "mayumi"], ["修", "osamu"], ["明美", "akemi"],
  ["和也", "kazuya"], ["智子", "tomoko"], ["隆", "takashi"], ["久美子", "kumiko"], ["剛", "tsuyoshi"],
  ["愛", "ai"], ["亮", "ryo"], ["舞", "mai"], ["学", "manabu"], ["彩", "aya"],
]
const PLACES = [
  ["東京都", "渋谷区", "150-0001"], ["東京都", "世田谷区", "154-0001"], ["東京都", "新宿区", "160-0022"],
  ["神奈川県", "横浜市中区", "231-0001"], ["大阪府", "大阪市北区", "530-0001"], ["愛知県", "名古屋市中区", "460-0001"],
  ["北海道", "札幌市中央区", "060-0001"], ["福岡県", "福岡市博多区", "812-0011"], ["京都府", "京都市中京区", "604-0801"],
  ["兵庫県", "神戸市中央区", "650-0001"], ["埼玉県", "さいたま市浦和区", "330-0061"], ["千葉県", "千葉市中央区", "260-0013"],
]
// Reserved example domains only: nothing here is anybody's address.
const DOMAINS = ["example.jp", "example.jp", "example.com", "example.net", "example.org"]
const CATALOG = [
  ["有機緑茶 100g", 1080], ["ほうじ茶ティーバッグ 20包", 756], ["抹茶 30g", 2160], ["玄米茶 200g", 864],
  ["煎茶ギフトセット", 5400], ["急須（常滑焼）", 6480], ["湯呑み 2客セット", 3300], ["抹茶ロールケーキ", 2480],
]

/** The made-up customers, their orders and their newsletter consent, planned before writing. */
function planCustomers(now) {
  return Array.from({ length: CUSTOMERS }, (_, i) => {
    const [lastName, lastRomaji] = FAMILY[(i * 7 + Math.floor(i / 40)) % FAMILY.length]
    const [firstName, firstRomaji] = GIVEN[(i * 13 + Math.floor(i / 40) * 3) % GIVEN.length]
    // Registered a month to two years ago, so everyone predates the articles they received.
    const createdAt = new Date(now - between(30, 730) * DAY - between(0, 86_399) * 1000)
    const r = random()
    const orders = r < 0.6 ? 0 : r < 0.88 ? 1 : r < 0.96 ? between(2, 3) : between(4, 7)
    const place = pick(PLACES)
    return {
      index: i,
      first_name: firstName,
      last_name: lastName,
      email: `${firstRomaji}.${lastRomaji}${String(i + 1).padStart(4, "0")}@${pick(DOMAINS)}`,
      phone: `090-${String(between(1000, 9999))}-${String(between(1000, 9999))}`,
      has_account: random() < 0.85,
      created_at: createdAt,
      metadata: { signup_channel: random() < 0.7 ? "online" : "store" },
      address:
        random() < 0.7
          ? {
              first_name: firstName,
              last_name: lastName,
              country_code: "jp",
              province: place[0],
              city: place[1],
              postal_code: place[2],
              address_1: `${between(1, 5)}-${between(1, 30)}-${between(1, 20)}`,
              is_default_shipping: true,
              is_default_billing: true,
            }
          : null,
      orders,
      // 72% opted in when they signed up; the rest never did (no record = unsubscribed).
      subscribed: random() < 0.72,
    }
  })
}

// ---- helpers ---------------------------------------------------------------------------------

function chunks(list, size) {
  const out = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

/** Runs `step` and logs how long it took. */
async function timed(logger, label, step) {
  const started = Date.now()
  const result = await step()
  logger.info(`[demo seed] ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  return result
}

// ---- the seed --------------------------------------------------------------------------------

exports.default = async function seedDemo({ container }) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const storeModule = container.resolve(Modules.STORE)
  const userModule = container.resolve(Modules.USER)
  const authModule = container.resolve(Modules.AUTH)
  const customerModule = container.resolve(Modules.CUSTOMER)
  const orderModule = container.resolve(Modules.ORDER)
  const salesChannelModule = container.resolve(Modules.SALES_CHANNEL)
  const newsletter = container.resolve("newsletter")

  const [store] = await storeModule.listStores({}, { take: 1 })
  if (store?.metadata?.[MARKER]) {
    logger.info(`[demo seed] already seeded on ${store.metadata[MARKER]}; nothing to do`)
    return
  }
  const [anyCustomer] = await customerModule.listCustomers({}, { take: 1 })
  if (anyCustomer) {
    throw new Error("The demo database has data but no seed marker (an interrupted seed?). Start over with: npm run demo -- --reset")
  }

  // The plugin reads the time from this clock when it's registered: moving it back lets the
  // workflows create and reserve the past articles at their past time, lead-time rule included.
  const now = Date.now()
  let clockTime = now
  container.register("newsletterClock", asValue({ now: () => new Date(clockTime) }))
  const at = (time) => {
    clockTime = time
  }

  // Admin user, the way `medusa user -e … -p …` makes one.
  await timed(logger, `admin user ${ADMIN_EMAIL}`, async () => {
    const [existing] = await userModule.listUsers({ email: ADMIN_EMAIL })
    if (existing) return
    const { result: users } = await createUsersWorkflow(container).run({
      input: { users: [{ email: ADMIN_EMAIL, first_name: "店長", last_name: "デモ" }] },
    })
    const { authIdentity, error } = await authModule.register("emailpass", {
      body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    })
    if (error) throw new Error(`admin user: ${error}`)
    await authModule.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: users[0].id } })
  })

  // Store in yen, a Japan region, the default sales channel and a publishable key for it.
  const { region, salesChannel, publishableKey } = await timed(logger, "store, region and sales channel", async () => {
    let [salesChannel] = await salesChannelModule.listSalesChannels({ id: store.default_sales_channel_id })
    if (!salesChannel) {
      ;[salesChannel] = await salesChannelModule.listSalesChannels({}, { take: 1 })
    }
    await updateStoresWorkflow(container).run({
      input: {
        selector: { id: store.id },
        update: {
          name: "お茶の緑風堂（デモ）",
          supported_currencies: [{ currency_code: "jpy", is_default: true }],
        },
      },
    })
    const { result: regions } = await createRegionsWorkflow(container).run({
      input: { regions: [{ name: "日本", currency_code: "jpy", countries: ["jp"] }] },
    })
    const { result: keys } = await createApiKeysWorkflow(container).run({
      input: { api_keys: [{ title: "ストアフロント", type: "publishable", created_by: "" }] },
    })
    if (salesChannel) {
      await linkSalesChannelsToApiKeyWorkflow(container).run({
        input: { id: keys[0].id, add: [salesChannel.id] },
      })
    }
    return { region: regions[0], salesChannel, publishableKey: keys[0].token }
  })

  const plan = planCustomers(now)

  const customers = await timed(logger, `${CUSTOMERS} customers with Japanese names`, async () => {
    const created = []
    for (const part of chunks(plan, 200)) {
      created.push(
        ...(await customerModule.createCustomers(
          part.map((c) => ({
            first_name: c.first_name,
            last_name: c.last_name,
            email: c.email,
            phone: c.phone,
            has_account: c.has_account,
            created_at: c.created_at,
            metadata: c.metadata,
            addresses: c.address ? [c.address] : [],
          }))
        ))
      )
    }
    const byEmail = new Map(created.map((c) => [c.email, c]))
    return plan.map((p) => ({ ...p, id: byEmail.get(p.email).id }))
  })

  // Promotions: a code for everyone, and a fixed discount for VIPs.
  const [winter, vip] = await timed(logger, "two promotions", async () => {
    const { result } = await createPromotionsWorkflow(container).run({
      input: {
        promotionsData: [
          {
            code: "WINTER10",
            type: "standard",
            status: "active",
            is_automatic: false,
            application_method: { type: "percentage", target_type: "order", allocation: "across", value: 10, currency_code: "jpy" },
          },
          {
            code: "VIP1000",
            type: "standard",
            status: "active",
            is_automatic: false,
            application_method: { type: "fixed", target_type: "order", allocation: "across", value: 1000, currency_code: "jpy" },
          },
        ],
      },
    })
    return result
  })

  // Orders over the last year; some used WINTER10.
  const orderCount = await timed(logger, "orders", async () => {
    const orders = []
    for (const c of customers) {
      for (let n = 0; n < c.orders; n++) {
        const since = Math.max(c.created_at.getTime(), now - 365 * DAY)
        const createdAt = new Date(since + random() * (now - since - HOUR))
        const usedWinter = random() < 0.15
        const items = Array.from({ length: between(1, 3) }, () => {
          const [title, price] = pick(CATALOG)
          const quantity = between(1, 2)
          return {
            title,
            product_title: title,
            quantity,
            unit_price: price,
            adjustments: usedWinter
              ? [{ code: "WINTER10", promotion_id: winter.id, amount: Math.round(price * quantity * 0.1) }]
              : [],
          }
        })
        const r = random()
        orders.push({
          customer_id: c.id,
          email: c.email,
          region_id: region.id,
          sales_channel_id: salesChannel?.id,
          currency_code: "jpy",
          status: r < 0.85 ? "completed" : r < 0.95 ? "pending" : "canceled",
          created_at: createdAt,
          items,
          shipping_methods: [{ name: "通常配送", amount: 550 }],
          shipping_address: c.address
            ? { first_name: c.first_name, last_name: c.last_name, country_code: "jp", province: c.address.province, city: c.address.city, postal_code: c.address.postal_code, address_1: c.address.address_1 }
            : undefined,
        })
      }
    }
    for (const part of chunks(orders, 250)) {
      await orderModule.createOrders(part)
    }
    return orders.length
  })

  // Customer groups.
  const groups = await timed(logger, "customer groups", async () => {
    const byOrders = [...customers].sort((a, b) => b.orders - a.orders)
    const members = {
      VIP: byOrders.slice(0, 40),
      常連: customers.filter((c) => c.orders >= 2),
      新規会員: customers.filter((c) => c.has_account && now - c.created_at.getTime() < 120 * DAY),
      休眠: customers.filter((c) => c.orders === 0 && now - c.created_at.getTime() > 365 * DAY).slice(0, 120),
      // Everyone in it unsubscribes after the article for it was reserved (the failed article).
      試飲会参加者: customers.filter((c) => c.subscribed && c.orders === 1).slice(0, 6),
    }
    const created = await customerModule.createCustomerGroups(Object.keys(members).map((name) => ({ name })))
    const ids = Object.fromEntries(created.map((g) => [g.name, g.id]))
    const pairs = Object.entries(members).flatMap(([name, list]) =>
      list.map((c) => ({ customer_id: c.id, customer_group_id: ids[name] }))
    )
    for (const part of chunks(pairs, 500)) {
      await customerModule.addCustomerToGroup(part)
    }
    return { ids, members }
  })

  // Consent: the opted-in addresses with their first history entry, written together.
  await timed(logger, "subscriptions", async () => {
    const optedIn = customers.filter((c) => c.subscribed)
    for (const part of chunks(optedIn, 250)) {
      const subs = await newsletter.createNewsletterSubscriptions(
        part.map((c) => ({ email: c.email.toLowerCase(), customer_id: c.id, status: "subscribed", created_at: c.created_at, updated_at: c.created_at }))
      )
      const byEmail = new Map(subs.map((s) => [s.email, s]))
      await newsletter.createNewsletterSubscriptionEvents(
        part.map((c, i) => ({
          subscription_id: byEmail.get(c.email.toLowerCase()).id,
          from_status: null,
          to_status: "subscribed",
          // Some came from the paper list of the shop's counter, imported with their own date.
          source: c.metadata.signup_channel === "store" && i % 3 === 0 ? "import" : "storefront",
          reason:
            c.metadata.signup_channel === "store" && i % 3 === 0 ? "店頭の申込用紙から取り込み" : "会員登録時にメルマガ受信に同意",
          consented_at: c.metadata.signup_channel === "store" && i % 3 === 0 ? c.created_at : null,
          actor_id: c.id,
          created_at: c.created_at,
        }))
      )
    }
  })

  const categories = await timed(logger, "delivery categories", async () => {
    const { result: sale } = await createNewsletterCategoryWorkflow(container).run({
      input: { name: "セール情報", description: "セール・クーポンのお知らせ。夜間は送りません。", window_start: "09:00", window_end: "21:00" },
    })
    const { result: news } = await createNewsletterCategoryWorkflow(container).run({
      input: { name: "お知らせ", description: "新商品・店舗からのお知らせ（時間帯の制限なし）" },
    })
    return { sale, news }
  })

  const subscribed = customers.filter((c) => c.subscribed)
  /** A change of consent through the plugin's workflow, dated `when` in its history (kept in order). */
  const lastChange = new Map()
  const subscribe = async (c, input, when) => {
    const { result } = await updateNewsletterSubscriptionWorkflow(container).run({
      input: { email: c.email, customer_id: c.id, ...input },
    })
    if (when && result.changed) {
      const earliest = Math.max(c.created_at.getTime() + HOUR, (lastChange.get(c.id) ?? 0) + MINUTE)
      const date = new Date(Math.min(Math.max(when, earliest), now))
      lastChange.set(c.id, date.getTime())
      await knex("newsletter_subscription_event")
        .where({ id: knex("newsletter_subscription_event").select("id").where({ subscription_id: result.id }).orderBy("created_at", "desc").limit(1) })
        .update({ created_at: date, updated_at: date })
      await knex("newsletter_subscription").where({ id: result.id }).update({ updated_at: date })
    }
    return result
  }

  /** A wall-clock time in Tokyo (UTC+9, no daylight saving), `days` from today there. */
  const tokyo = (days, hour, minute = 0) => {
    const d = new Date(now + 9 * HOUR)
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour, minute) - 9 * HOUR + days * DAY
  }
  /** `minutes` ago, on a round five minutes. */
  const ago = (minutes) => Math.floor((now - minutes * MINUTE) / (5 * MINUTE)) * 5 * MINUTE

  /** Creates and reserves an article at `reserveAt` (the plugin's clock) for `sendAt`. */
  async function reserved(reserveAt, sendAt, article) {
    at(reserveAt)
    const { result: created } = await createNewsletterWorkflow(container).run({
      input: { format: "text", scheduled_at: new Date(sendAt).toISOString(), ...article },
    })
    const { result } = await scheduleNewsletterWorkflow(container).run({ input: { id: created.id } })
    at(now)
    return { id: created.id, scheduled_at: sendAt, total: result.recipient_count }
  }

  /** Writes outcomes onto recipients by position, and the done batches that sent them. */
  async function recordRecipients(id, outcome, { sentBatches, attemptedAt }) {
    const rows = await knex("newsletter_recipient")
      .select("id", "position", "email")
      .where({ newsletter_id: id })
      .whereNull("deleted_at")
      .orderBy("position")
    const updates = rows.map((r) => ({ id: r.id, ...outcome(r), attempted_at: new Date(attemptedAt).toISOString() }))
      .filter((u) => u.status !== "pending")
    for (const part of chunks(updates, 500)) {
      await knex.raw(
        `UPDATE "newsletter_recipient" r SET
           "status" = v."status", "provider_message_id" = v."provider_message_id",
           "error_type" = v."error_type", "error_reason" = v."error_reason", "error_code" = v."error_code",
           "attempted_at" = v."attempted_at"::timestamptz, "delivered_at" = v."delivered_at"::timestamptz,
           "bounced_at" = v."bounced_at"::timestamptz, "opened_at" = v."opened_at"::timestamptz,
           "clicked_at" = v."clicked_at"::timestamptz, "complained_at" = v."complained_at"::timestamptz,
           "updated_at" = now()
         FROM jsonb_to_recordset(?::jsonb) AS v("id" text, "status" text, "provider_message_id" text,
           "error_type" text, "error_reason" text, "error_code" text, "attempted_at" text, "delivered_at" text,
           "bounced_at" text, "opened_at" text, "clicked_at" text, "complained_at" text)
         WHERE r."id" = v."id"`,
        [JSON.stringify(part)]
      )
    }
    const batches = Math.ceil(rows.length / 100)
    if (batches) {
      await newsletter.createNewsletterBatches(
        Array.from({ length: batches }, (_, i) => ({
          newsletter_id: id,
          seq: i + 1,
          first_position: i * 100 + 1,
          last_position: Math.min((i + 1) * 100, rows.length),
          status: i < sentBatches ? "done" : "pending",
          attempts: i < sentBatches ? 1 : 0,
          skip_checked: i < sentBatches,
        }))
      )
    }
    return rows
  }

  const iso = (t) => new Date(t).toISOString()
  const messageId = (id, position) => `demo-${id.slice(-8)}-${position}`
  const articles = {}
  // Addresses whose consent the seed changed already (each gets one storyline).
  const changed = new Set()

  // 集計済: sent three weeks ago to every subscriber; every result is in.
  await timed(logger, "article: aggregated (集計済)", async () => {
    const a = await reserved(tokyo(-22, 15), tokyo(-21, 10), {
      subject: "春の新茶フェアのご案内",
      format: "html",
      category_id: categories.news.id,
      body: "<p><#顧客名> 様</p><p>いつも<#ショップ名>をご利用いただきありがとうございます。今年の新茶が入荷しました。</p><p>新茶フェアは今月末まで。ぜひご覧ください。</p>",
      audience: {},
    })
    const started = a.scheduled_at
    const finished = started + 6 * MINUTE
    const bounced = []
    const complained = []
    let delivered = 0, opened = 0, clicked = 0, failed = 0
    await recordRecipients(a.id, (r) => {
      if (r.position % 97 === 0) {
        failed++
        bounced.push(r)
        return { status: "failed", provider_message_id: messageId(a.id, r.position), error_type: "permanent", error_reason: "550 5.1.1 The email account that you tried to reach does not exist", bounced_at: iso(finished + 5 * MINUTE) }
      }
      delivered++
      const open = r.position % 5 < 2
      const click = r.position % 9 === 0
      if (open) opened++
      if (click) clicked++
      if (r.position === 211) complained.push(r)
      return {
        status: "sent",
        provider_message_id: messageId(a.id, r.position),
        delivered_at: iso(finished + 2 * MINUTE),
        opened_at: open ? iso(finished + between(10, 600) * MINUTE) : null,
        clicked_at: click ? iso(finished + between(15, 900) * MINUTE) : null,
        complained_at: r.position === 211 ? iso(finished + DAY) : null,
      }
    }, { sentBatches: Infinity, attemptedAt: started + 2 * MINUTE })
    await newsletter.transitionNewsletter({ id: a.id, to: "sending", data: { started_at: new Date(started) } })
    await newsletter.transitionNewsletter({
      id: a.id,
      to: "sent",
      data: { finished_at: new Date(finished), succeeded_count: a.total - failed, failed_count: failed, unsent_count: 0, awaiting_count: a.total - failed },
    })
    await newsletter.transitionNewsletter({
      id: a.id,
      to: "aggregating",
      data: { counted_at: new Date(finished + 2 * MINUTE), delivered_count: delivered, opened_count: opened, clicked_count: clicked, complained_count: complained.length, awaiting_count: 0 },
    })
    await newsletter.transitionNewsletter({ id: a.id, to: "aggregated", data: { aggregated_at: new Date(finished + HOUR), unknown_count: 0 } })
    // What the webhook did with those reports: bounced addresses cleaned, the complaint unsubscribed.
    const byEmail = new Map(customers.map((c) => [c.email.toLowerCase(), c]))
    for (const r of [...bounced, ...complained]) changed.add(r.email)
    for (const r of bounced) {
      await subscribe(byEmail.get(r.email), { status: "cleaned", source: "bounce", newsletter_id: a.id, reason: "550 5.1.1 The email account that you tried to reach does not exist" }, finished + 5 * MINUTE)
    }
    for (const r of complained) {
      await subscribe(byEmail.get(r.email), { status: "unsubscribed", source: "complaint", newsletter_id: a.id, reason: "迷惑メールとして報告" }, finished + DAY)
    }
    articles.aggregated = a
  })

  // More history: people who unsubscribed since, through every channel, and a few who came back.
  await timed(logger, "subscription changes (unsubscribed, re-subscribed)", async () => {
    const candidates = subscribed
      .filter((c) => !groups.members.試飲会参加者.includes(c) && !changed.has(c.email.toLowerCase()))
      .slice(-90)
    const channels = [
      { source: "unsubscribe_link", reason: null, newsletter_id: articles.aggregated.id },
      { source: "storefront", reason: "マイページで配信停止" },
      { source: "admin", reason: "お電話で配信停止のご依頼" },
    ]
    const since = articles.aggregated.scheduled_at + DAY
    // An address the store owner re-opened after it was cleaned (the bounce was a typo fixed later).
    const [cleaned, ...others] = candidates
    await subscribe(cleaned, { status: "cleaned", source: "bounce", reason: "550 5.1.1 User unknown" }, since - 10 * DAY)
    await subscribe(cleaned, { status: "subscribed", source: "admin", reason: "お客様よりアドレス修正の連絡あり" }, since - 8 * DAY)
    for (const [i, c] of others.entries()) {
      const when = since + random() * (now - since - 2 * DAY)
      await subscribe(c, { ...channels[i % channels.length], status: "unsubscribed" }, when)
      if (i % 10 === 0) {
        await subscribe(c, { status: "subscribed", source: "storefront", reason: "マイページで再登録" }, when + between(1, 5) * DAY)
      }
    }
  })

  // 配信停止: two weeks ago, to old registrations; too many addresses failed and it stopped.
  await timed(logger, "article: stopped (配信停止)", async () => {
    const a = await reserved(tokyo(-15, 11), tokyo(-14, 19), {
      subject: "【久しぶりのお客様へ】お買い物クーポンのお知らせ",
      category_id: categories.sale.id,
      promotion_id: winter.id,
      coupon_mode: "code",
      body: "<#顧客名> 様\n\nご無沙汰しております。<#ショップ名>です。\nクーポンコード <#クーポンコード> で10%オフになります。",
      audience: { created_at: { lte: iso(now - 200 * DAY) } },
    })
    const started = a.scheduled_at
    const attempted = Math.min(200, a.total)
    let failed = 0
    await recordRecipients(a.id, (r) => {
      if (r.position > attempted) return { status: "pending" }
      if (r.position % 6 === 0) {
        failed++
        return { status: "failed", error_type: "rejected", error_reason: "Invalid `to` field: the domain does not accept mail" }
      }
      return { status: "sent", provider_message_id: messageId(a.id, r.position) }
    }, { sentBatches: Math.ceil(attempted / 100), attemptedAt: started + MINUTE })
    await newsletter.transitionNewsletter({ id: a.id, to: "sending", data: { started_at: new Date(started) } })
    const percent = (n) => Math.round(n * 1000) / 10
    await newsletter.transitionNewsletter({
      id: a.id,
      to: "stopped",
      data: {
        finished_at: new Date(started + 2 * MINUTE),
        succeeded_count: attempted - failed,
        failed_count: failed,
        unsent_count: a.total - attempted,
        awaiting_count: attempted - failed,
        status_reason: `Stopped: ${failed} of ${attempted} attempted mails failed (${percent(failed / attempted)}%, above the 10% limit). Clean the list before sending again.`,
        status_reason_code: "stopped_error_rate",
        status_reason_params: { failed, attempted, error_rate_percent: percent(failed / attempted), threshold_percent: 10 },
      },
    })
    articles.stopped = a
  })

  // キャンセル: reserved ten days ago for a later date, then cancelled.
  await timed(logger, "article: cancelled (キャンセル)", async () => {
    const a = await reserved(tokyo(-10, 14), tokyo(-3, 10), {
      subject: "母の日ギフトのご案内",
      category_id: categories.sale.id,
      body: "<#顧客名> 様\n\n母の日の贈り物に、煎茶ギフトセットはいかがでしょうか。",
      audience: { customer_groups: { in_any: [groups.ids.常連] } },
    })
    at(tokyo(-9, 10, 30))
    await cancelNewsletterWorkflow(container).run({ input: { id: a.id } })
    at(now)
    articles.cancelled = a
  })

  // 配信失敗: reserved for the tasting event's guests, who all unsubscribed before it went out.
  await timed(logger, "article: failed (配信失敗)", async () => {
    const a = await reserved(tokyo(-6, 16), tokyo(-5, 12), {
      subject: "試飲会ご参加のお礼",
      category_id: categories.news.id,
      body: "<#顧客名> 様\n\n先日は試飲会にご参加いただきありがとうございました。",
      audience: { customer_groups: { in_any: [groups.ids.試飲会参加者] } },
    })
    for (const [i, c] of groups.members.試飲会参加者.entries()) {
      await subscribe(c, { status: "unsubscribed", source: "storefront", reason: "マイページで配信停止" }, a.scheduled_at - (i + 1) * 2 * HOUR)
    }
    const started = a.scheduled_at
    await recordRecipients(a.id, () => ({
      status: "skipped",
      error_reason: "unsubscribed after the reservation",
      error_code: "unsubscribed_after_reservation",
    }), {
      sentBatches: Infinity,
      attemptedAt: started,
    })
    await newsletter.transitionNewsletter({ id: a.id, to: "sending", data: { started_at: new Date(started) } })
    await newsletter.transitionNewsletter({
      id: a.id,
      to: "failed",
      data: {
        finished_at: new Date(started),
        skipped_count: a.total,
        unsent_count: 0,
        status_reason: "Nobody was left to send to: every recipient unsubscribed or was cleaned after the reservation",
        status_reason_code: "nobody_left",
        status_reason_params: { skipped: a.total },
      },
    })
    articles.failed = a
  })

  // 集計中: sent yesterday to the regulars; some results are in.
  await timed(logger, "article: aggregating (集計中)", async () => {
    const a = await reserved(ago(22 * 60) - DAY, ago(22 * 60), {
      subject: "新商品：抹茶ロールケーキ発売のお知らせ",
      format: "mjml",
      category_id: categories.news.id,
      body: "<mjml><mj-body><mj-section><mj-column><mj-text font-size=\"16px\"><#顧客名> 様</mj-text><mj-text>宇治抹茶をたっぷり使ったロールケーキを発売しました。</mj-text><mj-button href=\"https://shop.example.jp/products/matcha-roll\">商品を見る</mj-button></mj-column></mj-section></mj-body></mjml>",
      audience: { customer_groups: { in_any: [groups.ids.常連, groups.ids.VIP] } },
    })
    const started = a.scheduled_at
    const finished = started + 2 * MINUTE
    let delivered = 0, opened = 0
    await recordRecipients(a.id, (r) => {
      const isDelivered = r.position % 5 < 3
      const isOpened = isDelivered && r.position % 5 === 0
      if (isDelivered) delivered++
      if (isOpened) opened++
      return {
        status: "sent",
        provider_message_id: messageId(a.id, r.position),
        delivered_at: isDelivered ? iso(finished + 3 * MINUTE) : null,
        opened_at: isOpened ? iso(finished + 2 * HOUR) : null,
      }
    }, { sentBatches: Infinity, attemptedAt: started + MINUTE })
    await newsletter.transitionNewsletter({ id: a.id, to: "sending", data: { started_at: new Date(started) } })
    await newsletter.transitionNewsletter({
      id: a.id,
      to: "sent",
      data: { finished_at: new Date(finished), succeeded_count: a.total, unsent_count: 0, awaiting_count: a.total },
    })
    await newsletter.transitionNewsletter({
      id: a.id,
      to: "aggregating",
      data: { counted_at: new Date(finished + 3 * MINUTE), delivered_count: delivered, opened_count: opened, awaiting_count: a.total - delivered },
    })
    articles.aggregating = a
  })

  // 配信済: sent two hours ago to the VIPs; no report yet.
  await timed(logger, "article: sent (配信済)", async () => {
    const a = await reserved(ago(120) - 3 * HOUR, ago(120), {
      subject: "VIP会員様限定：新茶の先行予約",
      category_id: categories.news.id,
      body: "<#顧客名> 様\n\nVIP会員様だけに、新茶の先行予約をご案内します。",
      audience: { customer_groups: { in_any: [groups.ids.VIP] } },
    })
    const started = a.scheduled_at
    await recordRecipients(a.id, (r) => ({ status: "sent", provider_message_id: messageId(a.id, r.position) }), {
      sentBatches: Infinity,
      attemptedAt: started + MINUTE,
    })
    await newsletter.transitionNewsletter({ id: a.id, to: "sending", data: { started_at: new Date(started) } })
    await newsletter.transitionNewsletter({
      id: a.id,
      to: "sent",
      data: { finished_at: new Date(started + MINUTE), succeeded_count: a.total, unsent_count: 0, awaiting_count: a.total },
    })
    articles.sent = a
  })

  // 配信中: started half an hour ago; the first batches are out, the rest are held by the demo so
  // that the admin keeps showing an article being sent (they never go out).
  await timed(logger, "article: sending (配信中)", async () => {
    const a = await reserved(ago(30) - 2 * HOUR, ago(30), {
      subject: "週末限定：全品送料無料キャンペーン",
      body: "<#顧客名> 様\n\n今週末に限り、全品送料無料でお届けします。\n配信停止はこちら: <#配信停止URL>",
      audience: {},
    })
    const started = a.scheduled_at
    const sentBatches = Math.max(1, Math.floor(Math.ceil(a.total / 100) / 2))
    const sent = Math.min(a.total, sentBatches * 100)
    await recordRecipients(a.id, (r) => (r.position <= sent ? { status: "sent", provider_message_id: messageId(a.id, r.position) } : { status: "pending" }), {
      sentBatches,
      attemptedAt: started + MINUTE,
    })
    await knex("newsletter_batch")
      .where({ newsletter_id: a.id, status: "pending" })
      .update({ next_attempt_at: new Date("2099-01-01T00:00:00Z"), last_error: "held by the demo seed (never sent)" })
    await newsletter.transitionNewsletter({
      id: a.id,
      to: "sending",
      data: {
        started_at: new Date(started),
        succeeded_count: sent,
        unsent_count: a.total - sent,
        awaiting_count: sent,
        status_reason: "デモデータ: 配信中の表示のため残りのバッチを保留しています（送信されません）",
      },
    })
    articles.sending = a
  })

  // 未配信: reserved now for a month from now, with the WINTER10 code.
  await timed(logger, "article: scheduled (未配信)", async () => {
    const a = await reserved(now, tokyo(30, 10), {
      subject: "年末セールのお知らせ",
      category_id: categories.sale.id,
      promotion_id: winter.id,
      coupon_mode: "code",
      body: "<#顧客名> 様\n\n年末セールを開催します。クーポンコード <#クーポンコード> で全品10%オフ。\n\n<#ショップ名>",
      audience: { customer_groups: { in_any: [groups.ids.VIP, groups.ids.常連] }, order_count: { gte: 1 } },
    })
    articles.scheduled = a
  })

  // 下書き: being written: Tokyo-area members, with a personal VIP coupon link.
  await timed(logger, "article: draft (下書き)", async () => {
    at(now)
    const { result } = await createNewsletterWorkflow(container).run({
      input: {
        subject: "【下書き】新米と新茶の詰め合わせ 予約受付開始",
        body: "<#姓> 様\n\n首都圏の会員様へ、詰め合わせの予約受付を始めました。\nこちらから1,000円引きクーポンを受け取れます: <#クーポンURL>",
        format: "text",
        scheduled_at: new Date(tokyo(7, 10)).toISOString(),
        category_id: categories.sale.id,
        promotion_id: vip.id,
        coupon_mode: "claim_link",
        audience: { has_account: true, address: { country_code: ["jp"], province: ["東京都", "神奈川県"] } },
      },
    })
    articles.draft = { id: result.id }
  })

  // A test mail of the draft to the store owner, so the outbox has something to open.
  await timed(logger, "test send of the draft", async () => {
    await sendNewsletterTestWorkflow(container).run({ input: { id: articles.draft.id, to: [ADMIN_EMAIL] } })
  })

  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: { metadata: { ...(store.metadata ?? {}), [MARKER]: new Date(now).toISOString(), publishable_key: publishableKey } },
    },
  })
  const counts = await knex("newsletter_subscription").select("status").count("* as n").whereNull("deleted_at").groupBy("status")
  logger.info(
    `[demo seed] done: ${CUSTOMERS} customers, ${orderCount} orders, subscriptions ${counts
      .map((r) => `${r.status} ${r.n}`)
      .join(", ")}, articles ${Object.keys(articles).join(", ")}`
  )
}
