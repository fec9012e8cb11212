import { NewsletterEvents } from "../../modules/newsletter/types"

/**
 * The plugin's notifications in the admin's bell (Medusa's `feed` channel). Medusa's dashboard
 * 2.21 (src/components/layout/notifications) lists `GET /admin/notifications?channel=feed` and
 * renders `data.title`, `data.description` (line breaks kept) and a downloadable `data.file`, as
 * stored: it translates nothing and links nowhere. So the text is written once, in the plugin's
 * `adminLanguage`, names the article by its subject, and both languages stay in `data.texts`; the
 * article's id and its admin path are in `data` for any other screen that can link.
 */

/** The events that tell the store owner something went wrong, or that sending ended. */
export const NEWSLETTER_FEED_EVENTS = [
  NewsletterEvents.STOPPED,
  NewsletterEvents.FAILED,
  NewsletterEvents.PAUSED,
  NewsletterEvents.NEEDS_ATTENTION,
  NewsletterEvents.SENT,
] as const

export type NewsletterFeedEvent = (typeof NEWSLETTER_FEED_EVENTS)[number]

export type NotificationLanguage = "ja" | "en"

/** What a notification says of the article, read when the event is handled. */
export type NotifiedArticle = {
  id: string
  subject: string
  succeeded_count: number
  failed_count: number
  skipped_count: number
  unsent_count: number
  /** Why it is in its status (utils/status-reasons.ts); null when the status says it all. */
  status_reason_code: string | null
}

export type NotificationText = { title: string; description: string }

/** What Medusa's Notification Module is asked to create (CreateNotificationDTO). */
export type NewsletterFeedNotification = {
  to: ""
  channel: "feed"
  template: "admin-ui"
  trigger_type: NewsletterFeedEvent
  resource_id: string
  resource_type: "newsletter"
  /** One notification per change, however often the event is delivered. */
  idempotency_key: string
  data: NotificationText & {
    newsletter_id: string
    event: NewsletterFeedEvent
    /** The article's page in the admin, e.g. `/app/newsletters/nl_123`. */
    url: string
    language: NotificationLanguage
    texts: Record<NotificationLanguage, NotificationText>
  }
}

type Payload = Record<string, unknown>

const number = (value: unknown, language: NotificationLanguage) =>
  Number(value ?? 0).toLocaleString(language === "ja" ? "ja-JP" : "en-US")
const percent = (share: unknown) => `${Math.round(Number(share ?? 0) * 1000) / 10}%`
const list = (value: unknown) => (Array.isArray(value) ? value.join(", ") : String(value ?? ""))

