import { MedusaError } from "@medusajs/framework/utils"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import {
  createNewsletter,
  createRecipients,
  createSubscription,
  moduleSuite,
} from "../__fixtures__"
import NewsletterModuleService from "../service"
import { NewsletterStatus, NewsletterSubscriptionStatus } from "../types"

jest.setTimeout(60 * 1000)

const S = NewsletterStatus

moduleIntegrationTestRunner<NewsletterModuleService>({
  ...moduleSuite,
  testSuite: ({ MikroOrmWrapper, service }) => {
    const sql = (text: string, params: unknown[] = []) => MikroOrmWrapper.forkManager().execute(text, params)

    const stored = async (id: string) => (await service.listNewsletters({ id }))[0]
    const liveRecipients = async (id: string) =>
      (await service.listNewsletterRecipients({ newsletter_id: id }, { order: { position: "ASC" } })).map(
        (r) => r.email
      )
    // Every recipient row of an article, soft-deleted ones included (this connection returns
    // timestamps as text: read as dates).
    const allRecipientRows = async (id: string) =>
      (
        (await sql(
          `SELECT "email", "deleted_at" FROM "newsletter_recipient" WHERE "newsletter_id" = ? ORDER BY "position"`,
          [id]
        )) as Array<{ email: string; deleted_at: string | null }>
      ).map((r) => ({ email: r.email, deleted_at: r.deleted_at && new Date(r.deleted_at) }))

    /** Marks a recipient as dropped by an earlier change, on 2026-11-01. */
    const dropEarlier = (recipientId: string) =>
      sql(`UPDATE "newsletter_recipient" SET "deleted_at" = '2026-11-01T00:00:00Z' WHERE "id" = ?`, [recipientId])

    /**
     * A reserved article (audience 山田) with hanako and taro in its snapshot, and old@example.jp
     * dropped by an earlier change of audience: a later drop or restore must leave that one alone.
     */
    const reservedWithEarlierDrop = async () => {
      const created = await createNewsletter(service, {
        status: S.SCHEDULED,
        audience: { q: "山田" },
        total_count: 2,
        unsent_count: 2,
      })
      const [, , earlier] = await createRecipients(service, created.id, [
        "hanako@example.jp",
        "taro@example.jp",
        "old@example.jp",
      ])
      await dropEarlier(earlier.id)
      return created
    }

    /**
     * Runs `change` in another transaction that holds the article's row locked until the call
     * `racer` starts is waiting for it, then commits: the racer's statement then sees the
     * committed change, exactly like a request losing a race. Returns the racer's outcome.
     */
    async function raceAgainst<T>(id: string, change: string, params: unknown[], racer: () => Promise<T>) {
      let outcome: Promise<T | unknown> = Promise.resolve()
      await MikroOrmWrapper.forkManager().transactional(async (em) => {
        await em.execute(`UPDATE "newsletter" SET ${change} WHERE "id" = ?`, [...params, id])
        outcome = racer().catch((e) => e)
        for (let i = 0; i < 200; i++) {
          const [waiting] = await sql(
            `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'`
          )
          if (waiting.n > 0) {
            return
          }
          await new Promise((resolve) => setTimeout(resolve, 10))
        }
        throw new Error("the racer never waited for the row")
      })
      return await outcome
    }

    describe("transitionNewsletter", () => {
      it("should move an article and return its row as it was just before", async () => {
        const created = await createNewsletter(service, { status: S.SCHEDULED })

        const before = await service.transitionNewsletter({
          id: created.id,
          to: S.CANCELLED,
          data: { cancelled_at: new Date("2026-11-30T10:00:00.000Z") },
        })

        expect(before).toEqual(
          expect.objectContaining({ id: created.id, status: "scheduled", cancelled_at: null })
        )
        expect(before.updated_at).toEqual(created.updated_at)
        const after = await stored(created.id)
        expect([after.status, after.cancelled_at]).toEqual(["cancelled", new Date("2026-11-30T10:00:00.000Z")])
        expect(after.updated_at.getTime()).toBeGreaterThan(new Date(created.updated_at).getTime())
      })

      it("should write the extra columns in the same statement, objects as JSON", async () => {
        const created = await createNewsletter(service, { status: S.SCHEDULED })

        await service.transitionNewsletter({
          id: created.id,
          to: S.DRAFT,
          data: { audience: { q: "佐藤" }, total_count: 0, status_reason: null },
        })

        const after = await stored(created.id)
        expect([after.status, after.audience, after.total_count]).toEqual(["draft", { q: "佐藤" }, 0])
      })

      it("should refuse a move the table doesn't allow with a conflict naming the status, and change nothing", async () => {
        const created = await createNewsletter(service)

        const error = await service
          .transitionNewsletter({ id: created.id, to: S.SENT, data: { finished_at: new Date() } })
          .catch((e) => e)

        expect(error).toBeInstanceOf(MedusaError)
        expect(error.type).toBe("conflict")
        expect(error.message).toBe(`Newsletter "${created.id}" changed meanwhile: it is now draft, so it can't be marked sent`)
        const after = await stored(created.id)
        expect([after.status, after.finished_at, after.updated_at]).toEqual(["draft", null, created.updated_at])
      })

      it("should refuse scheduled → failed (no path uses it)", async () => {
        const created = await createNewsletter(service, { status: S.SCHEDULED })

        const error = await service.transitionNewsletter({ id: created.id, to: S.FAILED }).catch((e) => e)

        expect([error.type, error.message]).toEqual([
          "conflict",
          `Newsletter "${created.id}" changed meanwhile: it is now scheduled, so it can't be marked failed`,
        ])
      })

      it("should refuse to cancel an article being sent, saying sending started", async () => {
        const created = await createNewsletter(service, { status: S.SENDING })

        const error = await service.transitionNewsletter({ id: created.id, to: S.CANCELLED }).catch((e) => e)

        expect([error.type, error.message]).toEqual([
          "conflict",
          `Sending of newsletter "${created.id}" has already started (status: sending); it can no longer be cancelled`,
        ])
        expect((await stored(created.id)).status).toBe("sending")
      })

      it("should let only one of ten concurrent identical moves win", async () => {
        const created = await createNewsletter(service, { status: S.SCHEDULED })

        const results = await Promise.allSettled(
          Array.from({ length: 10 }, () => service.transitionNewsletter({ id: created.id, to: S.SENDING }))
        )

        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1)
        const messages = results
          .filter((r): r is PromiseRejectedResult => r.status === "rejected")
          .map((r) => [r.reason.type, r.reason.message])
        expect(messages).toEqual(
          Array(9).fill([
            "conflict",
            `Newsletter "${created.id}" changed meanwhile: it is now sending, so it can't be started`,
          ])
        )
      })

      it("should lose a race it was waiting on and say what the status became", async () => {
        const created = await createNewsletter(service, { status: S.SCHEDULED })

        const outcome = (await raceAgainst(created.id, `"status" = ?`, [S.SENDING], () =>
          service.transitionNewsletter({ id: created.id, to: S.CANCELLED, data: { cancelled_at: new Date() } })
        )) as MedusaError

        expect([outcome.type, outcome.message]).toEqual([
          "conflict",
          `Sending of newsletter "${created.id}" has already started (status: sending); it can no longer be cancelled`,
        ])
        const after = await stored(created.id)
        expect([after.status, after.cancelled_at]).toEqual(["sending", null])
      })

      it("should say an unknown or deleted article was not found", async () => {
        const deleted = await createNewsletter(service)
        await service.softDeleteNewsletters([deleted.id])

        for (const id of ["nl_missing", deleted.id]) {
          const error = await service.transitionNewsletter({ id, to: S.SCHEDULED }).catch((e) => e)
          expect([error.type, error.message]).toEqual(["not_found", `Newsletter with id "${id}" was not found`])
        }
      })

      it("should refuse a data key that is not a plain column name and change nothing", async () => {
        const created = await createNewsletter(service)

        const error = await service
          .transitionNewsletter({ id: created.id, to: S.SCHEDULED, data: { 'status" = \'sent\' --': "x" } })
          .catch((e) => e)

        expect([error.type, error.message]).toEqual(["invalid_argument", "Not a column name: status\" = 'sent' --"])
        expect((await stored(created.id)).status).toBe("draft")
      })
    })

    describe("revertNewsletterTransition", () => {
      it("should put back the status and stamp while the article still has the status the move left", async () => {
        const created = await createNewsletter(service, { status: S.SCHEDULED })
        await service.transitionNewsletter({ id: created.id, to: S.CANCELLED, data: { cancelled_at: new Date() } })

        const reverted = await service.revertNewsletterTransition({
          id: created.id,
          from: S.CANCELLED,
          restore: { status: S.SCHEDULED, cancelled_at: null },
        })

        expect(reverted).toBe(true)
        const after = await stored(created.id)
        expect([after.status, after.cancelled_at]).toEqual(["scheduled", null])
      })

      it("should leave an article that moved on since as it is", async () => {
        const created = await createNewsletter(service, { status: S.SENDING })

        const reverted = await service.revertNewsletterTransition({
          id: created.id,
          from: S.CANCELLED,
          restore: { status: S.SCHEDULED, cancelled_at: null },
        })

        expect(reverted).toBe(false)
        expect((await stored(created.id)).status).toBe("sending")
      })
    })

    describe("updateNewsletterGuarded", () => {
      it("should write the edited fields of a draft and return the row before and after", async () => {
        const created = await createNewsletter(service)

        const result = await service.updateNewsletterGuarded({
          id: created.id,
          data: { subject: "件名を変更", scheduled_at: "2026-12-02T01:00:00.000Z", body: undefined },
          expected: { status: S.DRAFT },
        })

        expect(result.previous).toEqual(expect.objectContaining({ subject: "冬のセールのお知らせ", status: "draft" }))
        expect(result.newsletter).toEqual(
          expect.objectContaining({ id: created.id, subject: "件名を変更", body: created.body, status: "draft" })
        )
        expect([result.dropped, result.dropped_at]).toEqual([0, null])
        const after = await stored(created.id)
        expect([after.subject, after.body, after.scheduled_at]).toEqual([
          "件名を変更",
          created.body,
          new Date("2026-12-02T01:00:00.000Z"),
        ])
        expect(after.updated_at.getTime()).toBeGreaterThan(new Date(created.updated_at).getTime())
      })

      it("should keep the snapshot of a scheduled article when only its content changes", async () => {
        const created = await createNewsletter(service, { status: S.SCHEDULED, total_count: 2, unsent_count: 2 })
        await createRecipients(service, created.id, ["hanako@example.jp", "taro@example.jp"])

        await service.updateNewsletterGuarded({
          id: created.id,
          data: { body: "本文を修正しました" },
          expected: { status: S.SCHEDULED },
        })

        const after = await stored(created.id)
        expect([after.status, after.body, after.total_count, after.unsent_count]).toEqual([
          "scheduled",
          "本文を修正しました",
          2,
          2,
        ])
        expect(await liveRecipients(created.id)).toEqual(["hanako@example.jp", "taro@example.jp"])
      })

      it("should send a scheduled article whose audience changes back to draft, dropping exactly its snapshot", async () => {
        const created = await reservedWithEarlierDrop()

        const result = await service.updateNewsletterGuarded({
          id: created.id,
          data: { audience: { q: "佐藤" } },
          expected: { status: S.SCHEDULED, audience: { q: "山田" } },
          drop_snapshot: true,
        })

        expect(result.dropped).toBe(2)
        expect(result.dropped_at).toBeInstanceOf(Date)
        const after = await stored(created.id)
        expect([after.status, after.audience, after.total_count, after.unsent_count]).toEqual([
          "draft",
          { q: "佐藤" },
          0,
          0,
        ])
        expect(await liveRecipients(created.id)).toEqual([])
        expect((await allRecipientRows(created.id)).map((r) => [r.email, r.deleted_at])).toEqual([
          ["hanako@example.jp", result.dropped_at],
          ["taro@example.jp", result.dropped_at],
          ["old@example.jp", new Date("2026-11-01T00:00:00Z")],
        ])
      })

      it.each([
        [S.SENDING, S.SCHEDULED],
        [S.SENT, S.SCHEDULED],
        [S.SCHEDULED, S.DRAFT],
        [S.CANCELLED, S.DRAFT],
      ])("should refuse to edit a %s article (validated as %s) with a conflict and change nothing", async (status, seen) => {
        const created = await createNewsletter(service, { status })

        const error = await service
          .updateNewsletterGuarded({ id: created.id, data: { subject: "x" }, expected: { status: seen } })
          .catch((e) => e)

        expect([error.type, error.message]).toEqual([
          "conflict",
          [S.SENDING, S.SENT].includes(status)
            ? `Sending of newsletter "${created.id}" has already started (status: ${status}); it can no longer be edited`
            : `Newsletter "${created.id}" changed meanwhile: it is now ${status}, so it can't be edited`,
        ])
        const after = await stored(created.id)
        expect([after.subject, after.updated_at]).toEqual(["冬のセールのお知らせ", created.updated_at])
      })

      it("should refuse when the audience the caller compared changed meanwhile", async () => {
        const created = await createNewsletter(service, { status: S.SCHEDULED, audience: { q: "鈴木" } })

        const error = await service
          .updateNewsletterGuarded({
            id: created.id,
            data: { audience: { q: "山田" } },
            expected: { status: S.SCHEDULED, audience: { q: "佐藤" } },
            drop_snapshot: true,
          })
          .catch((e) => e)

        expect([error.type, error.message]).toEqual([
          "conflict",
          `Newsletter "${created.id}" changed meanwhile: it is now scheduled, so it can't be edited`,
        ])
        expect((await stored(created.id)).audience).toEqual({ q: "鈴木" })
      })

      it("should never drop the snapshot of a draft", async () => {
        const created = await createNewsletter(service)

        const error = await service
          .updateNewsletterGuarded({ id: created.id, data: { audience: { q: "佐藤" } }, drop_snapshot: true })
          .catch((e) => e)

        expect([error.type, error.message]).toEqual([
          "conflict",
          `Newsletter "${created.id}" changed meanwhile: it is now draft, so it can't be edited`,
        ])
      })

      it("should lose a race against the claim: 409 naming the status, nothing written", async () => {
        const created = await createNewsletter(service, { status: S.SCHEDULED })

        const outcome = (await raceAgainst(created.id, `"status" = ?`, [S.SENDING], () =>
          service.updateNewsletterGuarded({
            id: created.id,
            data: { subject: "遅すぎた件名" },
            expected: { status: S.SCHEDULED },
          })
        )) as MedusaError

        expect([outcome.type, outcome.message]).toEqual([
          "conflict",
          `Sending of newsletter "${created.id}" has already started (status: sending); it can no longer be edited`,
        ])
        const after = await stored(created.id)
        expect([after.status, after.subject]).toEqual(["sending", "冬のセールのお知らせ"])
      })

      it("should refuse a column that an edit may not write", async () => {
        const created = await createNewsletter(service)

        const error = await service
          .updateNewsletterGuarded({ id: created.id, data: { status: S.SENT } as any })
          .catch((e) => e)

        expect([error.type, error.message]).toEqual(["invalid_argument", "Not an editable column: status"])
        expect((await stored(created.id)).status).toBe("draft")
      })

      it("should say an unknown article was not found", async () => {
        const error = await service
          .updateNewsletterGuarded({ id: "nl_missing", data: { subject: "x" } })
          .catch((e) => e)
        expect([error.type, error.message]).toEqual(["not_found", 'Newsletter with id "nl_missing" was not found'])
      })
    })

    describe("restoreNewsletterEdit", () => {
      it("should put back the fields, the status, the counters and exactly the dropped recipients", async () => {
        const created = await reservedWithEarlierDrop()
        const edit = await service.updateNewsletterGuarded({
          id: created.id,
          data: { audience: { q: "佐藤" }, subject: "新しい件名" },
          drop_snapshot: true,
        })

        const restored = await service.restoreNewsletterEdit({
          id: created.id,
          from: S.DRAFT,
          previous: {
            audience: edit.previous.audience,
            subject: edit.previous.subject,
            status: edit.previous.status,
            total_count: edit.previous.total_count,
            unsent_count: edit.previous.unsent_count,
          },
          dropped_at: edit.dropped_at,
        })

        expect(restored).toBe(true)
        const after = await stored(created.id)
        expect([after.status, after.audience, after.subject, after.total_count, after.unsent_count]).toEqual([
          "scheduled",
          { q: "山田" },
          "冬のセールのお知らせ",
          2,
          2,
        ])
        expect(await liveRecipients(created.id)).toEqual(["hanako@example.jp", "taro@example.jp"])
      })

      it("should leave an article that moved on since as it is", async () => {
        const created = await createNewsletter(service, { status: S.SCHEDULED })
        const edit = await service.updateNewsletterGuarded({ id: created.id, data: { subject: "新しい件名" } })
        await service.transitionNewsletter({ id: created.id, to: S.SENDING })

        const restored = await service.restoreNewsletterEdit({
          id: created.id,
          from: S.SCHEDULED,
          previous: { subject: edit.previous.subject },
        })

        expect(restored).toBe(false)
        expect((await stored(created.id)).subject).toBe("新しい件名")
      })
    })

    describe("deleteNewslettersGuarded", () => {
      it("should soft-delete draft and cancelled articles with their recipients, and restore exactly those", async () => {
        const draft = await createNewsletter(service)
        const cancelled = await createNewsletter(service, { status: S.CANCELLED })
        const [, earlier] = await createRecipients(service, cancelled.id, ["taro@example.jp", "old@example.jp"])
        await dropEarlier(earlier.id)

        const deleted = await service.deleteNewslettersGuarded([draft.id, cancelled.id])

        expect(deleted.ids.sort()).toEqual([draft.id, cancelled.id].sort())
        expect(await service.listNewsletters({ id: [draft.id, cancelled.id] })).toEqual([])
        expect((await allRecipientRows(cancelled.id)).map((r) => [r.email, r.deleted_at])).toEqual([
          ["taro@example.jp", deleted.deleted_at],
          ["old@example.jp", new Date("2026-11-01T00:00:00Z")],
        ])

        const restored = await service.restoreDeletedNewsletters(deleted)

        expect(restored.sort()).toEqual([draft.id, cancelled.id].sort())
        expect(await service.listNewsletters({ id: [draft.id, cancelled.id] })).toHaveLength(2)
        expect(await liveRecipients(cancelled.id)).toEqual(["taro@example.jp"])
      })

      it("should delete nothing when one of the articles may not be deleted, naming its status", async () => {
        const draft = await createNewsletter(service)
        const scheduled = await createNewsletter(service, { status: S.SCHEDULED })
        await createRecipients(service, scheduled.id, ["taro@example.jp"])

        const error = await service.deleteNewslettersGuarded([draft.id, scheduled.id]).catch((e) => e)

        expect([error.type, error.message]).toEqual([
          "conflict",
          `Newsletter "${scheduled.id}" changed meanwhile: it is now scheduled, so it can't be deleted`,
        ])
        expect(await service.listNewsletters({ id: [draft.id, scheduled.id] })).toHaveLength(2)
        expect(await liveRecipients(scheduled.id)).toEqual(["taro@example.jp"])
      })

      it("should lose a race against a reservation", async () => {
        const draft = await createNewsletter(service)

        const outcome = (await raceAgainst(draft.id, `"status" = ?`, [S.SCHEDULED], () =>
          service.deleteNewslettersGuarded([draft.id])
        )) as MedusaError

        expect([outcome.type, outcome.message]).toEqual([
          "conflict",
          `Newsletter "${draft.id}" changed meanwhile: it is now scheduled, so it can't be deleted`,
        ])
        expect((await stored(draft.id)).status).toBe("scheduled")
      })

      it("should say an unknown article was not found", async () => {
        const error = await service.deleteNewslettersGuarded(["nl_missing"]).catch((e) => e)
        expect([error.type, error.message]).toEqual(["not_found", 'Newsletter with id "nl_missing" was not found'])
      })
    })

    describe("reserveNewsletter", () => {
      // The audience statement reads Medusa's customer table, which the module tier doesn't have:
      // a minimal stand-in with the columns the default audience reads.
      beforeEach(async () => {
        await sql(`CREATE TABLE "customer" (
          "id" text PRIMARY KEY, "email" text, "first_name" text, "last_name" text,
          "has_account" boolean NOT NULL DEFAULT false, "metadata" jsonb,
          "created_at" timestamptz NOT NULL DEFAULT now(), "updated_at" timestamptz NOT NULL DEFAULT now(),
          "deleted_at" timestamptz)`)
      })

      const customers = async (rows: Array<[string, string, string, boolean]>) => {
        for (const [id, email, last_name, has_account] of rows) {
          await sql(`INSERT INTO "customer" ("id", "email", "last_name", "has_account") VALUES (?, ?, ?, ?)`, [
            id,
            email,
            last_name,
            has_account,
          ])
        }
      }
      const now = new Date("2026-11-30T00:00:00.000Z")

      it("should snapshot the subscribed audience in email order and move the draft to scheduled", async () => {
        await customers([
          ["cus_taro", "Taro@Example.jp", "山田", true],
          ["cus_hanako", "hanako@example.jp", "佐藤", true],
          ["cus_hanako_guest", " HANAKO@example.jp", "ゲスト", false],
          ["cus_jiro", "jiro@example.jp", "鈴木", true],
          ["cus_bad", "not-an-address", "不正", true],
        ])
        await createSubscription(service, { email: "taro@example.jp" })
        await createSubscription(service, { email: "hanako@example.jp" })
        await createSubscription(service, { email: "jiro@example.jp", status: NewsletterSubscriptionStatus.UNSUBSCRIBED })
        const created = await createNewsletter(service, {
          status_reason: "前回の理由",
          status_reason_code: "paused_quota",
          status_reason_params: { provider_message: "daily_quota_exceeded: q" },
        })

        const reserved = await service.reserveNewsletter({ id: created.id, now })

        expect(reserved).toEqual({ id: created.id, recipient_count: 2 })
        const after = await stored(created.id)
        expect([
          after.status,
          after.status_reason,
          after.status_reason_code,
          after.status_reason_params,
          after.total_count,
          after.unsent_count,
        ]).toEqual(["scheduled", null, null, null, 2, 2])
        const rows = await service.listNewsletterRecipients({ newsletter_id: created.id }, { order: { position: "ASC" } })
        expect(rows.map((r) => [r.position, r.email, r.customer_id, r.last_name, r.status])).toEqual([
          [1, "hanako@example.jp", "cus_hanako", "佐藤", "pending"],
          [2, "taro@example.jp", "cus_taro", "山田", "pending"],
        ])
        rows.forEach((r) => expect(r.id).toMatch(/^nlrcp_[0-9a-f]{32}$/))
      })

      it("should refuse an article that is not a draft, naming its status", async () => {
        const created = await createNewsletter(service, { status: S.SCHEDULED })

        const error = await service.reserveNewsletter({ id: created.id, now }).catch((e) => e)

        expect([error.type, error.message]).toEqual([
          "not_allowed",
          `Newsletter "${created.id}" is scheduled and cannot be moved to scheduled`,
        ])
      })

      it("should check the lead time again", async () => {
        const created = await createNewsletter(service, { scheduled_at: new Date("2026-11-30T00:02:00.000Z") })

        const error = await service.reserveNewsletter({ id: created.id, now }).catch((e) => e)

        expect([error.type, error.message]).toEqual([
          "invalid_data",
          "scheduled_at must be at least 3 minutes from now (earliest: 2026-11-30 09:03 (Asia/Tokyo))",
        ])
        expect((await stored(created.id)).status).toBe("draft")
      })

      it("should refuse when nobody is subscribed and write nothing", async () => {
        await customers([["cus_jiro", "jiro@example.jp", "鈴木", true]])
        await createSubscription(service, { email: "jiro@example.jp", status: NewsletterSubscriptionStatus.CLEANED })
        const created = await createNewsletter(service)

        const error = await service.reserveNewsletter({ id: created.id, now }).catch((e) => e)

        expect([error.type, error.message]).toEqual([
          "invalid_data",
          "No subscribed customer matches this newsletter's audience; there is nobody to send it to",
        ])
        const after = await stored(created.id)
        expect([after.status, after.total_count, after.updated_at]).toEqual(["draft", 0, created.updated_at])
        expect(await allRecipientRows(created.id)).toEqual([])
      })

      it("should lose a race against another reservation and write nothing", async () => {
        await customers([["cus_taro", "taro@example.jp", "山田", true]])
        await createSubscription(service, { email: "taro@example.jp" })
        const created = await createNewsletter(service)

        const outcome = (await raceAgainst(created.id, `"status" = ?`, [S.SCHEDULED], () =>
          service.reserveNewsletter({ id: created.id, now })
        )) as MedusaError

        expect([outcome.type, outcome.message]).toEqual([
          "conflict",
          `Newsletter "${created.id}" changed meanwhile: it is now scheduled, so it can't be reserved`,
        ])
        expect(await allRecipientRows(created.id)).toEqual([])
      })

      it("should say an unknown article was not found", async () => {
        const error = await service.reserveNewsletter({ id: "nl_missing", now }).catch((e) => e)
        expect([error.type, error.message]).toEqual(["not_found", 'Newsletter with id "nl_missing" was not found'])
      })

      it("should be undone only while the article is still reserved", async () => {
        await customers([["cus_taro", "taro@example.jp", "山田", true]])
        await createSubscription(service, { email: "taro@example.jp" })
        const created = await createNewsletter(service)
        await service.reserveNewsletter({ id: created.id, now })

        expect(await service.unreserveNewsletter(created.id)).toBe(true)

        const after = await stored(created.id)
        expect([after.status, after.total_count, after.unsent_count]).toEqual(["draft", 0, 0])
        expect(await allRecipientRows(created.id)).toEqual([])
        expect(await service.unreserveNewsletter(created.id)).toBe(false)
      })
    })

    describe("listNewslettersToAggregate", () => {
      it("should list exactly the sent and aggregating articles, optionally of the given ids", async () => {
        const made = await Promise.all(
          Object.values(NewsletterStatus).map((status) => createNewsletter(service, { status }))
        )
        const idOf = (status: NewsletterStatus) => made.find((n) => n.status === status)!.id

        const all = await service.listNewslettersToAggregate()
        expect(all.map((a) => a.status).sort()).toEqual(["aggregating", "sent"])
        expect(all.find((a) => a.status === "sent")).toEqual({
          id: idOf(S.SENT),
          status: "sent",
          unsent_count: 0,
          awaiting_count: 0,
          counted_at: null,
          finished_at: null,
        })

        const some = await service.listNewslettersToAggregate({ ids: [idOf(S.SENT), idOf(S.DRAFT)] })
        expect(some.map((a) => a.id)).toEqual([idOf(S.SENT)])
      })
    })
  },
})
