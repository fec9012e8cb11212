import type { RemoteQueryFunction } from "@medusajs/framework/types"
import type { ResolvedNewsletterOptions } from "../../modules/newsletter/options"
import { notFound } from "../../modules/newsletter/utils/not-found"
import { compileArticle, CompiledArticle } from "../render/compile"
import type { ArticleForSending } from "./build-message"

/** An article as the dispatcher, the preview and the test send need it. */
export type ArticleToSend = ArticleForSending & {
  subject: string
  body: string
  format: "text" | "html" | "mjml"
  updated_at: Date | string
  /** The category's sending window (S12); null ends mean any time. */
  window: { window_start: string | null; window_end: string | null } | null
}

/** Reads an article with its promotion's code (a read-only link to the Promotion module). */
export async function loadArticle(query: Omit<RemoteQueryFunction, symbol>, id: string): Promise<ArticleToSend> {
  const { data } = await query.graph({
    entity: "newsletter",
    fields: [
      "id",
      "subject",
      "body",
      "format",
      "coupon_mode",
      "updated_at",
      "promotion.code",
      "category.window_start",
      "category.window_end",
    ],
    filters: { id },
  })
  if (!data.length) {
    throw notFound("Newsletter", id)
  }
  const [n] = data as any[]
  return {
    id: n.id,
    subject: n.subject,
    body: n.body,
    format: n.format,
    coupon_mode: n.coupon_mode,
    updated_at: n.updated_at,
    promotion_code: n.promotion?.code ?? null,
    window: n.category ?? null,
  }
}

// Compiled templates per article version: MJML and Handlebars compile once per article, not per batch.
const cache = new Map<string, Promise<CompiledArticle>>()
const CACHE_LIMIT = 50

/** The article compiled for rendering, from this process's cache when its version was seen before. */
export function compiledFor(
  article: ArticleToSend,
  options: ResolvedNewsletterOptions
): Promise<CompiledArticle> {
  const key = `${article.id}@${new Date(article.updated_at).toISOString()}`
  const cached = cache.get(key)
  if (cached) {
    return cached
  }
  if (cache.size >= CACHE_LIMIT) {
    cache.clear()
  }
  const compiled = compileArticle(article, {
    shopName: options.sender.shopName ?? options.sender.name,
    sender: options.sender,
  })
  cache.set(key, compiled)
  compiled.catch(() => cache.delete(key))
  return compiled
}
