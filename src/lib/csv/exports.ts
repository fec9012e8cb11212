import { z } from "@medusajs/framework/zod"
import {
  RECIPIENT_EXPORT_COLUMNS,
  SUBSCRIPTION_EXPORT_COLUMNS,
} from "../../modules/newsletter/repositories/exports"
import type { CsvColumn } from "./write"

/**
 * The languages of a CSV export (`?lang=`): `en` (the default for API clients) writes the column
 * names and the stored values (`sent`, `cleaned`, …); `ja` writes Japanese headers and values
 * for the store owner's spreadsheet (ステータス, 成功, クリーニング済, …). Times are in the store's
 * time zone either way; ids, addresses, names and the provider's own error texts stay as stored.
 */
export const CSV_LANGUAGES = ["en", "ja"] as const
export type CsvLanguage = (typeof CSV_LANGUAGES)[number]

/** The query of every CSV export: `lang` (`en` when absent); the admin passes its own language. */
export const AdminCsvExportParams = z.strictObject({
  lang: z.enum(CSV_LANGUAGES).default("en"),
})
export type AdminCsvExportParamsType = z.infer<typeof AdminCsvExportParams>

type RecipientColumn = (typeof RECIPIENT_EXPORT_COLUMNS)[number]
type SubscriptionColumn = (typeof SUBSCRIPTION_EXPORT_COLUMNS)[number]
type Row = Record<string, unknown>

const RECIPIENT_HEADERS_JA: Record<RecipientColumn, string> = {
  position: "番号",
  customer_id: "顧客ID",
  email: "メールアドレス",
  last_name: "姓",
  first_name: "名",
  status: "ステータス",
  error_type: "エラー種別",
  error_reason: "エラー内容",
  provider_message_id: "配信ID",
  reserved_at: "予約日時",
  attempted_at: "配信日時",
  delivered_at: "到達日時",
  delivery_delayed_at: "配信遅延日時",
  bounced_at: "バウンス日時",
  opened_at: "開封日時",
  clicked_at: "クリック日時",
  complained_at: "苦情日時",
}

const SUBSCRIPTION_HEADERS_JA: Record<SubscriptionColumn, string> = {
  email: "メールアドレス",
  customer_id: "顧客ID",
  has_account: "会員フラグ",
  last_name: "姓",
  first_name: "名",
  subscription_status: "購読状況",
  cleaning_flag: "クリーニングフラグ",
  consented_at: "同意日時",
  last_changed_at: "最終変更日時",
  last_change_source: "最終変更経路",
  opt_in_level: "同意の方式",
  consent_requested_at: "登録申込日時",
  consent_ip: "同意IPアドレス",
  consent_user_agent: "同意ユーザーエージェント",
  consent_source_url: "登録ページ",
}

/** How a subscribed address's consent was given (newsletter_subscription.opt_in_level). */
const OPT_IN_LEVEL_JA: Record<string, string> = {
  single: "シングルオプトイン",
  confirmed: "ダブルオプトイン",
}

/** A recipient's delivery state (newsletter_recipient.status). */
const RECIPIENT_STATUS_JA: Record<string, string> = {
  pending: "未送信",
  sent: "成功",
  failed: "失敗",
  skipped: "対象外",
}

/** The kind of a delivery error (newsletter_recipient.error_type). */
const ERROR_TYPE_JA: Record<string, string> = {
  transient: "一時的なエラー",
  permanent: "恒久的なエラー",
  undetermined: "不明なエラー",
  failed: "送信失敗",
  suppressed: "送信抑止",
  rejected: "拒否",
  unknown: "不明",
}

/** Why the plugin did not send to a recipient (newsletter_recipient.error_code). */
const RECIPIENT_ERROR_JA: Record<string, string> = {
  unsubscribed_after_reservation: "予約後に配信停止されたため送信していません",
  cleaned_after_reservation: "予約後にクリーニング済になったため送信していません",
  owner_skipped: "初回送信から23時間以上経っても送信を確認できず、再送しないことを選んだため送信していません",
}

const SUBSCRIPTION_STATUS_JA: Record<string, string> = {
  subscribed: "購読中",
  unsubscribed: "配信停止",
  cleaned: "クリーニング済",
}

/** Where a subscription change came from (newsletter_subscription_event.source). */
const SOURCE_JA: Record<string, string> = {
  storefront: "ストアフロント",
  admin: "管理画面",
  bounce: "バウンス",
  complaint: "苦情",
  unsubscribe_link: "配信停止リンク",
  import: "インポート",
  signup_confirmation: "登録確認メール",
}

/** The stored value in the words of `words`; a value it doesn't know (or null) as it is. */
const wordsFor =
  (column: string, words: Record<string, string>) =>
  (row: Row): unknown => {
    const value = row[column]
    return typeof value === "string" ? (words[value] ?? value) : value
  }

/**
 * The columns of an export in `lang`: in English named as they are and showing the stored value;
 * in Japanese under their Japanese header, showing the Japanese value where one is given.
 */
function columnsIn<C extends string>(
  lang: CsvLanguage,
  columns: readonly C[],
  ja: { headers: Record<C, string>; values: Partial<Record<C, CsvColumn["value"]>> }
): CsvColumn[] {
  return columns.map((c) => (lang === "en" ? { label: c, value: c } : { label: ja.headers[c], value: ja.values[c] ?? c }))
}

/**
 * Columns of `GET /admin/newsletters/:id/recipients/export` (配信対象リスト, S7), in this order:
 * the columns the module's recipients export selects. Before the reservation the delivery
 * columns are empty. In Japanese the status and the error kind are words, and a reason the plugin
 * gave (`error_code`) is said in Japanese instead of its English `error_reason`.
 */
export function recipientCsvColumns(lang: CsvLanguage): CsvColumn[] {
  return columnsIn(lang, RECIPIENT_EXPORT_COLUMNS, {
    headers: RECIPIENT_HEADERS_JA,
    values: {
      status: wordsFor("status", RECIPIENT_STATUS_JA),
      error_type: wordsFor("error_type", ERROR_TYPE_JA),
      error_reason: (row) =>
        (typeof row.error_code === "string" && RECIPIENT_ERROR_JA[row.error_code]) || row.error_reason,
    },
  })
}

/**
 * Columns of `GET /admin/newsletter-subscriptions/export` (メルマガ購読状況, S17), in this order:
 * the columns the module's subscriptions export selects. `cleaning_flag` is the manual's
 * クリーニングフラグ: 1 for a cleaned address, else 0 (a number in both languages, as is
 * `has_account`). In Japanese the status and the source of the last change are words.
 */
export function subscriptionCsvColumns(lang: CsvLanguage): CsvColumn[] {
  return columnsIn(lang, SUBSCRIPTION_EXPORT_COLUMNS, {
    headers: SUBSCRIPTION_HEADERS_JA,
    values: {
      subscription_status: wordsFor("subscription_status", SUBSCRIPTION_STATUS_JA),
      last_change_source: wordsFor("last_change_source", SOURCE_JA),
      opt_in_level: wordsFor("opt_in_level", OPT_IN_LEVEL_JA),
    },
  })
}
