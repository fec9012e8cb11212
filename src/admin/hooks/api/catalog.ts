import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { queryKeysFactory } from "../../lib/query-key-factory"
import { sdk } from "../../lib/sdk"

/**
 * Medusa's own admin lists the detailed search picks from (purchased / not purchased, sales
 * channels): the route, the list's key in its answer and the field that names a record.
 */
export const CATALOG_RESOURCES = {
  products: { path: "/admin/products", key: "products", label: "title" },
  categories: { path: "/admin/product-categories", key: "product_categories", label: "name" },
  collections: { path: "/admin/collections", key: "collections", label: "title" },
  sales_channels: { path: "/admin/sales-channels", key: "sales_channels", label: "name" },
} as const

export type CatalogResource = keyof typeof CATALOG_RESOURCES

/** One record of a catalog list as a picker shows it. */
export type CatalogItem = { id: string; label: string }

// Keys of their own (not the dashboard's "products", …): these reads ask for id and name only.
export const newsletterCatalogKeys = queryKeysFactory<
  "newsletter-catalog",
  { resource: CatalogResource; q?: string; ids?: string[] }
>("newsletter-catalog")

async function readCatalog(resource: CatalogResource, query: Record<string, unknown>): Promise<CatalogItem[]> {
  const { path, key, label } = CATALOG_RESOURCES[resource]
  const data = await sdk.client.fetch<Record<string, Array<Record<string, string>>>>(path, {
    query: { ...query, fields: `id,${label}` },
  })
  return (data[key] ?? []).map((r) => ({ id: r.id, label: r[label] ?? r.id }))
}

/** The first 20 records whose name matches `q` (all when empty). */
export const useCatalogSearch = (resource: CatalogResource, q: string) =>
  useQuery({
    queryKey: newsletterCatalogKeys.list({ resource, q }),
    queryFn: () => readCatalog(resource, { q: q || undefined, limit: 20 }),
    placeholderData: keepPreviousData,
  })

/** The records `ids` (to name what a condition picked). */
export const useCatalogItems = (resource: CatalogResource, ids: string[]) =>
  useQuery({
    queryKey: newsletterCatalogKeys.list({ resource, ids }),
    queryFn: () => readCatalog(resource, { id: ids, limit: ids.length }),
    enabled: ids.length > 0,
  })
