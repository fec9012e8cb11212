import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import type NewsletterModuleService from "../../src/modules/newsletter/service"
import { NewsletterSubscriptionStatus } from "../../src/modules/newsletter/types"

/** An ISO time `minutes` from now (real time: the API reads the system clock). */
export const minutesFromNow = (minutes: number) =>
  new Date(Date.now() + minutes * 60_000).toISOString()

export const validArticle = (overrides: Record<string, unknown> = {}) => ({
  subject: "冬のセールのお知らせ",
  body: "<#顧客名> 様\nいつもありがとうございます。",
  format: "text",
  scheduled_at: minutesFromNow(60),
  ...overrides,
})

type SeedCustomer = {
  email: string
  first_name?: string
  last_name?: string
  has_account?: boolean
  /** Subscription written for the customer's address; none when omitted. */
  subscription?: NewsletterSubscriptionStatus
}

/** Creates customers and, where given, a subscription for their (normalized) address. */
export async function seedCustomers(container: MedusaContainer, customers: SeedCustomer[]) {
  const customerModule = container.resolve(Modules.CUSTOMER)
  const newsletter = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
  const created = await customerModule.createCustomers(
    customers.map(({ subscription: _s, ...c }) => ({ has_account: false, ...c }))
  )
  const subscriptions = new Map<string, NewsletterSubscriptionStatus>()
  customers.forEach((c) => {
    if (c.subscription) {
      subscriptions.set(c.email.trim().toLowerCase(), c.subscription)
    }
  })
  if (subscriptions.size) {
    await newsletter.createNewsletterSubscriptions(
      [...subscriptions].map(([email, status]) => ({ email, status }))
    )
  }
  return created
}

/** `count` subscribed customers with Japanese names, taro001@example.jp … in order. */
export async function seedSubscribers(container: MedusaContainer, count: number) {
  const family = ["山田", "佐藤", "鈴木", "高橋", "田中"]
  const given = ["太郎", "花子", "一郎", "美咲", "健太"]
  return seedCustomers(
    container,
    Array.from({ length: count }, (_, i) => ({
      email: `taro${String(i + 1).padStart(3, "0")}@example.jp`,
      last_name: family[i % family.length],
      first_name: given[Math.floor(i / family.length) % given.length],
      has_account: true,
      subscription: NewsletterSubscriptionStatus.SUBSCRIBED,
    }))
  )
}

/** A clock the test moves; registered in the container, read by every step of the plugin. */
export function movableClock(start = new Date()) {
  let now = start.getTime()
  return {
    now: () => new Date(now),
    set: (date: Date) => {
      now = date.getTime()
    },
    advanceMinutes: (minutes: number) => {
      now += minutes * 60_000
    },
  }
}
