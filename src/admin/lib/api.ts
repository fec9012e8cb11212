import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query"
import type { AdminNewsletterSettings } from "../../api/admin/newsletter-settings/types"
import { sdk } from "./sdk"

export type NewsletterStatus =
  | "draft"
  | "scheduled"
  | "sending"
  | "sent"
  | "aggregating"
  | "aggregated"
  | "cancelled"
  | "stopped"
  | "failed"

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

export type NewsletterFormat = "text" | "html" | "mjml"
export type CouponMode = "none" | "code" | "claim_link"
export type Audience = Record<string, unknown>

export type Newsletter = {
  id: string
  subject: string
  body: string
  format: NewsletterFormat
  scheduled_at: string
  audience: Audience | null
  promotion_id: string | null
  coupon_mode: CouponMode
  status: NewsletterStatus
  status_reason: string | null
  // The reason as a code with its values: the admin says it from `reasons.<code>` (lib/reasons.ts).
  status_reason_code?: string | null
  status_reason_params?: Record<string, unknown> | null
  started_at: string | null
  finished_at: string | null
  cancelled_at: string | null
  total_count: number
  succeeded_count: number
  failed_count: number
  unsent_count: number
  skipped_count: number
  // Of succeeded: sent, but Resend answered a retry as a duplicate (409), so their ids are unknown.
  unconfirmed_count?: number
  // Delivery reports (unique recipients, from Resend's webhooks). delivered, opened and clicked
  // come with every article (the rates); the others only in `useNewsletterResults`.
  delivered_count?: number | null
  complained_count?: number | null
  opened_count?: number | null
  clicked_count?: number | null
  awaiting_count?: number | null
  unknown_count?: number | null
  counted_at?: string | null
  aggregated_at?: string | null
  category_id: string | null
  category?: NewsletterCategory | null
  promotion?: { id: string; code: string | null } | null
  created_at: string
  updated_at: string
}

export type NewsletterCategory = {
  id: string
  name: string
  description?: string | null
  window_start: string | null
  window_end: string | null
  created_at?: string
  updated_at?: string
}

export type NewsletterSettings = AdminNewsletterSettings

export type NewsletterPayload = {
  subject?: string
  body?: string
  format?: NewsletterFormat
  scheduled_at?: string
  category_id?: string | null
  audience?: Audience
  promotion_id?: string | null
  coupon_mode?: CouponMode
}

export type Preview = {
  subject: string
  html: string | null
  text: string | null
  recipient: { email: string; first_name: string | null; last_name: string | null; sample: boolean }
}

export type TestSendResult = {
  transport: string
  results: Array<
    { email: string; status: "sent"; id: string } | { email: string; status: "failed"; error: string }
  >
}

export type AudiencePreview = {
  count: number
  sample: Array<{ email: string; first_name?: string | null; last_name?: string | null; customer_id?: string | null }>
}

export type SubscriptionStatus = "subscribed" | "unsubscribed" | "cleaned"

export type CustomerSubscription = {
  id: string | null
  email: string
  customer_id: string
  status: SubscriptionStatus
  updated_at: string | null
  history: Array<{
    id: string
    from_status: SubscriptionStatus | null
    to_status: SubscriptionStatus
    source: string
    reason: string | null
    newsletter_id: string | null
    actor_id: string | null
    created_at: string
  }>
}

export type Recipient = {
  id: string
  email: string
  first_name: string | null
  last_name: string | null
  customer_id: string | null
  status: string
  error_type: string | null
  error_reason: string | null
  // A reason the plugin gave (e.g. unsubscribed after the reservation): `recipients.errorCodes.<code>`.
  error_code?: string | null
  attempted_at: string | null
  // Delivery reports from Resend, when they came.
  delivered_at?: string | null
  bounced_at?: string | null
  opened_at?: string | null
  clicked_at?: string | null
  complained_at?: string | null
}

/** A link clicked in an article's mails (`GET /admin/newsletters/:id/links`). */
export type NewsletterLink = {
  url: string
  /** The plugin's own unsubscribe and coupon links are one link each (their tokens left out). */
  kind: "link" | "unsubscribe" | "coupon"
  unique_clicks: number
  clicks: number
  first_clicked_at: string
  last_clicked_at: string
}

export type AttentionAction = "send_again" | "skip"

