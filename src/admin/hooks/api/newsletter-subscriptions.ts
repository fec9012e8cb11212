import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type {
  AdminNewsletterSubscriptionBatchResponse,
  AdminNewsletterSubscriptionImportResponse,
  AdminNewsletterSubscriptionListResponse,
  AdminNewsletterSubscriptionResponse,
  SubscriptionActionValue,
  SubscriptionStatusValue,
} from "../../../api/admin/newsletter-subscriptions/types"
import { queryKeysFactory } from "../../lib/query-key-factory"
import { sdk } from "../../lib/sdk"
import { customerNewsletterSubscriptionKeys } from "./customer-newsletter-subscription"

const BASE = "/admin/newsletter-subscriptions"

/** The subscriber list's query: statuses (all when empty), search, page. */
export type NewsletterSubscriptionQuery = {
  status?: SubscriptionStatusValue[]
  q?: string
  limit: number
  offset: number
}

/** Query keys of the subscriptions (メルマガ購読者), in the dashboard's query-key-factory shape. */
export const newsletterSubscriptionKeys = queryKeysFactory<"newsletter-subscriptions", NewsletterSubscriptionQuery>(
  "newsletter-subscriptions"
)

/** A page of the subscriber list, the last changed first. */
export const useNewsletterSubscriptions = (query: NewsletterSubscriptionQuery) =>
  useQuery({
    queryKey: newsletterSubscriptionKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<AdminNewsletterSubscriptionListResponse>(BASE, {
        query: {
          limit: query.limit,
          offset: query.offset,
          q: query.q || undefined,
          status: query.status?.length ? query.status : undefined,
        },
      }),
    placeholderData: keepPreviousData,
  })

/** One subscription with its whole history, newest first (the drawer). */
export const useNewsletterSubscription = (id: string | null) =>
  useQuery({
    queryKey: newsletterSubscriptionKeys.detail(id ?? ""),
    queryFn: () => sdk.client.fetch<AdminNewsletterSubscriptionResponse>(`${BASE}/${id}`),
    select: (data) => data.newsletter_subscription,
    enabled: !!id,
  })

/**
 * After a change of subscriptions: the list, the drawer and the customer page's widget (which
 * reads the same records) read again.
 */
const useInvalidateSubscriptions = () => {
  const client = useQueryClient()
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: newsletterSubscriptionKeys.all }),
      // Every customer's widget.
      client.invalidateQueries({ queryKey: customerNewsletterSubscriptionKeys.all }),
    ])
}

/** A bulk action (クリーニング済にする, クリーニング解除, 配信停止) on the selected subscriptions. */
export const useBatchNewsletterSubscriptions = () => {
  const invalidate = useInvalidateSubscriptions()
  return useMutation({
    mutationFn: (body: { ids: string[]; action: SubscriptionActionValue }) =>
      sdk.client.fetch<AdminNewsletterSubscriptionBatchResponse>(`${BASE}/batch`, { method: "POST", body }),
    onSuccess: invalidate,
  })
}

/**
 * Sends the chosen CSV file as it is (`Content-Type: text/csv`) to the import: with `dryRun` only
 * checked (counts and refused lines, nothing written), else imported.
 */
export const useImportNewsletterSubscriptions = () => {
  const invalidate = useInvalidateSubscriptions()
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) =>
      sdk.client.fetch<AdminNewsletterSubscriptionImportResponse>(`${BASE}/import`, {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: file,
        query: dryRun ? { dry_run: "true" } : undefined,
      }),
    onSuccess: (_report, { dryRun }) => (dryRun ? undefined : invalidate()),
  })
}
