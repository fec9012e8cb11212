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
