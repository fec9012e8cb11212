import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import dispatchNewslettersJob from "../../src/jobs/dispatch-newsletters"
import newsletterDeliveryEffectsJob from "../../src/jobs/newsletter-delivery-effects"
import { NewsletterSubscriptionSource, NewsletterSubscriptionStatus } from "../../src/modules/newsletter/types"
import { createCustomerHeaders, createPublishableKey } from "../helpers/auth"
import { report, seeded } from "../helpers/report"
import { useResendStandin } from "../helpers/standin"
import { useNewsletterSuite } from "../helpers/suite"
import { resendEvent, signWebhook } from "../helpers/webhooks"
import { newsletterIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(10 * 60 * 1000)

const stand = useResendStandin()
const CHANGES = 200
/** Addresses that received an article (they also get bounces and complaints). */
const MAILED = 10
/** Addresses with no record yet: their first subscribes race each other. */
const FRESH = 5
const CLEANED_ADDRESS =
  "Mail to this address could not be delivered, so it was removed from the newsletter. Please use another email address or contact the shop"

type Change =
  | "store_subscribe"
  | "store_unsubscribe"
  | "admin_subscribe"
  | "admin_unsubscribe"
  | "admin_clean"
  | "bounce"
  | "complaint"

/** The mix of changes, by weight; fresh addresses get no mail, so no bounce or complaint. */
const MIX: Array<[Change, number]> = [
  ["store_subscribe", 25],
  ["store_unsubscribe", 15],
  ["admin_subscribe", 20],
  ["admin_unsubscribe", 10],
  ["admin_clean", 10],
  ["bounce", 15],
  ["complaint", 5],
]

newsletterIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const suite = useNewsletterSuite(getContainer, api, stand)

    it("200 concurrent subscribe, unsubscribe and clean changes on the same addresses: 0 × 5xx, history complete", async () => {
      const container = getContainer()
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const sql = async (query: string, params: unknown[] = []) => (await knex.raw(query, params)).rows
      const key = await createPublishableKey(container)
      const email = (n: number) => `race${String(n).padStart(2, "0")}@example.jp`
      const customers = []
      for (let n = 1; n <= MAILED + FRESH; n++) {
        customers.push({ n, email: email(n), ...(await createCustomerHeaders(container, key, { email: email(n) })) })
      }
      // The mailed addresses subscribe first (one history entry each) and get one article.
      for (const c of customers.slice(0, MAILED)) {
        await api.post(
          `/admin/customers/${c.customer.id}/newsletter-subscription`,
          { status: "subscribed" },
          { headers: suite.headers }
        )
      }
      const { id: articleId } = await suite.reserveArticle()
      suite.clock.advanceMinutes(11)
      await dispatchNewslettersJob(container)
      const mail = new Map(suite.messagesFor(articleId).map((m) => [m.to[0], m]))
      expect(mail.size).toEqual(MAILED)

      const random = seeded(2611)
      const pick = (mix: Array<[Change, number]>): Change => {
        const total = mix.reduce((sum, [, w]) => sum + w, 0)
        let r = random() * total
        for (const [change, weight] of mix) {
          if ((r -= weight) < 0) {
            return change
          }
        }
        return mix[mix.length - 1][0]
      }
      const freshMix = MIX.filter(([c]) => c !== "bounce" && c !== "complaint")
      const plan = Array.from({ length: CHANGES }, (_, i) => {
        const customer = customers[i % customers.length]
        return { customer, change: pick(customer.n <= MAILED ? MIX : freshMix), i }
      })

      const run = async ({ customer, change, i }: (typeof plan)[number]) => {
        const adminUrl = `/admin/customers/${customer.customer.id}/newsletter-subscription`
        const storeUrl = "/store/customers/me/newsletter-subscription"
        const send = (() => {
          switch (change) {
            case "store_subscribe":
            case "store_unsubscribe":
              return api.post(storeUrl, { subscribed: change === "store_subscribe" }, { headers: customer.headers })
            case "admin_subscribe":
            case "admin_unsubscribe":
            case "admin_clean": {
              const status = { admin_subscribe: "subscribed", admin_unsubscribe: "unsubscribed", admin_clean: "cleaned" }[change]
              return api.post(adminUrl, { status, reason: `race ${i}` }, { headers: suite.headers })
            }
            default: {
              const event =
                change === "bounce"
                  ? resendEvent("email.bounced", mail.get(customer.email)!, {
                      bounce: { type: "Permanent", subType: "General", message: `No such user (${i})` },
                    })
                  : resendEvent("email.complained", mail.get(customer.email)!)
              const body = JSON.stringify(event)
              // Each report its own delivery (svix-id): each is applied.
              return api.post("/hooks/newsletter/resend", body, { headers: signWebhook(body, { id: `msg_race_${i}` }) })
            }
          }
        })()
        const response = await send.catch((e) => e.response)
        return { change, email: customer.email, status: response?.status ?? 0, message: response?.data?.message }
      }

      const started = Date.now()
      const answers = await Promise.all(plan.map(run))
      const seconds = (Date.now() - started) / 1000
      await newsletterDeliveryEffectsJob(container)

      const serverErrors = answers.filter((a) => a.status >= 500 || a.status === 0)
      const refused = answers.filter((a) => a.status !== 200)
      const history = (await sql(
        `SELECT s."email", s."status", e."from_status", e."to_status", e."source"
         FROM "newsletter_subscription_event" e
         JOIN "newsletter_subscription" s ON s."id" = e."subscription_id"
         WHERE s."email" LIKE 'race%'
         ORDER BY s."email", e."created_at", e."id"`
      )) as Array<{ email: string; status: string; from_status: string | null; to_status: string; source: string }>
      // Every change is one row: each row starts where the one before ended (the first from no
      // record), no row repeats a status, and the last row ends at the address's status.
      const breaks: string[] = []
      const byAddress = new Map<string, typeof history>()
      history.forEach((h) => byAddress.set(h.email, [...(byAddress.get(h.email) ?? []), h]))
      for (const [address, rows] of byAddress) {
        rows.forEach((row, i) => {
          const expected = i === 0 ? null : rows[i - 1].to_status
          if (row.from_status !== expected || row.from_status === row.to_status) {
            breaks.push(`${address} #${i}: ${row.from_status} → ${row.to_status} after ${expected}`)
          }
        })
        if (rows[rows.length - 1].to_status !== rows[0].status) {
          breaks.push(`${address}: history ends at ${rows[rows.length - 1].to_status}, status is ${rows[0].status}`)
        }
      }
      const resubscribed = history.filter(
        (h) =>
          h.source === NewsletterSubscriptionSource.STOREFRONT &&
          h.from_status === NewsletterSubscriptionStatus.CLEANED &&
          h.to_status === NewsletterSubscriptionStatus.SUBSCRIBED
      )
      const records = (await sql(
        `SELECT "email", count(*)::int AS n FROM "newsletter_subscription" WHERE "email" LIKE 'race%' GROUP BY "email"`
      )) as Array<{ email: string; n: number }>
      const owed = (
        await sql(`SELECT count(*)::int AS n FROM "newsletter_delivery_effect" WHERE "applied_at" IS NULL`)
      )[0].n
      const count = (change: Change) => plan.filter((p) => p.change === change).length

      report("subscription race", {
        changes: CHANGES,
        seconds: seconds.toFixed(1),
        storefront: count("store_subscribe") + count("store_unsubscribe"),
        admin: count("admin_subscribe") + count("admin_unsubscribe") + count("admin_clean"),
        webhooks: count("bounce") + count("complaint"),
        http5xx: serverErrors.length,
        refusedCleaned: refused.length,
        historyRows: history.length,
        chainBreaks: breaks.length,
        storefrontResubscribedCleaned: resubscribed.length,
        owedEffects: owed,
      })

      expect(serverErrors).toEqual([])
      // The only refusals: storefront subscribes that found the address cleaned.
      expect(refused.map((a) => [a.change, a.status, a.message])).toEqual(
        refused.map(() => ["store_subscribe", 400, CLEANED_ADDRESS])
      )
      expect(breaks).toEqual([])
      expect(resubscribed).toEqual([])
      expect(owed).toEqual(0)
      // One record per address, the fresh ones included (their first subscribes raced).
      expect(records.map((r) => r.n)).toEqual(records.map(() => 1))
      // Every address has a history: the mailed ones from the set-up, the fresh ones from the races
      // (any first change records them, a storefront unsubscribe too).
      expect(byAddress.size).toEqual(MAILED + FRESH)
    })
  },
})
