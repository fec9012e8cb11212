import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type {
  AdminAudiencePreviewResponse,
  AdminNewsletter,
  AdminNewsletterAttentionAction,
  AdminNewsletterDeleteResponse,
  AdminNewsletterLinksResponse,
  AdminNewsletterListResponse,
  AdminNewsletterPayload,
  AdminNewsletterPreviewResponse,
  AdminNewsletterRecipientListResponse,
  AdminNewsletterResponse,
  AdminNewsletterScheduleResponse,
  AdminNewsletterTestSendResponse,
  AdminNewsletterUnsubscribeReasonsResponse,
  NewsletterAudience,
  NewsletterStatusValue,
} from "../../../api/admin/newsletters/types"
import { errorStatus, isNotFound } from "../../lib/api"
import { nextPoll } from "../../lib/poll"
import { queryKeysFactory } from "../../lib/query-key-factory"
import { sdk } from "../../lib/sdk"

const BASE = "/admin/newsletters"

/** The article list's query: statuses (all when empty), subject search, page. */
export type NewsletterListQuery = {
  limit: number
  offset: number
  q?: string
  status?: NewsletterStatusValue[]
}

export type NewsletterRecipientQuery = { limit: number; offset: number; q?: string; status?: string }
export type NewsletterLinkQuery = { limit: number; offset: number }

const keys = queryKeysFactory<"newsletter", NewsletterListQuery>("newsletter")

/**
 * Query keys of the articles: the lists, and per article (under `detail(id)`, so that a change of
 * the article reaches them) its results, preview, recipients and links; audience previews apart.
 */
export const newsletterKeys = {
  ...keys,
  results: (id: string) => keys.detail(id, "results"),
  preview: (id: string, updatedAt: string | undefined, customerId: string | null) =>
    keys.detail(id, "preview", updatedAt, customerId),
  recipients: (id: string, query: NewsletterRecipientQuery) => keys.detail(id, "recipients", query),
  links: (id: string, query: NewsletterLinkQuery) => keys.detail(id, "links", query),
  unsubscribeReasons: (id: string) => keys.detail(id, "unsubscribe-reasons"),
  audience: (audience: NewsletterAudience) => [...keys.all, "audience", audience] as const,
}

