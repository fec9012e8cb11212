import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { queryKeysFactory } from "../../lib/query-key-factory"
import { sdk } from "../../lib/sdk"

/** The few fields of Medusa's promotions the article form shows. */
export type Promotion = {
  id: string
  code: string
  status?: string
  is_automatic?: boolean
  campaign?: { name: string } | null
}

// Keys of their own (not the dashboard's "promotions"): these reads ask for fewer fields.
export const newsletterPromotionKeys = queryKeysFactory<"newsletter-promotions", { q: string }>(
  "newsletter-promotions"
)

/** Promotions whose code matches `q`, for the coupon picker. */
export const usePromotionSearch = (q: string) =>
  useQuery({
    queryKey: newsletterPromotionKeys.list({ q }),
    queryFn: () =>
      sdk.client.fetch<{ promotions: Promotion[] }>("/admin/promotions", {
        query: { q: q || undefined, limit: 20, fields: "id,code,status,is_automatic,campaign.name" },
      }),
    select: (data) => data.promotions,
    placeholderData: keepPreviousData,
  })

export const usePromotion = (id: string | null | undefined) =>
  useQuery({
    queryKey: newsletterPromotionKeys.detail(id ?? ""),
    queryFn: () =>
      sdk.client.fetch<{ promotion: Promotion }>(`/admin/promotions/${id}`, {
        query: { fields: "id,code,status" },
      }),
    select: (data) => data.promotion,
    enabled: !!id,
  })
