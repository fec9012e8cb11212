import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type {
  AdminNewsletterCategoryDeleteResponse,
  AdminNewsletterCategoryListResponse,
  AdminNewsletterCategoryPayload,
  AdminNewsletterCategoryResponse,
} from "../../../api/admin/newsletter-categories/types"
import { queryKeysFactory } from "../../lib/query-key-factory"
import { sdk } from "../../lib/sdk"
import { newsletterKeys } from "./newsletters"

const BASE = "/admin/newsletter-categories"

/** Query keys of the delivery categories (配信カテゴリ). */
export const newsletterCategoryKeys = queryKeysFactory<"newsletter-categories", { limit: number }>(
  "newsletter-categories"
)

const ALL = { limit: 200 }

/** Every category (the form's select and the settings page). */
export const useNewsletterCategories = () =>
  useQuery({
    queryKey: newsletterCategoryKeys.list(ALL),
    queryFn: () => sdk.client.fetch<AdminNewsletterCategoryListResponse>(BASE, { query: ALL }),
  })

/** After a change: the categories, and the articles that show their category, read again. */
const useInvalidateCategories = () => {
  const client = useQueryClient()
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: newsletterCategoryKeys.all }),
      client.invalidateQueries({ queryKey: newsletterKeys.details() }),
    ])
}

/** Creates a category, or edits the one whose `id` is given. */
export const useSaveCategory = () => {
  const invalidate = useInvalidateCategories()
  return useMutation({
    mutationFn: ({ id, ...body }: AdminNewsletterCategoryPayload & { id?: string }) =>
      sdk.client.fetch<AdminNewsletterCategoryResponse>(id ? `${BASE}/${id}` : BASE, { method: "POST", body }),
    onSuccess: invalidate,
  })
}

export const useDeleteCategory = () => {
  const invalidate = useInvalidateCategories()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<AdminNewsletterCategoryDeleteResponse>(`${BASE}/${id}`, { method: "DELETE" }),
    onSuccess: invalidate,
  })
}