export const useNewsletters = (query: NewsletterListQuery) =>
  useQuery({
    queryKey: newsletterKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<AdminNewsletterListResponse>(BASE, {
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
    refetchInterval: (q) => nextPoll(q.state.data?.newsletters ?? []),
  })

export const useNewsletter = (id: string | undefined) =>
  useQuery({
    queryKey: newsletterKeys.detail(id ?? ""),
    queryFn: () => sdk.client.fetch<AdminNewsletterResponse>(`${BASE}/${id}`),
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
    queryKey: newsletterKeys.results(id ?? ""),
    queryFn: () =>
      sdk.client.fetch<AdminNewsletterResponse>(`${BASE}/${id}`, {
        query: { fields: RESULT_FIELDS.map((f) => `+${f}`).join(",") },
      }),
    select: (data) => data.newsletter,
    enabled: !!id,
    refetchInterval: (q) => (q.state.data ? nextPoll([q.state.data.newsletter]) : false),
  })

/** The mail as sample data (no customer) or as one customer would get it. */
export const useNewsletterPreview = (newsletter: AdminNewsletter | undefined, customerId?: string | null) =>
  useQuery({
    queryKey: newsletterKeys.preview(newsletter?.id ?? "", newsletter?.updated_at, customerId ?? null),
    queryFn: () =>
      sdk.client.fetch<AdminNewsletterPreviewResponse>(`${BASE}/${newsletter!.id}/preview`, {
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
export const useAudiencePreview = (audience: NewsletterAudience, enabled = true) => {
  const query = useQuery({
    queryKey: newsletterKeys.audience(audience),
    queryFn: () =>
      sdk.client.fetch<AdminAudiencePreviewResponse>(`${BASE}/audience/preview`, {
        method: "POST",
        body: { audience },
      }),
    enabled,
    placeholderData: keepPreviousData,
    retry: (count, error) => !isNotFound(error) && errorStatus(error) !== 400 && count < 2,
  })
  return { ...query, available: !isNotFound(query.error) }
}

export const useNewsletterRecipients = (id: string, query: NewsletterRecipientQuery) => {
  const result = useQuery({
    queryKey: newsletterKeys.recipients(id, query),
    queryFn: () =>
      sdk.client.fetch<AdminNewsletterRecipientListResponse>(`${BASE}/${id}/recipients`, {
        query: { ...query, q: query.q || undefined, status: query.status || undefined },
      }),
    placeholderData: keepPreviousData,
    retry: (count, error) => !isNotFound(error) && count < 2,
  })
  return { ...result, available: !isNotFound(result.error) }
}

/** The links clicked in the article's mails, most clicked first; followed every 15 s while `live`. */
export const useNewsletterLinks = (id: string, query: NewsletterLinkQuery, live: boolean) =>
  useQuery({
    queryKey: newsletterKeys.links(id, query),
    queryFn: () => sdk.client.fetch<AdminNewsletterLinksResponse>(`${BASE}/${id}/links`, { query }),
    placeholderData: keepPreviousData,
    refetchInterval: live ? 15_000 : false,
  })

/** Why the article's recipients unsubscribed through its link (counts per reason); followed every 60 s while `live`. */
export const useNewsletterUnsubscribeReasons = (id: string, live: boolean) =>
  useQuery({
    queryKey: newsletterKeys.unsubscribeReasons(id),
    queryFn: () =>
      sdk.client.fetch<AdminNewsletterUnsubscribeReasonsResponse>(`${BASE}/${id}/unsubscribe-reasons`),
    refetchInterval: live ? 60_000 : false,
  })

/** After a change of an article: every list and every read of an article. */
const useInvalidateNewsletters = () => {
  const client = useQueryClient()
  return () => client.invalidateQueries({ queryKey: newsletterKeys.all })
}

/**
 * The store owner's decision on the batches that need attention: send them again (a mail whose
 * first attempt went out arrives twice) or don't (their recipients are recorded as not sent).
 */
export const useResolveNewsletterAttention = (id: string) => {
  const invalidate = useInvalidateNewsletters()
  return useMutation({
    mutationFn: (action: AdminNewsletterAttentionAction) =>
      sdk.client.fetch<AdminNewsletterResponse>(`${BASE}/${id}/attention`, { method: "POST", body: { action } }),
    onSuccess: invalidate,
  })
}

export const useCreateNewsletter = () => {
  const invalidate = useInvalidateNewsletters()
  return useMutation({
    mutationFn: (body: AdminNewsletterPayload) =>
      sdk.client.fetch<AdminNewsletterResponse>(BASE, { method: "POST", body }),
    onSuccess: invalidate,
  })
}

export const useUpdateNewsletter = (id: string) => {
  const invalidate = useInvalidateNewsletters()
  return useMutation({
    mutationFn: (body: AdminNewsletterPayload) =>
      sdk.client.fetch<AdminNewsletterResponse>(`${BASE}/${id}`, { method: "POST", body }),
    onSuccess: invalidate,
  })
}

export const useNewsletterAction = (action: "schedule" | "cancel") => {
  const invalidate = useInvalidateNewsletters()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<AdminNewsletterScheduleResponse>(`${BASE}/${id}/${action}`, { method: "POST" }),
    onSuccess: invalidate,
  })
}

/** 複製: copies an article in any status into a new draft; answers the new draft. */
export const useDuplicateNewsletter = () => {
  const invalidate = useInvalidateNewsletters()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<AdminNewsletterResponse>(`${BASE}/${id}/duplicate`, { method: "POST" }),
    onSuccess: invalidate,
  })
}

export const useDeleteNewsletter = () => {
  const invalidate = useInvalidateNewsletters()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<AdminNewsletterDeleteResponse>(`${BASE}/${id}`, { method: "DELETE" }),
    onSuccess: invalidate,
  })
}

export const useTestSend = (id: string) =>
  useMutation({
    mutationFn: (to: string) =>
      sdk.client.fetch<AdminNewsletterTestSendResponse>(`${BASE}/${id}/test-send`, { method: "POST", body: { to } }),
  })
