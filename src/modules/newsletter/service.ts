import type { Context } from "@medusajs/framework/types"
import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import type { DeliveryEventInput, DeliveryEventOutcome } from "../../lib/webhooks/types"
import { parseAudience } from "../../lib/audience/schema"
import { readsPurchases } from "../../lib/audience/purchases"
import { audienceSql } from "../../lib/audience/sql"
import {
  missingSegmentIds,
  namedSegmentIds,
  savedSegments,
  segmentFilters,
  unknownSegmentsError,
} from "../../lib/audience/segments"
import { Newsletter } from "./models/newsletter"
import { NewsletterBatch } from "./models/newsletter-batch"
import { NewsletterCategory } from "./models/newsletter-category"
import { NewsletterCouponClaim } from "./models/newsletter-coupon-claim"
import { NewsletterDeliveryEffect } from "./models/newsletter-delivery-effect"
import { NewsletterLinkClick } from "./models/newsletter-link-click"
import { NewsletterPurchase } from "./models/newsletter-purchase"
import { NewsletterPurchaseSync } from "./models/newsletter-purchase-sync"
import { NewsletterRecipient } from "./models/newsletter-recipient"
import { NewsletterRateLimit } from "./models/newsletter-rate-limit"
import { NewsletterSegment } from "./models/newsletter-segment"
import { NewsletterSendSlot } from "./models/newsletter-send-slot"
import { NewsletterSignupRequest } from "./models/newsletter-signup-request"
import { NewsletterSubscription } from "./models/newsletter-subscription"
import { NewsletterSubscriptionEvent } from "./models/newsletter-subscription-event"
import { NewsletterWebhookEvent } from "./models/newsletter-webhook-event"
import { resolveNewsletterOptions, ResolvedNewsletterOptions } from "./options"
import * as DeliveryRepository from "./repositories/delivery"
import * as SegmentRepository from "./repositories/segment"
import * as DispatchRepository from "./repositories/dispatch"
import type {
  BatchClaim,
  BatchHolder,
  BatchResultRow,
  RecordBatchResult,
  ReleasedBatch,
  ResolvedAttention,
} from "./repositories/dispatch"
import {
  type AppliedDeliveryEffect,
  DELIVERY_EFFECTS_PER_CALL,
  type NewsletterLinkRow,
} from "./repositories/delivery"
import * as ExportRepository from "./repositories/exports"
import * as PurchaseRepository from "./repositories/purchase"
import type { PurchaseSyncResult } from "./repositories/purchase"
import { nextPurchaseWatermark } from "./utils/purchase-sync-rules"
import type { AudiencePreviewResult, ReadManager, ReadQuery } from "./repositories/exports"
import * as ImportRepository from "./repositories/import"
import type { ImportChunkResult, SubscriptionImportRevert } from "./repositories/import"
import * as SubscriptionRepository from "./repositories/subscription"
import * as SignupRepository from "./repositories/signup"
import type {
  SignupConfirmationInput,
  SignupConfirmationResult,
  SignupRequestInput,
  SignupRequestResult,
} from "./repositories/signup"
import * as SubscriptionEmailRepository from "./repositories/subscription-email"
import * as UnsubscribeFollowUpRepository from "./repositories/unsubscribe-follow-up"
import type {
  RecordedUnsubscribeReason,
  ResubscribeInput,
  UnsubscribeFollowUpView,
  UnsubscribeReasonCounts,
  UnsubscribeReasonInput,
} from "./repositories/unsubscribe-follow-up"
import type { CustomerEmailChangeInput, EmailChangeWrite } from "./repositories/subscription-email"
import * as DeliveryHealthRepository from "./repositories/delivery-health"
import type { DeliveryHealth } from "./repositories/delivery-health"
import type {
  ChangeSubscriptionInput,
  SubscriptionActionInput,
  SubscriptionActionResult,
  SubscriptionChangeResult,
  SubscriptionListFilter,
  SubscriptionListRow,
} from "./repositories/subscription"
import { sqlManager } from "./repositories/types"
import {
  NewsletterAttentionAction,
  NewsletterSendContext,
  NewsletterStatus,
  type SubscriptionImportRow,
} from "./types"
import type { AggregationFigures } from "./utils/delivery-rules"
import * as ArticleRepository from "./repositories/article"
import type { GuardedNewsletterEdit, NewsletterRow } from "./repositories/article"
import { briefErrorMessage } from "./utils/error-message"
import { NewsletterError } from "./errors"
import { assertActionAllowed } from "./utils/newsletter-status"
import { notFound } from "./utils/not-found"
import { type BoundedRead, READ_STATEMENT_TIMEOUT_MS } from "./utils/read-timeout"
import { assertLeadTime } from "./utils/schedule-rules"
import type { NewsletterStatusReason } from "./utils/status-reasons"

/** Options of the export iterators: the cursor's batch size and the statement timeout. */
export type ExportReadInput = { batch_size?: number; timeout_ms?: number }