/** The HTTP status of a failed js-sdk request (its FetchError), if any. */
export const errorStatus = (error: unknown): number | undefined =>
  typeof error === "object" && error !== null && "status" in error
    ? Number((error as { status: unknown }).status)
    : undefined

export const isNotFound = (error: unknown) => errorStatus(error) === 404

export const newsletterKeys = {
  all: ["newsletter"] as const,
  lists: () => [...newsletterKeys.all, "list"] as const,
  list: (query: Record<string, unknown>) => [...newsletterKeys.lists(), query] as const,
  detail: (id: string) => [...newsletterKeys.all, "detail", id] as const,
  preview: (id: string, updatedAt?: string) => [...newsletterKeys.all, "preview", id, updatedAt] as const,
  recipients: (id: string, query: Record<string, unknown>) =>
    [...newsletterKeys.all, "recipients", id, query] as const,
  links: (id: string, query: Record<string, unknown>) => [...newsletterKeys.all, "links", id, query] as const,
  audience: (audience: Audience) => [...newsletterKeys.all, "audience", audience] as const,
  settings: ["newsletter-settings"] as const,
  categories: ["newsletter-categories"] as const,
  subscription: (customerId: string) => ["newsletter-subscription", customerId] as const,
}

export const useNewsletterSettings = () =>
  useQuery({
    queryKey: newsletterKeys.settings,
    queryFn: () =>
      sdk.client.fetch<{ newsletter_settings: NewsletterSettings }>("/admin/newsletter-settings"),
    select: (data) => data.newsletter_settings,
    staleTime: 5 * 60_000,
  })

/** The store's time zone (default Asia/Tokyo while the settings load). */
export const useStoreTimezone = () => useNewsletterSettings().data?.timezone ?? "Asia/Tokyo"

const ACTIVE: NewsletterStatus[] = ["sending", "aggregating"]

/**
 * How soon to read again, so that a screen follows its articles without a reload: every 5 s
 * while one is being sent or counted, and while one waits for its send time, soon after that
 * time (at most 30 s later, since the send time can be changed meanwhile).
 */
const nextPoll = (rows: Newsletter[]): number | false => {
  if (rows.some((n) => ACTIVE.includes(n.status))) {
    return 5000
  }
  const waits = rows
    .filter((n) => n.status === "scheduled")
    .map((n) => new Date(n.scheduled_at).getTime() - Date.now())
  if (!waits.length) {
    return false
  }
  return Math.min(30_000, Math.max(5000, Math.min(...waits)))
}

export const useNewsletters = (query: {
  limit: number
  offset: number
  q?: string
  status?: NewsletterStatus[]
}) =>
  useQuery({
    queryKey: newsletterKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<{ newsletters: Newsletter[]; count: number }>("/admin/newsletters", {
        query: {
          limit: query.limit,
          offset: query.offset,
          q: query.q || undefined,
          status: query.status?.length ? query.status : undefined,
          order: "-created_at",
        },
      }),
    placeholderData: keepPreviousData,
    // While anything is being sent or counted, or is due to start, the list follows it by itself.
    refetchInterval: (q) =>
      nextPoll(q.state.data?.newsletters ?? []),
  })

export const useNewsletter = (id: string | undefined) =>
  useQuery({
    queryKey: newsletterKeys.detail(id ?? ""),
    queryFn: () => sdk.client.fetch<{ newsletter: Newsletter }>(`/admin/newsletters/${id}`),
    select: (data) => data.newsletter,
    enabled: !!id,
    refetchInterval: (q) => (q.state.data ? nextPoll([q.state.data.newsletter]) : false),
  })

const RESULT_FIELDS = [
  "delivered_count",
  "opened_count",
  "clicked_count",
  "complained_count",
  "awaiting_count",
  "unknown_count",
  "counted_at",
  "aggregated_at",
]

/** The article with its delivery reports, for the detail page. */
export const useNewsletterResults = (id: string | undefined) =>
  useQuery({
    queryKey: [...newsletterKeys.detail(id ?? ""), "results"],
    queryFn: () =>
      sdk.client.fetch<{ newsletter: Newsletter }>(`/admin/newsletters/${id}`, {
        query: { fields: RESULT_FIELDS.map((f) => `+${f}`).join(",") },
      }),
    select: (data) => data.newsletter,
    enabled: !!id,
    refetchInterval: (q) => (q.state.data ? nextPoll([q.state.data.newsletter]) : false),
  })

