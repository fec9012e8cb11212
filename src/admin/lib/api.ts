import type { AdminNewsletterCategory } from "../../api/admin/newsletter-categories/types"
import type { SubscriptionStatusValue } from "../../api/admin/newsletter-subscriptions/types"
import type {
  AdminAudiencePreviewResponse,
  AdminNewsletter,
  AdminNewsletterAttentionAction,
  AdminNewsletterLink,
  AdminNewsletterPayload,
  AdminNewsletterPreview,
  AdminNewsletterRecipient,
  AdminNewsletterTestSendResponse,
  NewsletterAudience,
  NewsletterCouponModeValue,
  NewsletterFormatValue,
  NewsletterStatusValue,
} from "../../api/admin/newsletters/types"
import { sdk } from "./sdk"

// The API's requests and answers are written once, next to the routes (src/api/admin/*/types.ts),
// and named here as the screens know them.
export type NewsletterStatus = NewsletterStatusValue

export const NEWSLETTER_STATUSES: NewsletterStatus[] = [
  "draft",
  "scheduled",
  "sending",
  "sent",
  "aggregating",
  "aggregated",
  "failed",
  "stopped",
  "cancelled",
]

export type NewsletterFormat = NewsletterFormatValue
export type CouponMode = NewsletterCouponModeValue
export type Audience = NewsletterAudience
export type Newsletter = AdminNewsletter
export type NewsletterCategory = AdminNewsletterCategory
export type NewsletterPayload = AdminNewsletterPayload
export type Preview = AdminNewsletterPreview
export type TestSendResult = AdminNewsletterTestSendResponse
export type AudiencePreview = AdminAudiencePreviewResponse
export type SubscriptionStatus = SubscriptionStatusValue
export type Recipient = AdminNewsletterRecipient
export type NewsletterLink = AdminNewsletterLink
export type AttentionAction = AdminNewsletterAttentionAction

/** The HTTP status of a failed js-sdk request (its FetchError), if any. */
export const errorStatus = (error: unknown): number | undefined =>
  typeof error === "object" && error !== null && "status" in error
    ? Number((error as { status: unknown }).status)
    : undefined

export const isNotFound = (error: unknown) => errorStatus(error) === 404

/** Uploads files through Medusa's file module and answers their public URLs. */
export const uploadImages = async (files: File[]) => {
  const { files: uploaded } = await sdk.admin.upload.create({ files })
  return uploaded.map((f) => f.url)
}

/** The language of a CSV export: Japanese headers and values in a Japanese admin, else English. */
const csvLanguage = (language: string): "ja" | "en" => (language.startsWith("ja") ? "ja" : "en")

/**
 * Downloads a CSV export (`path`, e.g. `/admin/newsletters/:id/recipients/export`, S7) in the
 * admin's language (`?lang=`), saved under the server's file name or `fallbackName`. Answers
 * false when the export route is not there.
 */
export const downloadCsv = async (path: string, fallbackName: string, language: string): Promise<boolean> => {
  let response: Response
  try {
    response = await sdk.client.fetch<Response>(path, {
      headers: { accept: "text/csv" },
      query: { lang: csvLanguage(language) },
    })
  } catch (error) {
    if (isNotFound(error)) {
      return false
    }
    throw error
  }
  const blob = await response.blob()
  const disposition = response.headers.get("content-disposition") ?? ""
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName
  const url = URL.createObjectURL(blob)
  const a = document.createElement("a")
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return true
}
