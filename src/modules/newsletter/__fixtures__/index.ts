import { NEWSLETTER_MODULE } from ".."
import type NewsletterModuleService from "../service"
import {
  NewsletterFormat,
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
} from "../types"

/**
 * The module tier's database: Medusa's default name unless NEWSLETTER_TEST_DB names another (two
 * people running the module tier at once on one PostgreSQL would otherwise share a database).
 */
export const moduleTestDbName = process.env.NEWSLETTER_TEST_DB || undefined

/** Options a store owner could really write: only the required sender, defaults for the rest. */
export const validModuleOptions = {
  sender: {
    name: "テストショップ",
    postalAddress: "東京都千代田区丸の内1-1-1",
    contact: "support@example.jp",
  },
}

export const defaultNewsletterData = {
  subject: "冬のセールのお知らせ",
  body: "<#顧客名> 様\nいつもありがとうございます。",
  format: NewsletterFormat.TEXT,
  scheduled_at: new Date("2026-12-01T01:00:00.000Z"),
}

export async function createNewsletter(
  service: NewsletterModuleService,
  data: Record<string, unknown> = {}
) {
  return await service.createNewsletters({ ...defaultNewsletterData, ...data } as any)
}

export const defaultCategoryData = {
  name: "セール情報",
  description: "セールとクーポンのお知らせ",
  window_start: "09:00",
  window_end: "21:00",
}

export async function createCategory(
  service: NewsletterModuleService,
  data: Record<string, unknown> = {}
) {
  return await service.createNewsletterCategories({ ...defaultCategoryData, ...data })
}

/** Recipients `taro@example.jp`, `hanako@example.jp`… at positions 1, 2… of one article. */
export async function createRecipients(
  service: NewsletterModuleService,
  newsletterId: string,
  emails: string[]
) {
  return await service.createNewsletterRecipients(
    emails.map((email, i) => ({ newsletter_id: newsletterId, position: i + 1, email }))
  )
}

export const defaultSubscriptionData = {
  email: "taro@example.jp",
  status: NewsletterSubscriptionStatus.SUBSCRIBED,
}

export async function createSubscription(
  service: NewsletterModuleService,
  data: Record<string, unknown> = {}
) {
  return await service.createNewsletterSubscriptions({ ...defaultSubscriptionData, ...data } as any)
}

export const defaultSubscriptionEventData = {
  from_status: null,
  to_status: NewsletterSubscriptionStatus.SUBSCRIBED,
  source: NewsletterSubscriptionSource.STOREFRONT,
}

/** A customer row of the module tier's stand-in for Medusa's `customer` table. */
export type ModuleTierCustomer = {
  id: string
  email: string
  first_name?: string
  last_name?: string
  has_account?: boolean
}

/**
 * The module tier has only the plugin's tables: creates a minimal copy of Medusa's `customer`
 * table (the columns the plugin's statements read) and inserts `customers`. `sql` runs one
 * statement, e.g. `(text, params) => MikroOrmWrapper.forkManager().execute(text, params)`.
 */
export async function createCustomerRows(
  sql: (text: string, params?: unknown[]) => Promise<unknown>,
  customers: ModuleTierCustomer[]
) {
  await sql(`CREATE TABLE IF NOT EXISTS "customer" (
    "id" text PRIMARY KEY, "email" text, "first_name" text, "last_name" text,
    "has_account" boolean NOT NULL DEFAULT false, "metadata" jsonb,
    "created_at" timestamptz NOT NULL DEFAULT now(), "updated_at" timestamptz NOT NULL DEFAULT now(),
    "deleted_at" timestamptz)`)
  for (const c of customers) {
    await sql(
      `INSERT INTO "customer" ("id", "email", "first_name", "last_name", "has_account") VALUES (?, ?, ?, ?, ?)`,
      [c.id, c.email, c.first_name ?? null, c.last_name ?? null, c.has_account ?? false]
    )
  }
}

/**
 * The settings every module-tier spec gives `moduleIntegrationTestRunner`:
 * `moduleIntegrationTestRunner<NewsletterModuleService>({ ...moduleSuite, testSuite })`.
 */
export const moduleSuite = {
  moduleName: NEWSLETTER_MODULE,
  dbName: moduleTestDbName,
  resolve: "./src/modules/newsletter",
  moduleOptions: validModuleOptions,
}