/** The mail as sample data (no customer) or as one customer would get it. */
export const useNewsletterPreview = (newsletter: Newsletter | undefined, customerId?: string | null) =>
  useQuery({
    queryKey: [...newsletterKeys.preview(newsletter?.id ?? "", newsletter?.updated_at), customerId ?? null],
    queryFn: () =>
      sdk.client.fetch<{ preview: Preview }>(`/admin/newsletters/${newsletter!.id}/preview`, {
        query: customerId ? { customer_id: customerId } : undefined,
      }),
    select: (data) => data.preview,
    enabled: !!newsletter,
    placeholderData: keepPreviousData,
  })

/**
 * The live count of the detailed search (S6). `available` is false while the preview route is
 * not installed (404), so screens can say so instead of failing.
 */
export const useAudiencePreview = (audience: Audience, enabled = true) => {
  const query = useQuery({
    queryKey: newsletterKeys.audience(audience),
    queryFn: () =>
      sdk.client.fetch<AudiencePreview>("/admin/newsletters/audience/preview", {
        method: "POST",
        body: { audience },
      }),
    enabled,
    placeholderData: keepPreviousData,
    retry: (count, error) => !isNotFound(error) && errorStatus(error) !== 400 && count < 2,
  })
  return { ...query, available: !isNotFound(query.error) }
}

export const useNewsletterRecipients = (
  id: string,
  query: { limit: number; offset: number; q?: string; status?: string }
) => {
  const result = useQuery({
    queryKey: newsletterKeys.recipients(id, query),
    queryFn: () =>
      sdk.client.fetch<{ recipients: Recipient[]; count: number }>(
        `/admin/newsletters/${id}/recipients`,
        { query: { ...query, q: query.q || undefined, status: query.status || undefined } }
      ),
    placeholderData: keepPreviousData,
    retry: (count, error) => !isNotFound(error) && count < 2,
  })
  return { ...result, available: !isNotFound(result.error) }
}

/** The links clicked in the article's mails, most clicked first; followed every 15 s while `live`. */
export const useNewsletterLinks = (id: string, query: { limit: number; offset: number }, live: boolean) =>
  useQuery({
    queryKey: newsletterKeys.links(id, query),
    queryFn: () =>
      sdk.client.fetch<{ links: NewsletterLink[]; count: number }>(`/admin/newsletters/${id}/links`, { query }),
    placeholderData: keepPreviousData,
    refetchInterval: live ? 15_000 : false,
  })

/**
 * The store owner's decision on the batches that need attention: send them again (a mail whose
 * first attempt went out arrives twice) or don't (their recipients are recorded as not sent).
 */
export const useResolveNewsletterAttention = (id: string) => {
  const invalidate = useInvalidateNewsletters()
  return useMutation({
    mutationFn: (action: AttentionAction) =>
      sdk.client.fetch<{ newsletter: Newsletter }>(`/admin/newsletters/${id}/attention`, {
        method: "POST",
        body: { action },
      }),
    onSuccess: invalidate,
  })
}

export const useNewsletterCategories = () =>
  useQuery({
    queryKey: newsletterKeys.categories,
    queryFn: () =>
      sdk.client.fetch<{ newsletter_categories: NewsletterCategory[]; count: number }>(
        "/admin/newsletter-categories",
        { query: { limit: 200 } }
      ),
  })

const useInvalidateNewsletters = () => {
  const client = useQueryClient()
  return () => client.invalidateQueries({ queryKey: newsletterKeys.all })
}

export const useCreateNewsletter = () => {
  const invalidate = useInvalidateNewsletters()
  return useMutation({
    mutationFn: (body: NewsletterPayload) =>
      sdk.client.fetch<{ newsletter: Newsletter }>("/admin/newsletters", { method: "POST", body }),
    onSuccess: invalidate,
  })
}

export const useUpdateNewsletter = (id: string) => {
  const invalidate = useInvalidateNewsletters()
  return useMutation({
    mutationFn: (body: NewsletterPayload) =>
      sdk.client.fetch<{ newsletter: Newsletter }>(`/admin/newsletters/${id}`, {
        method: "POST",
        body,
      }),
    onSuccess: invalidate,
  })
}