/** The texts of one event in both languages. */
export function newsletterFeedTexts(
  event: NewsletterFeedEvent,
  payload: Payload,
  article: NotifiedArticle
): Record<NotificationLanguage, NotificationText> {
  const s = article.subject
  const ja = (n: unknown) => number(n, "ja")
  const en = (n: unknown) => number(n, "en")
  switch (event) {
    case NewsletterEvents.STOPPED:
      return {
        ja: {
          title: "メルマガの配信を停止しました",
          description:
            `「${s}」はエラー率が上限（${percent(payload.threshold)}）を超えたため配信停止になりました。` +
            `送信した${ja(payload.attempted)}件のうち${ja(payload.failed)}件がエラー（${percent(payload.error_rate)}）、` +
            `未送信は${ja(payload.unsent)}件です。\nアドレスを見直してクリーニングしてから、記事を複製して送り直してください。`,
        },
        en: {
          title: "Newsletter stopped",
          description:
            `“${s}” was stopped: ${en(payload.failed)} of ${en(payload.attempted)} attempted mails failed ` +
            `(${percent(payload.error_rate)}, above the ${percent(payload.threshold)} limit); ${en(payload.unsent)} were not sent.\n` +
            `Clean the list, then duplicate the article to send it again.`,
        },
      }
    case NewsletterEvents.FAILED: {
      const ownerSkipped = article.status_reason_code === "owner_skipped_all"
      return {
        ja: {
          title: "メルマガの配信に失敗しました",
          description: ownerSkipped
            ? `「${s}」は、確認待ちのバッチを再送しないことにしたため、送信が確認されたメールがありません（配信失敗）。`
            : `「${s}」は送信する相手がいませんでした（配信失敗）。予約の後、宛先の全員が配信停止またはクリーニング済になりました。`,
        },
        en: {
          title: "Newsletter failed",
          description: ownerSkipped
            ? `“${s}” failed: no mail was confirmed as sent, as the batches waiting for a decision were skipped.`
            : `“${s}” failed: nobody was left to send to; every recipient unsubscribed or was cleaned after the reservation.`,
        },
      }
    }
    case NewsletterEvents.PAUSED:
      return payload.cause === "quota"
        ? {
            ja: {
              title: "メルマガの配信を一時停止しています",
              description:
                `「${s}」は、Resendの送信上限（1日または1か月）に達したため一時停止しています。` +
                `未送信は${ja(article.unsent_count)}件です。次の送信が成功すると自動で再開します。`,
            },
            en: {
              title: "Newsletter paused",
              description:
                `“${s}” is paused: Resend's daily or monthly sending quota is used up. ${en(article.unsent_count)} are not sent yet; ` +
                `sending goes on by itself at the next run that succeeds.`,
            },
          }
        : {
            ja: {
              title: "メルマガの配信を一時停止しています",
              description:
                `「${s}」は、Resendが送信を受け付けなかったため一時停止しています。APIキーと送信元アドレスの設定を確認してください。` +
                `未送信は${ja(article.unsent_count)}件です。次の送信が成功すると自動で再開します。`,
            },
            en: {
              title: "Newsletter paused",
              description:
                `“${s}” is paused: Resend refused to send it. Check the API key and the from address. ` +
                `${en(article.unsent_count)} are not sent yet; sending goes on by itself at the next run that succeeds.`,
            },
          }
    case NewsletterEvents.NEEDS_ATTENTION:
      return {
        ja: {
          title: "メルマガの確認が必要です",
          description:
            `「${s}」の${ja(payload.recipients)}件（バッチ ${list(payload.batches)}）は、送信の確認が取れないまま最初の送信から23時間を過ぎたため、自動では再送しません。` +
            `\nResendの送信ログを確認してから、記事の画面で再送するかどうかを選んでください。`,
        },
        en: {
          title: "Newsletter needs attention",
          description:
            `${en(payload.recipients)} recipients of “${s}” (batch ${list(payload.batches)}) were never confirmed as sent, and their first ` +
            `attempt is more than 23 hours old, so they are not sent again automatically.\n` +
            `Check Resend's email log, then choose on the article's page whether to send them again.`,
        },
      }
    case NewsletterEvents.SENT:
      return {
        ja: {
          title: "メルマガの配信が完了しました",
          description:
            `「${s}」を${ja(article.succeeded_count)}件送信しました（エラー${ja(article.failed_count)}件、` +
            `送信対象外${ja(article.skipped_count)}件）。`,
        },
        en: {
          title: "Newsletter sent",
          description:
            `“${s}” went out to ${en(article.succeeded_count)} recipients (${en(article.failed_count)} errors, ` +
            `${en(article.skipped_count)} skipped).`,
        },
      }
  }
}

/**
 * The notification of one event about `article`, in `language`. Its idempotency key makes one
 * notification per change: an article stops, fails or is sent once; a pause or a need for
 * attention is keyed by the time it began (`occurred_at` of the payload).
 */
export function buildNewsletterFeedNotification(input: {
  event: NewsletterFeedEvent
  payload: Payload
  article: NotifiedArticle
  language: NotificationLanguage
  /** The admin's base path (`admin.path` of medusa-config, default `/app`). */
  adminPath: string
}): NewsletterFeedNotification {
  const { event, payload, article, language } = input
  const texts = newsletterFeedTexts(event, payload, article)
  const recurring = event === NewsletterEvents.PAUSED || event === NewsletterEvents.NEEDS_ATTENTION
  return {
    to: "",
    channel: "feed",
    template: "admin-ui",
    trigger_type: event,
    resource_id: article.id,
    resource_type: "newsletter",
    idempotency_key: `${event}/${article.id}${recurring ? `/${String(payload.occurred_at ?? "")}` : ""}`,
    data: {
      ...texts[language],
      newsletter_id: article.id,
      event,
      url: `${input.adminPath.replace(/\/+$/, "")}/newsletters/${article.id}`,
      language,
      texts,
    },
  }
}

/**
 * Whether the Notification Module's configuration (`modules.notification` of the resolved
 * medusa-config) has a provider for the `feed` channel. Medusa's defaults register the local
 * provider on it; a store that configures the module itself (e.g. for email) may leave it out,
 * and then a notification could only fail.
 */
export function hasFeedChannel(notificationModuleConfig: unknown): boolean {
  if (!notificationModuleConfig || typeof notificationModuleConfig !== "object") {
    return false
  }
  const config = notificationModuleConfig as {
    disable?: boolean
    options?: { providers?: Array<{ options?: { channels?: unknown } }> }
  }
  if (config.disable) {
    return false
  }
  return (config.options?.providers ?? []).some(
    (provider) => Array.isArray(provider?.options?.channels) && provider.options!.channels.includes("feed")
  )
}
