import type { RemoteQueryFunction } from "@medusajs/framework/types"
import type { NewsletterSendContext } from "../../modules/newsletter/types"
import { notFound } from "../../modules/newsletter/utils/not-found"
import { compileArticle, CompiledArticle } from "../render/compile"
import type { ArticleForSending } from "./build-message"

type Query = Omit<RemoteQueryFunction, symbol>

/** An article as the dispatcher, the preview and the test send need it. */
export type ArticleToSend = ArticleForSending & {
  subject: string
  body: string
  format: "text" | "html" | "mjml"
  updated_at: Date | string
  /** The promotion's code now (a read-only link to the Promotion module); null without one. */
  promotion_code: string | null
  /** What the mails were frozen with when sending started; null before (and for 0.1's claims). */
  send_context: NewsletterSendContext | null
  /** The category's sending window (S12); null ends mean any time. */
  window: { window_start: string | null; window_end: string | null } | null
}

/** Reads an article with its promotion's code (a read-only link to the Promotion module). */
export async function loadArticle(query: Query, id: string): Promise<ArticleToSend> {
  const { data } = await query.graph({
    entity: "newsletter",
    fields: [
      "id",
      "subject",
      "body",
      "format",
      "coupon_mode",
      "updated_at",
      "send_context",
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
    send_context: n.send_context ?? null,
    window: n.category ?? null,
  }
}

/** The current code of each article's promotion (null without one), read before the claim freezes it. */
export async function loadPromotionCodes(query: Query, ids: string[]): Promise<Record<string, string | null>> {
  if (!ids.length) {
    return {}
  }
  const { data } = await query.graph({ entity: "newsletter", fields: ["id", "promotion.code"], filters: { id: ids } })
  return Object.fromEntries((data as any[]).map((n) => [n.id, n.promotion?.code ?? null]))
}

// Compiled templates per article version: MJML and Handlebars compile once per article, not per batch.
const cache = new Map<string, Promise<CompiledArticle>>()
const CACHE_LIMIT = 50

/**
 * The article compiled for rendering with `sender` (the frozen send context's when sending, the
 * live options' for the preview and the test send), from this process's cache when this version
 * of the article and sender was seen before.
 */
export function compiledFor(
  article: ArticleToSend,
  { sender }: Pick<NewsletterSendContext, "sender">
): Promise<CompiledArticle> {
  const key = `${article.id}@${new Date(article.updated_at).toISOString()}#${JSON.stringify(sender)}`
  const cached = cache.get(key)
  if (cached) {
    return cached
  }
  if (cache.size >= CACHE_LIMIT) {
    cache.clear()
  }
  const compiled = compileArticle(article, { shopName: sender.shopName ?? sender.name, sender })
  cache.set(key, compiled)
  compiled.catch(() => cache.delete(key))
  return compiled
}
