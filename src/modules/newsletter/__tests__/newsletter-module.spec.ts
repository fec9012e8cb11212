import { MedusaModule } from "@medusajs/framework/modules-sdk"
import { ContainerRegistrationKeys, MedusaError, ModulesSdkUtils } from "@medusajs/framework/utils"
import { initModules, moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { NEWSLETTER_MODULE } from ".."
import {
  createCategory,
  createNewsletter,
  createRecipients,
  createSubscription,
  defaultSubscriptionEventData,
  moduleSuite,
} from "../__fixtures__"
import NewsletterModuleService from "../service"
import {
  NewsletterCouponMode,
  NewsletterFormat,
  NewsletterRecipientStatus,
  NewsletterStatus,
  NewsletterSubscriptionSource,
  NewsletterSubscriptionStatus,
} from "../types"
import {
  isValidEmail,
  normalizedEmailSql,
  normalizeEmail,
  VALID_EMAIL_SQL_PATTERN,
} from "../utils/email"

jest.setTimeout(60 * 1000)

moduleIntegrationTestRunner<NewsletterModuleService>({
  ...moduleSuite,
  testSuite: ({ MikroOrmWrapper, service }) => {
    describe("NewsletterModuleService", () => {
      describe("getOptions", () => {
        it("should return the validated options with every default filled in", async () => {
          expect(await service.getOptions()).toEqual({
            adminLanguage: "ja",
            outboxDir: "newsletter-outbox",
            previousLinkSecrets: [],
            allowLocalhostLinks: false,
            dispatch: { batchSize: 100, leaseSeconds: 120, runSeconds: 50, concurrency: 4 },
            errorRate: { minAttempts: 100, threshold: 0.1 },
            transientErrorsToClean: 3,
            aggregationWindowHours: 72,
            webhookEventRetentionDays: 30,
            storefrontUrl: "http://localhost:8000",
            couponPath: "newsletter-coupons",
            backendUrl: "http://localhost:9000",
            timezone: "Asia/Tokyo",
            minLeadMinutes: 3,
            signup: { confirmationHours: 72, ipRequests: 20, ipWindowMinutes: 10 },
            sender: {
              name: "テストショップ",
              postalAddress: "東京都千代田区丸の内1-1-1",
              contact: "support@example.jp",
            },
          })
        })
      })

      describe("createNewsletters", () => {
        it("should create an article as a draft with empty counters, no coupon and everyone as audience", async () => {
          const created = await createNewsletter(service)

          const newsletter = await service.retrieveNewsletter(created.id)
          expect(newsletter.id).toMatch(/^nl_/)
          expect(newsletter).toEqual(
            expect.objectContaining({
              subject: "冬のセールのお知らせ",
              body: "<#顧客名> 様\nいつもありがとうございます。",
              format: NewsletterFormat.TEXT,
              scheduled_at: new Date("2026-12-01T01:00:00.000Z"),
              status: "draft",
              status_reason: null,
              audience: {},
              promotion_id: null,
              coupon_mode: "none",
              category_id: null,
              started_at: null,
              finished_at: null,
              cancelled_at: null,
              total_count: 0,
              succeeded_count: 0,
              failed_count: 0,
              unsent_count: 0,
              skipped_count: 0,
              deleted_at: null,
            })
          )
        })

        it("should keep an audience filter and a coupon mode as given", async () => {
          const created = await createNewsletter(service, {
            audience: { prefectures: ["東京都", "大阪府"], has_ordered: true },
            coupon_mode: NewsletterCouponMode.CLAIM_LINK,
            promotion_id: "promo_123",
          })

          const newsletter = await service.retrieveNewsletter(created.id)
          expect(newsletter.audience).toEqual({ prefectures: ["東京都", "大阪府"], has_ordered: true })
          expect(newsletter.coupon_mode).toBe("claim_link")
          expect(newsletter.promotion_id).toBe("promo_123")
        })

        it("should refuse a status outside the nine statuses", async () => {
          const error = await createNewsletter(service, { status: "archived" }).catch((e) => e)
          expect(error.constructor.name).toBe("CheckConstraintViolationException")
          expect(error.message).toContain(
            'new row for relation "newsletter" violates check constraint "newsletter_status_check"'
          )
          expect(await service.listNewsletters()).toEqual([])
        })
      })

      describe("categories", () => {
        it("should store the sending window and list the category's newsletters", async () => {
          const category = await createCategory(service)
          const first = await createNewsletter(service, {
            subject: "12月のセール",
            category_id: category.id,
          })
          const second = await createNewsletter(service, {
            subject: "1月のセール",
            category_id: category.id,
          })
          await createNewsletter(service, { subject: "カテゴリなし" })

          const retrieved = await service.retrieveNewsletterCategory(category.id, {
            relations: ["newsletters"],
          })
          expect(retrieved.id).toMatch(/^nlcat_/)
          expect(retrieved).toEqual(
            expect.objectContaining({
              name: "セール情報",
              description: "セールとクーポンのお知らせ",
              window_start: "09:00",
              window_end: "21:00",
            })
          )
          expect(retrieved.newsletters.map((n) => n.id).sort()).toEqual(
            [first.id, second.id].sort()
          )
          expect(retrieved.newsletters.map((n) => n.subject).sort()).toEqual(
            ["12月のセール", "1月のセール"].sort()
          )
        })

        it("should let a newsletter read its category", async () => {
          const category = await createCategory(service, { window_start: null, window_end: null })
          const created = await createNewsletter(service, { category_id: category.id })

          const newsletter = await service.retrieveNewsletter(created.id, {
            relations: ["category"],
          })
          expect(newsletter.category).toEqual(
            expect.objectContaining({
              id: category.id,
              name: "セール情報",
              window_start: null,
              window_end: null,
            })
          )
        })
      })

      describe("transitionNewsletter", () => {
        it("should move a draft to scheduled and return the row as it was before", async () => {
          const created = await createNewsletter(service)

          const before = await service.transitionNewsletter({
            id: created.id,
            to: NewsletterStatus.SCHEDULED,
          })

          expect(before).toEqual(
            expect.objectContaining({
              id: created.id,
              status: "draft",
              subject: "冬のセールのお知らせ",
              started_at: null,
              total_count: 0,
            })
          )
          const after = await service.retrieveNewsletter(created.id)
          expect(after.status).toBe("scheduled")
          expect(after.updated_at.getTime()).toBeGreaterThanOrEqual(
            new Date(created.updated_at).getTime()
          )
        })

        it("should write the extra columns in the same update", async () => {
          const created = await createNewsletter(service)
          await service.transitionNewsletter({ id: created.id, to: NewsletterStatus.SCHEDULED })

          const before = await service.transitionNewsletter({
            id: created.id,
            to: NewsletterStatus.SENDING,
            data: {
              started_at: new Date("2026-12-01T01:00:05.000Z"),
              total_count: 120,
              unsent_count: 120,
              status_reason: null,
            },
          })

          expect(before).toEqual(
            expect.objectContaining({
              id: created.id,
              status: "scheduled",
              started_at: null,
              total_count: 0,
              unsent_count: 0,
            })
          )
          const after = await service.retrieveNewsletter(created.id)
          expect(after).toEqual(
            expect.objectContaining({
              status: "sending",
              started_at: new Date("2026-12-01T01:00:05.000Z"),
              total_count: 120,
              unsent_count: 120,
              status_reason: null,
            })
          )
        })

        it("should write an object value as JSON", async () => {
          const created = await createNewsletter(service, { status: NewsletterStatus.SCHEDULED })

          await service.transitionNewsletter({
            id: created.id,
            to: NewsletterStatus.DRAFT,
            data: { audience: { prefectures: ["北海道"] } },
          })

          const after = await service.retrieveNewsletter(created.id)
          expect(after.status).toBe("draft")
          expect(after.audience).toEqual({ prefectures: ["北海道"] })
        })

        it("should refuse an illegal move with the exact message and leave the row unchanged", async () => {
          const created = await createNewsletter(service)

          const error = await service
            .transitionNewsletter({
              id: created.id,
              to: NewsletterStatus.SENT,
              data: { finished_at: new Date("2026-12-01T02:00:00.000Z") },
            })
            .catch((e) => e)

          expect(error).toBeInstanceOf(MedusaError)
          expect(error.type).toBe("conflict")
          expect(error.message).toBe(
            `Newsletter "${created.id}" changed meanwhile: it is now draft, so it can't be marked sent`
          )
          const after = await service.retrieveNewsletter(created.id)
          expect(after.status).toBe("draft")
          expect(after.finished_at).toBeNull()
          expect(after.updated_at).toEqual(created.updated_at)
        })

        it("should refuse to cancel a newsletter being sent with a conflict", async () => {
          const created = await createNewsletter(service, { status: NewsletterStatus.SENDING })

          const error = await service
            .transitionNewsletter({ id: created.id, to: NewsletterStatus.CANCELLED })
            .catch((e) => e)

          expect(error.type).toBe("conflict")
          expect(error.message).toBe(
            `Sending of newsletter "${created.id}" has already started (status: sending); it can no longer be cancelled`
          )
          expect((await service.retrieveNewsletter(created.id)).status).toBe("sending")
        })

        it("should refuse a second, identical move (only one racer wins)", async () => {
          const created = await createNewsletter(service, { status: NewsletterStatus.SCHEDULED })
          await service.transitionNewsletter({ id: created.id, to: NewsletterStatus.SENDING })

          const error = await service
            .transitionNewsletter({ id: created.id, to: NewsletterStatus.SENDING })
            .catch((e) => e)

          expect(error.type).toBe("conflict")
          expect(error.message).toBe(
            `Newsletter "${created.id}" changed meanwhile: it is now sending, so it can't be started`
          )
        })

        it("should let only one of two concurrent moves win", async () => {
          const created = await createNewsletter(service, { status: NewsletterStatus.SCHEDULED })

          const results = await Promise.allSettled([
            service.transitionNewsletter({ id: created.id, to: NewsletterStatus.SENDING }),
            service.transitionNewsletter({ id: created.id, to: NewsletterStatus.SENDING }),
          ])

          expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"])
          const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult
          expect(rejected.reason.message).toBe(
            `Newsletter "${created.id}" changed meanwhile: it is now sending, so it can't be started`
          )
          expect((await service.retrieveNewsletter(created.id)).status).toBe("sending")
        })

        it("should say an unknown newsletter was not found", async () => {
          const error = await service
            .transitionNewsletter({ id: "nl_missing", to: NewsletterStatus.SCHEDULED })
            .catch((e) => e)

          expect(error).toBeInstanceOf(MedusaError)
          expect(error.type).toBe("not_found")
          expect(error.message).toBe('Newsletter with id "nl_missing" was not found')
        })

        it("should say a deleted newsletter was not found", async () => {
          const created = await createNewsletter(service)
          await service.softDeleteNewsletters([created.id])

          const error = await service
            .transitionNewsletter({ id: created.id, to: NewsletterStatus.SCHEDULED })
            .catch((e) => e)

          expect(error.type).toBe("not_found")
          expect(error.message).toBe(`Newsletter with id "${created.id}" was not found`)
        })

        it("should refuse a data key that is not a plain column name and change nothing", async () => {
          const created = await createNewsletter(service)

          const error = await service
            .transitionNewsletter({
              id: created.id,
              to: NewsletterStatus.SCHEDULED,
              data: { 'status" = \'sent\' --': "x" },
            })
            .catch((e) => e)

          expect(error.type).toBe("invalid_argument")
          expect(error.message).toBe("Not a column name: status\" = 'sent' --")
          expect((await service.retrieveNewsletter(created.id)).status).toBe("draft")
        })
      })

      describe("recipients", () => {
        it("should create recipients as pending, in order", async () => {
          const newsletter = await createNewsletter(service)
          await createRecipients(service, newsletter.id, ["taro@example.jp", "hanako@example.jp"])

          const recipients = await service.listNewsletterRecipients(
            { newsletter_id: newsletter.id },
            { order: { position: "ASC" } }
          )
          expect(recipients).toEqual([
            expect.objectContaining({
              position: 1,
              email: "taro@example.jp",
              status: NewsletterRecipientStatus.PENDING,
              provider_message_id: null,
              error_type: null,
              attempted_at: null,
            }),
            expect.objectContaining({
              position: 2,
              email: "hanako@example.jp",
              status: NewsletterRecipientStatus.PENDING,
            }),
          ])
          expect(recipients[0].id).toMatch(/^nlrcp_/)
        })

        it("should refuse a second recipient with the same address for one article", async () => {
          const newsletter = await createNewsletter(service)
          await createRecipients(service, newsletter.id, ["taro@example.jp"])

          const error = await service
            .createNewsletterRecipients({
              newsletter_id: newsletter.id,
              position: 2,
              email: "taro@example.jp",
            })
            .catch((e) => e)

          expect(error).toBeInstanceOf(MedusaError)
          expect(error.type).toBe("invalid_data")
          expect(error.message).toBe(
            `Newsletter recipient with newsletter_id: ${newsletter.id}, email: taro@example.jp, already exists.`
          )
          expect(await service.listNewsletterRecipients({ newsletter_id: newsletter.id })).toHaveLength(1)
        })

        it("should refuse a second recipient at the same position of one article", async () => {
          const newsletter = await createNewsletter(service)
          await createRecipients(service, newsletter.id, ["taro@example.jp"])

          const error = await service
            .createNewsletterRecipients({
              newsletter_id: newsletter.id,
              position: 1,
              email: "hanako@example.jp",
            })
            .catch((e) => e)

          expect(error).toBeInstanceOf(MedusaError)
          expect(error.type).toBe("invalid_data")
          // Medusa's error mapper keeps Postgres' quotes around the reserved word "position".
          expect(error.message).toBe(
            `Newsletter recipient with newsletter_id: ${newsletter.id}, "position": 1, already exists.`
          )
          expect(
            (await service.listNewsletterRecipients({ newsletter_id: newsletter.id })).map((r) => r.email)
          ).toEqual(["taro@example.jp"])
        })

        it("should allow the same address in two articles", async () => {
          const first = await createNewsletter(service)
          const second = await createNewsletter(service)
          await createRecipients(service, first.id, ["taro@example.jp"])
          await createRecipients(service, second.id, ["taro@example.jp"])

          const [, count] = await service.listAndCountNewsletterRecipients({
            email: "taro@example.jp",
          })
          expect(count).toBe(2)
        })

        it("should allow an address again once its recipient row is deleted", async () => {
          const newsletter = await createNewsletter(service)
          const [recipient] = await createRecipients(service, newsletter.id, ["taro@example.jp"])
          await service.softDeleteNewsletterRecipients([recipient.id])

          const again = await service.createNewsletterRecipients({
            newsletter_id: newsletter.id,
            position: 1,
            email: "taro@example.jp",
          })

          expect(again.id).not.toBe(recipient.id)
          expect(
            (await service.listNewsletterRecipients({ newsletter_id: newsletter.id })).map((r) => r.id)
          ).toEqual([again.id])
        })
      })

      describe("soft-deleting a newsletter", () => {
        it("should soft-delete its recipients too", async () => {
          const newsletter = await createNewsletter(service)
          const other = await createNewsletter(service)
          await createRecipients(service, newsletter.id, ["taro@example.jp", "hanako@example.jp"])
          await createRecipients(service, other.id, ["jiro@example.jp"])

          await service.softDeleteNewsletters([newsletter.id])

          expect(await service.listNewsletters({ id: newsletter.id })).toEqual([])
          expect(await service.listNewsletterRecipients({ newsletter_id: newsletter.id })).toEqual([])
          const deleted = await service.listNewsletterRecipients(
            { newsletter_id: newsletter.id },
            { withDeleted: true }
          )
          expect(deleted).toHaveLength(2)
          deleted.forEach((r) => expect(r.deleted_at).toBeInstanceOf(Date))
          expect(
            (await service.listNewsletterRecipients({ newsletter_id: other.id })).map((r) => r.email)
          ).toEqual(["jiro@example.jp"])
        })

        it("should bring the recipients back on restore", async () => {
          const newsletter = await createNewsletter(service)
          await createRecipients(service, newsletter.id, ["taro@example.jp", "hanako@example.jp"])
          await service.softDeleteNewsletters([newsletter.id])

          await service.restoreNewsletters([newsletter.id])

          expect((await service.retrieveNewsletter(newsletter.id)).deleted_at).toBeNull()
          const recipients = await service.listNewsletterRecipients(
            { newsletter_id: newsletter.id },
            { order: { position: "ASC" } }
          )
          expect(recipients.map((r) => r.email)).toEqual(["taro@example.jp", "hanako@example.jp"])
        })
      })

      describe("email helpers in SQL", () => {
        // Snapshots normalize and check addresses in SQL; they must agree with the JS helpers.
        const addresses = [
          "taro@example.jp",
          "  Taro.Yamada+News@Example.CO.JP  ",
          "\ttaro@example.jp\n",
          "\u3000Hanako@Example.jp\u3000",
          "\u00a0jiro@example.jp\r\n",
          "\u2003\ufeffsaburo@example.jp\u2028",
          "HANAKO@EXAMPLE.JP",
          "山田@例え.日本",
          "taro",
          "taro@example",
          "@example.jp",
          "taro@@example.jp",
          "taro yamada@example.jp",
        ]

        it("should normalize and validate every address the way the JS helpers do", async () => {
          const rows = await MikroOrmWrapper.forkManager().execute(
            `SELECT ${normalizedEmailSql("a.email")} AS normalized,
                    ${normalizedEmailSql("a.email")} ~ ? AS valid
             FROM (VALUES ${addresses.map((_, i) => `(?::text, ${i})`).join(", ")}) AS a(email, n)
             ORDER BY a.n`,
            [VALID_EMAIL_SQL_PATTERN, ...addresses]
          )

          expect(rows).toEqual(
            addresses.map((a) => ({
              normalized: normalizeEmail(a),
              valid: isValidEmail(normalizeEmail(a)),
            }))
          )
          expect(rows.map((r) => r.valid)).toEqual([
            true,
            true,
            true,
            true,
            true,
            true,
            true,
            true,
            false,
            false,
            false,
            false,
            false,
          ])
        })
      })

      describe("subscriptions", () => {
        it("should create a subscription with no transient errors", async () => {
          const created = await createSubscription(service, { customer_id: "cus_1" })

          const subscription = await service.retrieveNewsletterSubscription(created.id)
          expect(subscription.id).toMatch(/^nlsub_/)
          expect(subscription).toEqual(
            expect.objectContaining({
              email: "taro@example.jp",
              customer_id: "cus_1",
              status: "subscribed",
              transient_error_count: 0,
            })
          )
        })

        it("should refuse a second subscription for the same address", async () => {
          await createSubscription(service)

          const error = await createSubscription(service, {
            status: NewsletterSubscriptionStatus.UNSUBSCRIBED,
          }).catch((e) => e)

          expect(error).toBeInstanceOf(MedusaError)
          expect(error.type).toBe("invalid_data")
          expect(error.message).toBe(
            "Newsletter subscription with email: taro@example.jp, already exists."
          )
          const subscriptions = await service.listNewsletterSubscriptions({ email: "taro@example.jp" })
          expect(subscriptions.map((s) => s.status)).toEqual(["subscribed"])
        })

        it("should allow the address again once its subscription is deleted", async () => {
          const first = await createSubscription(service)
          await service.softDeleteNewsletterSubscriptions([first.id])

          const second = await createSubscription(service, {
            status: NewsletterSubscriptionStatus.UNSUBSCRIBED,
          })

          const subscriptions = await service.listNewsletterSubscriptions({ email: "taro@example.jp" })
          expect(subscriptions.map((s) => [s.id, s.status])).toEqual([[second.id, "unsubscribed"]])
        })

        it("should list a subscription's events, oldest first", async () => {
          const subscription = await createSubscription(service)
          const other = await createSubscription(service, { email: "hanako@example.jp" })
          await service.createNewsletterSubscriptionEvents({
            ...defaultSubscriptionEventData,
            subscription_id: subscription.id,
          })
          await service.createNewsletterSubscriptionEvents({
            subscription_id: subscription.id,
            from_status: NewsletterSubscriptionStatus.SUBSCRIBED,
            to_status: NewsletterSubscriptionStatus.CLEANED,
            source: NewsletterSubscriptionSource.BOUNCE,
            reason: "550 5.1.1 user unknown",
            newsletter_id: "nl_1",
          })
          await service.createNewsletterSubscriptionEvents({
            ...defaultSubscriptionEventData,
            subscription_id: other.id,
          })

          const events = await service.listNewsletterSubscriptionEvents(
            { subscription_id: subscription.id },
            { order: { created_at: "ASC" } }
          )
          expect(events).toEqual([
            expect.objectContaining({
              subscription_id: subscription.id,
              from_status: null,
              to_status: "subscribed",
              source: "storefront",
              reason: null,
              newsletter_id: null,
              actor_id: null,
            }),
            expect.objectContaining({
              subscription_id: subscription.id,
              from_status: "subscribed",
              to_status: "cleaned",
              source: "bounce",
              reason: "550 5.1.1 user unknown",
              newsletter_id: "nl_1",
            }),
          ])
          expect(events[0].id).toMatch(/^nlsubev_/)

          const withEvents = await service.retrieveNewsletterSubscription(subscription.id, {
            relations: ["events"],
          })
          expect(withEvents.events.map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort())
        })

        it("should soft-delete the events with their subscription", async () => {
          const subscription = await createSubscription(service)
          await service.createNewsletterSubscriptionEvents({
            ...defaultSubscriptionEventData,
            subscription_id: subscription.id,
          })

          await service.softDeleteNewsletterSubscriptions([subscription.id])

          expect(
            await service.listNewsletterSubscriptionEvents({ subscription_id: subscription.id })
          ).toEqual([])
          expect(
            await service.listNewsletterSubscriptionEvents(
              { subscription_id: subscription.id },
              { withDeleted: true }
            )
          ).toHaveLength(1)
        })
      })
    })
  },
})

describe("Loading the newsletter module with invalid options", () => {
  afterEach(() => {
    MedusaModule.clearInstances()
  })

  it("should fail naming every wrong option", async () => {
    const dbConfig = {
      clientUrl: `postgres://${process.env.DB_USERNAME ?? "postgres"}:${
        process.env.DB_PASSWORD ?? ""
      }@${process.env.DB_HOST ?? "localhost"}:${process.env.DB_PORT ?? "5432"}/postgres`,
      schema: "public",
    }
    const connection = ModulesSdkUtils.createPgConnection(dbConfig)

    try {
      const error = await initModules({
        injectedDependencies: {
          [ContainerRegistrationKeys.PG_CONNECTION]: connection,
          [ContainerRegistrationKeys.LOGGER]: console,
        },
        modulesConfig: {
          [NEWSLETTER_MODULE]: {
            resolve: "./src/modules/newsletter",
            options: { database: dbConfig, timezone: "Mars/Base" },
          },
        },
        databaseConfig: dbConfig,
        preventConnectionDestroyWarning: true,
      }).catch((e) => e)

      expect(error).toBeInstanceOf(MedusaError)
      expect(error.type).toBe("invalid_argument")
      expect(error.message).toBe(
        'medusa-plugin-newsletter: invalid plugin options: timezone must be an IANA time zone such as "Asia/Tokyo"; sender is required'
      )
    } finally {
      await connection.destroy()
    }
  })
})
