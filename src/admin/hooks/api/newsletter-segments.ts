import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type {
  AdminNewsletterSegmentDeleteResponse,
  AdminNewsletterSegmentListResponse,
  AdminNewsletterSegmentPayload,
  AdminNewsletterSegmentResponse,
} from "../../../api/admin/newsletter-segments/types"
import { queryKeysFactory } from "../../lib/query-key-factory"
import { sdk } from "../../lib/sdk"

const BASE = "/admin/newsletter-segments"

/** The segment list's query: with each segment's current count or without. */
export type NewsletterSegmentQuery = { limit: number; with_count?: boolean }

/** Query keys of the saved segments (保存した検索条件), in the dashboard's query-key-factory shape. */
export const newsletterSegmentKeys = queryKeysFactory<"newsletter-segments", NewsletterSegmentQuery>(
  "newsletter-segments"
)

const ALL: NewsletterSegmentQuery = { limit: 200 }

/** Every saved segment (the detailed search's picker; `with_count` for the settings page). */
export const useNewsletterSegments = (query: NewsletterSegmentQuery = ALL) =>
  useQuery({
    queryKey: newsletterSegmentKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<AdminNewsletterSegmentListResponse>(BASE, {
        query: { limit: query.limit, with_count: query.with_count ? "true" : undefined },
      }),
  })

const useInvalidateSegments = () => {
  const client = useQueryClient()
  return () => client.invalidateQueries({ queryKey: newsletterSegmentKeys.all })
}

/** Saves a filter as a new segment, or changes the one whose `id` is given. */
export const useSaveSegment = () => {
  const invalidate = useInvalidateSegments()
  return useMutation({
    mutationFn: ({ id, ...body }: AdminNewsletterSegmentPayload & { id?: string }) =>
      sdk.client.fetch<AdminNewsletterSegmentResponse>(id ? `${BASE}/${id}` : BASE, { method: "POST", body }),
    onSuccess: invalidate,
  })
}

export const useDeleteSegment = () => {
  const invalidate = useInvalidateSegments()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<AdminNewsletterSegmentDeleteResponse>(`${BASE}/${id}`, { method: "DELETE" }),
    onSuccess: invalidate,
  })
}