const AUDIENCE_PREVIEW_READ: BoundedRead = {
  read: "audience_preview",
  what: "The audience preview",
  hint: "Narrow the conditions, or try again when the shop is less busy",
}
const CSV_EXPORT_READ: BoundedRead = { read: "csv_export", what: "The CSV export" }

// The shared context's manager is a fresh fork per call (@InjectManager): the bounded reads
// begin and end their own read-only transaction on it.
const readManager = (sharedContext: Context) => sharedContext.manager as unknown as ReadManager

export type TransitionNewsletterInput = {
  id: string
  to: NewsletterStatus
  /** Extra columns written in the same statement (e.g. started_at). */
  data?: Record<string, unknown>
}

export type { NewsletterRow } from "./repositories/article"

/** An edit of an article, guarded by its status (see {@link NewsletterModuleService.updateNewsletterGuarded}). */
export type UpdateNewsletterGuardedInput = Omit<GuardedNewsletterEdit, "drop_snapshot"> & {
  /** The audience of the reserved article changes: send it back to draft and drop its snapshot. */
  drop_snapshot?: boolean
}

/**
 * The newsletter module: articles, categories, recipients and subscriptions, with the generated
 * CRUD methods. Custom methods exist only where CRUD can't express the rule.
 */
class NewsletterModuleService extends MedusaService({
  Newsletter,
  NewsletterCategory,
  NewsletterCouponClaim,
  NewsletterDeliveryEffect,
  NewsletterLinkClick,
  NewsletterPurchase,
  NewsletterPurchaseSync,
  NewsletterRecipient,
  NewsletterBatch,
  NewsletterRateLimit,
  NewsletterSegment,
  NewsletterSendSlot,
  NewsletterSignupRequest,
  NewsletterSubscription,
  NewsletterSubscriptionEvent,
  NewsletterWebhookEvent,
}) {
  protected readonly options_: ResolvedNewsletterOptions

  constructor(container: Record<string, unknown>, options: unknown) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    // Fails the boot with every wrong option named, rather than failing later at send time.
    this.options_ = resolveNewsletterOptions(options)
  }

  /** The validated plugin options, defaults filled in. */
  async getOptions(): Promise<ResolvedNewsletterOptions> {
    return this.options_
  }

  /**
   * Moves an article to `to` if the transition table allows it from its current status, as ONE
   * conditional UPDATE: two processes racing for the same change can't both win. Returns the
   * article's row before the change (the pre-image, for compensation). Refused: NOT_FOUND, or
   * CONFLICT (409) naming the status the article has now.
   */
  @InjectTransactionManager()
  async transitionNewsletter(
    input: TransitionNewsletterInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<NewsletterRow> {
    return await ArticleRepository.transitionNewsletter(sqlManager(sharedContext), input)
  }

  /**
   * Undoes a transition (a compensation): puts back `restore` (status and stamps) only while the
   * article is still `from`, the status the transition left. Returns whether it was put back.
   */
  @InjectTransactionManager()
  async revertNewsletterTransition(
    input: { id: string; from: NewsletterStatus; restore: Record<string, unknown> & { status: NewsletterStatus } },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return await ArticleRepository.revertNewsletterTransition(sqlManager(sharedContext), input)
  }

  /**
   * Edits an article in ONE statement conditional on its status (editable, and the one the caller
   * validated against); with `drop_snapshot`, the same statement sends the reserved article back
   * to draft, resets its total and unsent counters and soft-deletes its recipients. Refused:
   * NOT_FOUND, or CONFLICT (409) naming the current status, and nothing is changed. Returns the
   * row before and after, and the mark of the dropped recipients (for compensation).
   */
  @InjectTransactionManager()
  async updateNewsletterGuarded(
    input: UpdateNewsletterGuardedInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ previous: NewsletterRow; newsletter: NewsletterRow; dropped: number; dropped_at: Date | null }> {
    const dropped_at = input.drop_snapshot ? new Date() : null
    const result = await ArticleRepository.updateNewsletterGuarded(sqlManager(sharedContext), {
      ...input,
      drop_snapshot: dropped_at ? { dropped_at } : undefined,
    })
    return { ...result, dropped_at }
  }

  /**
   * Undoes {@link updateNewsletterGuarded} (a compensation) while the article still has the
   * status the edit left (`from`). Returns whether it was put back.
   */
  @InjectTransactionManager()
  async restoreNewsletterEdit(
    input: { id: string; from: NewsletterStatus; previous: Record<string, unknown>; dropped_at?: Date | string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return await ArticleRepository.restoreNewsletterEdit(sqlManager(sharedContext), input)
  }

  /**
   * Soft-deletes draft or cancelled articles with their recipients, in ONE statement conditional
   * on the status; if any of them is refused (NOT_FOUND, or CONFLICT naming its status), none is
   * deleted. Returns the deletion's mark (for compensation).
   */
  @InjectTransactionManager()
  async deleteNewslettersGuarded(
    ids: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ ids: string[]; deleted_at: Date }> {
    const deleted_at = new Date()
    return {
      ids: await ArticleRepository.deleteNewslettersGuarded(sqlManager(sharedContext), { ids, deleted_at }),
      deleted_at,
    }
  }

  /** Undoes {@link deleteNewslettersGuarded} (a compensation): exactly what that deletion marked. */
  @InjectTransactionManager()
  async restoreDeletedNewsletters(
    input: { ids: string[]; deleted_at: Date | string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    return await ArticleRepository.restoreDeletedNewsletters(sqlManager(sharedContext), input)
  }

  /**
   * Reserves a draft article (予約, S8) in ONE transaction: checks the status (400 naming it) and
   * the lead time (S4), moves it to `scheduled` with one conditional UPDATE (409 when it changed
   * meanwhile) that locks it, snapshots the recipients of the audience stored on the locked row in
   * one statement and writes the counters. Nobody to send to: 400, and nothing is written.
   */
  @InjectTransactionManager()
  async reserveNewsletter(
    input: { id: string; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; recipient_count: number }> {
    const manager = sqlManager(sharedContext)
    const article = await ArticleRepository.readNewsletterForReservation(manager, input.id)
    if (!article) {
      throw notFound("Newsletter", input.id)
    }
    assertActionAllowed(input.id, article.status, "schedule")
    assertLeadTime(new Date(article.scheduled_at), input.now, this.options_.minLeadMinutes, this.options_.timezone)

    const { audience } = await ArticleRepository.markNewsletterScheduled(manager, input.id)
    const filter = parseAudience(audience)
    // The saved segments it names, as they are now, frozen on the article with its snapshot.
    const segments = savedSegments(
      await SegmentRepository.readSegmentFilters(manager, namedSegmentIds(filter))
    )
    const missing = missingSegmentIds(filter, segments)
    if (missing.length) {
      throw unknownSegmentsError(missing)
    }
    await SegmentRepository.freezeAudienceSegments(manager, {
      id: input.id,
      segments: Object.keys(segments).length ? segments : null,
    })
    if (readsPurchases(filter, segmentFilters(segments))) {
      // The purchase summary brought up to date in this transaction, right before the snapshot.
      await this.syncNewsletterPurchasesInTransaction_({}, sharedContext)
    }
    const count = await ArticleRepository.snapshotNewsletterRecipients(manager, {
      id: input.id,
      selected: audienceSql(filter, segmentFilters(segments)),
    })
    if (count === 0) {
      throw new NewsletterError(
        MedusaError.Types.INVALID_DATA,
        "newsletter_audience_empty",
        "No subscribed customer matches this newsletter's audience; there is nobody to send it to",
        { id: input.id }
      )
    }
    return { id: input.id, recipient_count: count }
  }

  /**
   * The saved segments `ids` and those their filters name, chains followed, as they are now (one
   * recursive statement); a deleted or unknown id is simply absent.
   */
  @InjectManager()
  async readAudienceSegments(
    ids: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SegmentRepository.SegmentFilterRow[]> {
    return await SegmentRepository.readSegmentFilters(sqlManager(sharedContext), ids)
  }

  /**
   * Soft-deletes a saved segment in ONE statement conditional on no draft or scheduled article
   * and no other segment naming it (409 `newsletter_segment_in_use` naming them; 404 when there
   * is none). Returns the deletion's mark for {@link restoreNewsletterSegment}.
   */
  @InjectTransactionManager()
  async deleteNewsletterSegmentGuarded(
    id: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; deleted_at: Date }> {
    const deleted_at = new Date()
    await SegmentRepository.deleteSegmentGuarded(sqlManager(sharedContext), { id, deleted_at })
    return { id, deleted_at }
  }

  /** Undoes {@link deleteNewsletterSegmentGuarded} (a compensation). */
  @InjectTransactionManager()
  async restoreNewsletterSegment(
    input: { id: string; deleted_at: Date | string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await SegmentRepository.restoreDeletedSegment(sqlManager(sharedContext), input)
  }

  /**
   * Undoes {@link reserveNewsletter} (a compensation): back to draft without the snapshot, only
   * while the article is still reserved. Returns whether it was undone.
   */
  @InjectTransactionManager()
  async unreserveNewsletter(id: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return await ArticleRepository.unreserveNewsletter(sqlManager(sharedContext), id)
  }

  /** Reserved articles whose send time has come, with their category's sending window. */
  @InjectManager()
  async listDueNewsletters(
    input: { now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<DispatchRepository.DueNewsletter[]> {
    return await DispatchRepository.listDueNewsletters(sqlManager(sharedContext), input)
  }

  /**
   * Claims the reserved articles keyed in `contexts` whose send time has come (S10), in one
   * conditional statement: `sending` with `started_at` whatever their window (※1), each one's send
   * context frozen and the reason it waits for (`waiting`, by id) written, cut into batches of
   * `batchSize`. Two workers can't both claim one. Returns the ids claimed by this call.
   */
  @InjectManager()
  async claimDueNewsletters(
    input: {
      now: Date
      batchSize: number
      contexts: Record<string, NewsletterSendContext>
      waiting?: Record<string, NewsletterStatusReason>
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    return await DispatchRepository.claimDueNewsletters(sqlManager(sharedContext), input)
  }

  /**
   * The send context of an article being sent, freezing `context` first if it has none (an
   * article claimed before send contexts existed). The context already frozen always wins.
   */
  @InjectManager()
  async freezeNewsletterSendContext(
    input: { newsletterId: string; context: NewsletterSendContext },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<NewsletterSendContext | null> {
    return await DispatchRepository.freezeSendContext(sqlManager(sharedContext), input)
  }

  /** Articles being sent with a batch to claim or nothing left (to finish), oldest start first. */
  @InjectManager()
  async listNewslettersToSend(@MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    return await DispatchRepository.listNewslettersToSend(sqlManager(sharedContext))
  }

  /**
   * Claims the next batch of an article for `workerId` under a lease of `leaseSeconds` from `now`,
   * marking batches too old to retry safely for attention (see repositories/dispatch.ts). Returns
   * the batch (`claimed`, null when nothing is left to claim now) and, when this call marked
   * batches for attention, what needs attention (`attention`).
   */
  @InjectManager()
  async claimNewsletterBatch(
    input: { newsletterId: string; workerId: string; leaseSeconds: number; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BatchClaim> {
    return await DispatchRepository.claimNewsletterBatch(sqlManager(sharedContext), input)
  }

  /** Renews the holder's lease before an attempt; false when the caller no longer holds the batch. */
  @InjectManager()
  async renewNewsletterBatchLease(
    input: BatchHolder & { leaseSeconds: number; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return await DispatchRepository.renewBatchLease(sqlManager(sharedContext), input)
  }

  /**
   * Records a sent batch, fenced to its holder: recipients, the article's counters and the batch as
   * done in one statement; `{ recorded: false }` and no change for a worker that lost the batch.
   */
  @InjectManager()
  async recordNewsletterBatch(
    input: BatchHolder & { newsletterId: string; now: Date; results: BatchResultRow[]; note?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RecordBatchResult> {
    return await DispatchRepository.recordNewsletterBatch(sqlManager(sharedContext), input)
  }

  /**
   * Gives a claimed batch back for a later attempt, fenced to its holder (`released: false` and no
   * change for a worker that lost the batch); `paused` says whether this release began the pause
   * that `articleReason` gives (see repositories/dispatch.ts).
   */
  @InjectManager()
  async releaseNewsletterBatch(
    input: BatchHolder & { error: string; retryAt?: Date | null; articleReason?: NewsletterStatusReason | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReleasedBatch> {
    return await DispatchRepository.releaseNewsletterBatch(sqlManager(sharedContext), input)
  }

  /** Shows why sending pauses on an article being sent, unless it needs attention. */
  @InjectManager()
  async noteNewsletterSendingPaused(
    input: { newsletterId: string; reason: NewsletterStatusReason },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await DispatchRepository.noteSendingPaused(sqlManager(sharedContext), input)
  }

  /**
   * Applies the store owner's decision on the batches of an article that need attention (sent
   * again under a new Idempotency-Key, or skipped), in one transaction: the article's row is
   * locked, then one statement conditional on the article being sent and on each batch needing
   * attention (see repositories/dispatch.ts). Refused: NOT_FOUND; CONFLICT (409) when nothing needs
   * attention any more or the article moved on, naming its status.
   */
  @InjectTransactionManager()
  async resolveNewsletterAttention(
    input: { newsletterId: string; action: NewsletterAttentionAction },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ResolvedAttention> {
    return await DispatchRepository.resolveAttentionBatches(sqlManager(sharedContext), input)
  }

  /**
   * Ends the sending of an article once every batch is done (`sent`, or `failed` when nobody was
   * left), as one conditional statement. Returns the new status, or null while batches remain.
   */
  @InjectManager()
  async finishNewsletterIfComplete(
    input: { newsletterId: string; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<NewsletterStatus | null> {
    return await DispatchRepository.finishNewsletterIfComplete(sqlManager(sharedContext), input)
  }

  /**
   * Applies a group of Resend's delivery reports (one or many) in ONE statement, with the effect
   * each owes the customer's subscription (see repositories/delivery.ts). Returns one outcome per
   * report (see DeliveryEventOutcome); an applied report names the effect it stored.
   */
  @InjectManager()
  async applyDeliveryEvents<T extends DeliveryEventInput | DeliveryEventInput[]>(
    input: T,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<T extends DeliveryEventInput[] ? DeliveryEventOutcome[] : DeliveryEventOutcome> {
    type Result = T extends DeliveryEventInput[] ? DeliveryEventOutcome[] : DeliveryEventOutcome
    const outcomes = await DeliveryRepository.applyDeliveryEvents(
      sqlManager(sharedContext),
      Array.isArray(input) ? input : [input]
    )
    return (Array.isArray(input) ? outcomes : outcomes[0]) as Result
  }

  /**
   * The links clicked in an article's mails with their unique clicks, most clicked first, a page
   * at a time (see repositories/delivery.ts); the article's plugin links (unsubscribe, coupon) are
   * one link each, marked by `kind`.
   */
  @InjectManager()
  async listNewsletterLinks(
    input: { newsletter_id: string; limit: number; offset: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ links: NewsletterLinkRow[]; count: number }> {
    return await DeliveryRepository.listNewsletterLinks(sqlManager(sharedContext), input)
  }

  /**
   * Applies the delivery effects still owed (all of them, or those among `ids`; oldest first, at
   * most `limit`; stamped applied at `now`), each in its own transaction with its subscription change: one that fails stays
   * owed, with its error and attempt count, and doesn't hold up the others. An effect another
   * process is applying at the same moment is left to it. Returns what each one did.
   */
  @InjectManager()
  async applyDeliveryEffects(
    input: { ids?: string[]; limit?: number; now?: Date } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AppliedDeliveryEffect[]> {
    const manager = sqlManager(sharedContext)
    const ids = await DeliveryRepository.listPendingDeliveryEffects(manager, {
      ids: input.ids,
      limit: input.limit ?? DELIVERY_EFFECTS_PER_CALL,
    })
    const results: AppliedDeliveryEffect[] = []
    for (const id of ids) {
      try {
        const applied = await this.applyDeliveryEffect_(id, input.now ?? new Date(), sharedContext)
        if (applied) {
          results.push(applied)
        }
      } catch (e) {
        const error = briefErrorMessage(e)
        await DeliveryRepository.recordDeliveryEffectFailure(manager, id, error)
        results.push({ id, applied: false, subscription: null, error })
      }
    }
    return results
  }

  /** One effect and its subscription change, in one transaction (see applyDeliveryEffect). */
  @InjectTransactionManager()
  protected async applyDeliveryEffect_(
    id: string,
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AppliedDeliveryEffect | null> {
    return await DeliveryRepository.applyDeliveryEffect(sqlManager(sharedContext), id, {
      transientErrorsToClean: this.options_.transientErrorsToClean,
      now,
    })
  }

  /**
   * Deletes processed webhook-event rows recorded before `before`, and delivery effects applied
   * before it, at most `limit` of each, in one statement. Effects still owed are kept.
   */
  @InjectManager()
  async purgeProcessedWebhookEvents(
    input: { before: Date; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ events: number; effects: number }> {
    return await DeliveryRepository.purgeProcessedWebhookEvents(sqlManager(sharedContext), input)
  }

  /**
   * Changes the subscription (メルマガ購読状況) of one address: the status and its history entry
   * in one transaction, decided by the subscription rules on the status found under the row's
   * lock (see repositories/subscription.ts). The same status is no change and writes nothing.
   * Returns `{ id, changed, from, to }` and what a revert needs.
   */
  @InjectTransactionManager()
  async changeNewsletterSubscription(
    input: ChangeSubscriptionInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SubscriptionChangeResult> {
    return await SubscriptionRepository.changeSubscription(sqlManager(sharedContext), input)
  }

  /**
   * Undoes a change of changeNewsletterSubscription (compensation) while it is still the address's
   * latest change; returns whether it did.
   */
  @InjectTransactionManager()
  async revertNewsletterSubscriptionChange(
    change: SubscriptionChangeResult,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return await SubscriptionRepository.revertSubscriptionChange(sqlManager(sharedContext), change)
  }

  /** What the unsubscribe page of an address can still do at `now` (repositories/unsubscribe-follow-up.ts). */
  @InjectManager()
  async getUnsubscribeFollowUp(
    input: { email: string; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<UnsubscribeFollowUpView> {
    return await UnsubscribeFollowUpRepository.readUnsubscribeFollowUp(sqlManager(sharedContext), input)
  }

  /**
   * Adds the reason given on the unsubscribe page to the address's unsubscribe (its history entry's
   * params), within 7 days of it, decided under the subscription's lock.
   */
  @InjectTransactionManager()
  async recordUnsubscribeReason(
    input: UnsubscribeReasonInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RecordedUnsubscribeReason> {
    return await UnsubscribeFollowUpRepository.recordUnsubscribeReason(sqlManager(sharedContext), input)
  }

  /** Undoes {@link recordUnsubscribeReason} (compensation). */
  @InjectTransactionManager()
  async revertUnsubscribeReason(
    recorded: RecordedUnsubscribeReason,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await UnsubscribeFollowUpRepository.revertUnsubscribeReason(sqlManager(sharedContext), recorded)
  }

  /**
   * Subscribes an address again from its unsubscribe page (再登録), within 7 days of its unsubscribe,
   * decided and changed under the subscription's lock; revert with revertNewsletterSubscriptionChange.
   */
  @InjectTransactionManager()
  async resubscribeFromUnsubscribePage(
    input: ResubscribeInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SubscriptionChangeResult> {
    return await UnsubscribeFollowUpRepository.resubscribeFromUnsubscribePage(sqlManager(sharedContext), input)
  }

  /** The unsubscribes through an article's link by the reason given, in one statement. */
  @InjectManager()
  async countUnsubscribeReasons(
    newsletterId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<UnsubscribeReasonCounts> {
    return await UnsubscribeFollowUpRepository.countUnsubscribeReasons(sqlManager(sharedContext), newsletterId)
  }

  /**
   * Makes the customer's subscription follow the customer's new email (see
   * repositories/subscription-email.ts): the records locked, the rule (decideEmailChange) applied
   * and each status with its history entry written in one transaction. When another request
   * records the new address meanwhile (the move meets the unique address), the whole change is
   * decided again on what is there then, at most three times. Returns what it wrote.
   */
  @InjectManager()
  async followCustomerEmailChange(
    input: CustomerEmailChangeInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<EmailChangeWrite[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.followCustomerEmailChange_(input, sharedContext)
      } catch (e) {
        // PostgreSQL's unique_violation: the new address was recorded by someone else first.
        if ((e as { code?: unknown })?.code !== "23505" || attempt >= 3) {
          throw e
        }
      }
    }
  }

  /** One attempt of followCustomerEmailChange, in its own transaction. */
  @InjectTransactionManager()
  protected async followCustomerEmailChange_(
    input: CustomerEmailChangeInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<EmailChangeWrite[]> {
    return await SubscriptionEmailRepository.followCustomerEmail(sqlManager(sharedContext), input)
  }

  /**
   * What the settings card (配信設定の状態) shows of the delivery reports: when the latest applied
   * signed report arrived (kept `webhookEventRetentionDays`), and how many articles handed mail
   * over between `since` and `until`. One statement (repositories/delivery-health.ts).
   */
  @InjectManager()
  async getNewsletterDeliveryHealth(
    input: { since: Date; until: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<DeliveryHealth> {
    return await DeliveryHealthRepository.readDeliveryHealth(sqlManager(sharedContext), input)
  }

  /**
   * A page of the admin's subscriber list (メルマガ購読者) and the count of all the filter selects:
   * one statement each (repositories/subscription.ts), the last changed first, each subscription
   * with its customer and its latest history entry.
   */
  @InjectManager()
  async listAndCountNewsletterSubscriptionRows(
    input: SubscriptionListFilter & { limit: number; offset: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<[SubscriptionListRow[], number]> {
    const manager = sqlManager(sharedContext)
    const rows = await SubscriptionRepository.listSubscriptions(manager, input)
    return [rows, await SubscriptionRepository.countSubscriptions(manager, input)]
  }

  /**
   * Applies a bulk action of the store owner (clean, unclean, unsubscribe) to a selection of
   * subscriptions in one transaction, set-based, decided by the subscription rules on the status
   * found under each record's lock; every change is recorded with source `admin`. Returns the
   * changes, the ids left as they are with why, and what a revert needs.
   */
  @InjectTransactionManager()
  async applyNewsletterSubscriptionAction(
    input: SubscriptionActionInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SubscriptionActionResult> {
    return await SubscriptionRepository.applySubscriptionAction(sqlManager(sharedContext), input)
  }

  /** Articles that are sent or being aggregated, with what the aggregation rule needs. */
  @InjectManager()
  async listNewslettersToAggregate(
    input: { ids?: string[] } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Array<AggregationFigures & { id: string }>> {
    return await ArticleRepository.listNewslettersToAggregate(sqlManager(sharedContext), input)
  }

  /**
   * Reserves the next request slot of the shared schedule `name`, spacing requests `intervalMs`
   * apart across every process. Returns how many milliseconds to wait before sending.
   */
  @InjectManager()
  async reserveSendSlot(
    input: { name: string; intervalMs: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    return await DispatchRepository.reserveSendSlot(sqlManager(sharedContext), input)
  }

  /**
   * Records a storefront signup (ダブルオプトイン) in one transaction under the address's lock:
   * the rules (decideSignup) decide whether a confirmation mail goes out (not to a subscribed,
   * cleaned or complained address; at most one per 10 minutes and 5 a day per address, across
   * processes) and, if so, the pending request is stored. See repositories/signup.ts.
   */
  @InjectTransactionManager()
  async recordNewsletterSignupRequest(
    input: SignupRequestInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SignupRequestResult> {
    return await SignupRepository.recordSignupRequest(sqlManager(sharedContext), input)
  }

  /** The pending signup request if its confirmation mail is still owed, else null. See repositories/signup.ts. */
  @InjectManager()
  async owedNewsletterSignupMail(
    input: { request_id: string; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SignupRepository.OwedSignupMail | null> {
    return await SignupRepository.owedSignupMail(sqlManager(sharedContext), input.request_id, input.now)
  }

  /** The pending signup requests made before `before` whose confirmation mail is still owed. */
  @InjectManager()
  async listOwedNewsletterSignupMails(
    input: { before: Date; now: Date; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    return await SignupRepository.listOwedSignupMails(sqlManager(sharedContext), input)
  }

  /** Records that a pending signup request's confirmation mail was handed over. */
  @InjectManager()
  async markNewsletterSignupMailSent(
    input: { request_id: string; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await SignupRepository.markSignupMailSent(sqlManager(sharedContext), input.request_id, input.now)
  }

  /** Deletes a pending signup request whose confirmation mail could not be sent. */
  @InjectManager()
  async discardNewsletterSignupRequest(id: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await SignupRepository.discardSignupRequest(sqlManager(sharedContext), id)
  }

  /**
   * Confirms a pending signup in one transaction: the request is used once (409 after), expires
   * (410), and the address is subscribed with opt_in_level `confirmed` and the consent evidence
   * in its history entry. See repositories/signup.ts.
   */
  @InjectTransactionManager()
  async confirmNewsletterSignup(
    input: SignupConfirmationInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SignupConfirmationResult> {
    return await SignupRepository.confirmSignupRequest(sqlManager(sharedContext), input)
  }

  /** Undoes {@link confirmNewsletterSignup} (a compensation). */
  @InjectTransactionManager()
  async revertNewsletterSignupConfirmation(
    input: { request_id: string; change: SubscriptionChangeResult },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await SignupRepository.revertSignupConfirmation(sqlManager(sharedContext), input)
  }

  /**
   * Counts one request under `key` in a fixed window shared by every process (one upsert);
   * returns the window's count and start, for rateLimitVerdict.
   */
  @InjectManager()
  async countNewsletterRateLimitHit(
    input: { key: string; window_ms: number; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ hits: number; window_start: Date }> {
    return await SignupRepository.countRateLimitHit(sqlManager(sharedContext), input)
  }

  /** Deletes expired signup requests and ended rate counters, at most `limit` of each. */
  @InjectManager()
  async purgeNewsletterSignupRecords(
    input: { before: Date; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ requests: number; counters: number }> {
    return await SignupRepository.purgeSignupRecords(sqlManager(sharedContext), input)
  }

  /**
   * Imports a subscriber list in ONE transaction, a chunk of rows at a time as they come (the
   * caller may still be reading the file): each chunk is written set-based by
   * repositories/import.ts (a few statements, never one per row), with the import rules (an
   * opted-out or cleaned address is never subscribed again) and history entries of source
   * `import` with the file's consent date and `actor_id`. When `chunks` throws (a malformed file
   * found on line 90,000), everything rolls back: nothing is imported. Returns the counts, the
   * rows refused for the address's status, the subscriptions changed, and what a revert needs.
   * With `dry_run` nothing is written or locked: the answer is what the import would do now.
   */
  @InjectTransactionManager()
  async importNewsletterSubscriptions(
    input: {
      chunks: AsyncIterable<SubscriptionImportRow[]> | Iterable<SubscriptionImportRow[]>
      actor_id?: string | null
      dry_run?: boolean
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ImportChunkResult> {
    return await ImportRepository.importSubscriptions(
      sqlManager(sharedContext),
      input.chunks,
      input.actor_id ?? null,
      { dryRun: input.dry_run }
    )
  }

  /**
   * Undoes an import of importNewsletterSubscriptions (compensation): removes the subscriptions it
   * created and its history entries, and gives the changed ones their previous status and streak.
   */
  @InjectTransactionManager()
  async revertNewsletterSubscriptionImport(
    revert: SubscriptionImportRevert,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await ImportRepository.revertSubscriptionImport(sqlManager(sharedContext), revert)
  }

  /**
   * Runs an audience preview statement, built by the caller with the pure audience builder
   * (`audiencePreviewSql`: the sample rows, each carrying the total as `count`), in a read-only
   * transaction with a statement timeout (READ_STATEMENT_TIMEOUT_MS unless `timeout_ms`); a
   * timeout throws an error with code READ_TIMEOUT_CODE. Returns `{ count, sample }`.
   */
  @InjectManager()
  async previewAudience(
    input: { query: ReadQuery; timeout_ms?: number; sync_purchases?: boolean },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AudiencePreviewResult> {
    if (input.sync_purchases) {
      // Its own transaction, committed before the read-only one of the preview. A sync already
      // running (a first backfill may take minutes) is not waited for: the preview reads the
      // summary as it is; only a reservation waits for the lock (reserveNewsletter).
      await this.syncNewsletterPurchases({ skip_if_busy: true })
    }
    return await ExportRepository.previewAudience(readManager(sharedContext), input.query, {
      ...AUDIENCE_PREVIEW_READ,
      timeoutMs: input.timeout_ms ?? READ_STATEMENT_TIMEOUT_MS,
    })
  }

  /**
   * The recipients of a reserved article as snapshotted, with their delivery state, error and
   * times in the store's time zone, in position order: an async iterator over a cursor in a
   * read-only transaction with a statement timeout, a batch (`batch_size`) fetched at a time.
   */
  @InjectManager()
  streamRecipientsExport(
    input: { newsletter_id: string } & ExportReadInput,
    @MedusaContext() sharedContext: Context = {}
  ): AsyncGenerator<Record<string, unknown>, void, undefined> {
    return this.exportCursor_(
      ExportRepository.recipientSnapshotExportQuery(input.newsletter_id, this.options_.timezone),
      input,
      sharedContext
    )
  }

  /**
   * The recipients an audience statement (built by the caller with the pure audience builder)
   * selects right now, numbered in email order with empty delivery columns, for the export of an
   * article not yet reserved; read as {@link streamRecipientsExport} reads.
   */
  @InjectManager()
  streamAudienceExport(
    input: { audience: ReadQuery; sync_purchases?: boolean } & ExportReadInput,
    @MedusaContext() sharedContext: Context = {}
  ): AsyncGenerator<Record<string, unknown>, void, undefined> {
    const rows = () =>
      this.exportCursor_(ExportRepository.liveAudienceExportQuery(input.audience), input, sharedContext)
    if (!input.sync_purchases) {
      return rows()
    }
    // The purchase summary synced (its own transaction) when the first row is asked for; as for a
    // preview, a sync already running is not waited for.
    const sync = () => this.syncNewsletterPurchases({ skip_if_busy: true })
    return (async function* () {
      await sync()
      yield* rows()
    })()
  }

  /**
   * Brings the purchase summary (newsletter_purchase, read by the audience's `purchased` and
   * `not_purchased`) up to date with the core order tables: one DELETE and one INSERT … SELECT over
   * the orders changed since the stored watermark and the orders `order_ids` (every order on the
   * first run, or with `full`), under an advisory lock (see repositories/purchase.ts); with
   * `skip_if_busy`, null at once while another sync runs. Costs two empty primary-key range scans
   * when nothing changed. After a backfill, the table is vacuumed (outside the transaction), so
   * that the audience reads its covering index alone.
   */
  @InjectManager()
  async syncNewsletterPurchases(
    input: { order_ids?: string[]; full?: boolean; skip_if_busy?: boolean } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<PurchaseSyncResult | null> {
    const result = await this.syncNewsletterPurchasesInTransaction_(input)
    if (result?.backfill) {
      await PurchaseRepository.vacuumPurchases(sqlManager(sharedContext))
    }
    return result
  }

  @InjectTransactionManager()
  protected async syncNewsletterPurchasesInTransaction_(
    input: { order_ids?: string[]; full?: boolean; skip_if_busy?: boolean },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<PurchaseSyncResult | null> {
    return await PurchaseRepository.syncPurchases(sqlManager(sharedContext), {
      order_ids: input.order_ids ?? [],
      full: input.full,
      skip_if_busy: input.skip_if_busy,
      nextWatermark: nextPurchaseWatermark,
    })
  }

  /**
   * Every address's subscription (メルマガ購読状況, S17) with its main customer, cleaning flag,
   * consent and last change, in email order; read as {@link streamRecipientsExport} reads.
   */
  @InjectManager()
  streamSubscriptionsExport(
    input: ExportReadInput = {},
    @MedusaContext() sharedContext: Context = {}
  ): AsyncGenerator<Record<string, unknown>, void, undefined> {
    return this.exportCursor_(
      ExportRepository.subscriptionExportQuery(this.options_.timezone),
      input,
      sharedContext
    )
  }

  private exportCursor_(
    query: ReadQuery,
    input: ExportReadInput,
    sharedContext: Context
  ): AsyncGenerator<Record<string, unknown>, void, undefined> {
    return ExportRepository.cursorRows(readManager(sharedContext), query, {
      ...CSV_EXPORT_READ,
      timeoutMs: input.timeout_ms ?? READ_STATEMENT_TIMEOUT_MS,
      batchSize: input.batch_size,
    })
  }
}

// The delivery-report types live with the webhook code (src/lib/webhooks); re-exported for the module's callers.
export type { DeliveryEventInput, DeliveryEventOutcome } from "../../lib/webhooks/types"
export type { AppliedDeliveryEffect, NewsletterLinkRow } from "./repositories/delivery"
export type {
  ChangeSubscriptionInput,
  SubscriptionActionInput,
  SubscriptionActionResult,
  SubscriptionActionSkip,
  SubscriptionChangeResult,
  SubscriptionListFilter,
  SubscriptionListRow,
} from "./repositories/subscription"
export type { AudiencePreviewResult, ReadQuery } from "./repositories/exports"
export type { PurchaseSyncResult } from "./repositories/purchase"
export type { CustomerEmailChangeInput, EmailChangeWrite } from "./repositories/subscription-email"
export type {
  SignupConfirmationInput,
  SignupConfirmationResult,
  SignupRequestInput,
  SignupRequestResult,
} from "./repositories/signup"
export type { DeliveryHealth } from "./repositories/delivery-health"
export type { ImportChunkResult as SubscriptionImportResult, SubscriptionImportRevert } from "./repositories/import"

export type {
  BatchClaim,
  BatchHolder,
  BatchResultRow,
  ClaimedBatch,
  RecordBatchResult,
  ReleasedBatch,
  ResolvedAttention,
} from "./repositories/dispatch"

export default NewsletterModuleService