export const useNewsletterAction = (action: "schedule" | "cancel") => {
  const invalidate = useInvalidateNewsletters()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<{ newsletter: Newsletter; recipient_count?: number }>(
        `/admin/newsletters/${id}/${action}`,
        { method: "POST" }
      ),
    onSuccess: invalidate,
  })
}

/** 複製: copies an article in any status into a new draft; answers the new draft. */
export const useDuplicateNewsletter = () => {
  const invalidate = useInvalidateNewsletters()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<{ newsletter: Newsletter }>(`/admin/newsletters/${id}/duplicate`, {
        method: "POST",
      }),
    onSuccess: invalidate,
  })
}

export const useDeleteNewsletter = () => {
  const invalidate = useInvalidateNewsletters()
  return useMutation({
    mutationFn: (id: string) => sdk.client.fetch(`/admin/newsletters/${id}`, { method: "DELETE" }),
    onSuccess: invalidate,
  })
}

export const useTestSend = (id: string) =>
  useMutation({
    mutationFn: (to: string) =>
      sdk.client.fetch<TestSendResult>(`/admin/newsletters/${id}/test-send`, {
        method: "POST",
        body: { to },
      }),
  })

export const useSaveCategory = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...body }: Partial<NewsletterCategory> & { name: string }) =>
      sdk.client.fetch<{ newsletter_category: NewsletterCategory }>(
        id ? `/admin/newsletter-categories/${id}` : "/admin/newsletter-categories",
        { method: "POST", body }
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: newsletterKeys.categories }),
  })
}

export const useDeleteCategory = () => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch(`/admin/newsletter-categories/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: newsletterKeys.categories }),
  })
}

export const useCustomerSubscription = (customerId: string) =>
  useQuery({
    queryKey: newsletterKeys.subscription(customerId),
    queryFn: () =>
      sdk.client.fetch<{ newsletter_subscription: CustomerSubscription }>(
        `/admin/customers/${customerId}/newsletter-subscription`
      ),
    select: (data) => data.newsletter_subscription,
  })

export const useUpdateCustomerSubscription = (customerId: string) => {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { status: SubscriptionStatus; reason?: string }) =>
      sdk.client.fetch<{ newsletter_subscription: CustomerSubscription }>(
        `/admin/customers/${customerId}/newsletter-subscription`,
        { method: "POST", body }
      ),
    onSuccess: (data) =>
      client.setQueryData(newsletterKeys.subscription(customerId), data),
  })
}

/** Uploads files through Medusa's file module and answers their public URLs. */
export const uploadImages = async (files: File[]) => {
  const { files: uploaded } = await sdk.admin.upload.create({ files })
  return uploaded.map((f) => f.url)
}

/** The language of a CSV export: Japanese headers and values in a Japanese admin, else English. */
export const csvLanguage = (language: string): "ja" | "en" => (language.startsWith("ja") ? "ja" : "en")

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

export type Promotion = {
  id: string
  code: string
  status?: string
  is_automatic?: boolean
  campaign?: { name: string } | null
}

export const usePromotionSearch = (q: string) =>
  useQuery({
    queryKey: ["newsletter", "promotions", q],
    queryFn: () =>
      sdk.client.fetch<{ promotions: Promotion[] }>("/admin/promotions", {
        query: { q: q || undefined, limit: 20, fields: "id,code,status,is_automatic,campaign.name" },
      }),
    select: (data) => data.promotions,
    placeholderData: keepPreviousData,
  })

export const usePromotion = (id: string | null | undefined) =>
  useQuery({
    queryKey: ["newsletter", "promotion", id],
    queryFn: () =>
      sdk.client.fetch<{ promotion: Promotion }>(`/admin/promotions/${id}`, {
        query: { fields: "id,code,status" },
      }),
    select: (data) => data.promotion,
    enabled: !!id,
  })

export const useCustomerGroups = () =>
  useQuery({
    queryKey: ["newsletter", "customer-groups"],
    queryFn: () =>
      sdk.client.fetch<{ customer_groups: Array<{ id: string; name: string }> }>(
        "/admin/customer-groups",
        { query: { limit: 200, fields: "id,name" } }
      ),
    select: (data) => data.customer_groups,
  })
