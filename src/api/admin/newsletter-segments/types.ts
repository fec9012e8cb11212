// The answers of the saved-segment routes (保存した検索条件), written once for the routes and the
// admin screens (which import them as types only).

/** A saved segment: a named detailed-search filter that audiences name with `segment_id`. */
export type AdminNewsletterSegment = {
  id: string
  name: string
  description: string | null
  audience: Record<string, unknown>
  /** With `?with_count=true`: how many subscribed customers the filter selects now. */
  audience_count?: number
  created_at?: string
  updated_at?: string
}

/** `POST /admin/newsletter-segments(/:id)` */
export type AdminNewsletterSegmentPayload = {
  name?: string
  description?: string | null
  audience?: Record<string, unknown>
}

/** `GET /admin/newsletter-segments` */
export type AdminNewsletterSegmentListResponse = {
  newsletter_segments: AdminNewsletterSegment[]
  count: number
  offset: number
  limit: number
}

/** `GET`, `POST /admin/newsletter-segments/:id` and create */
export type AdminNewsletterSegmentResponse = { newsletter_segment: AdminNewsletterSegment }

/** `DELETE /admin/newsletter-segments/:id` */
export type AdminNewsletterSegmentDeleteResponse = { id: string; object: "newsletter_segment"; deleted: true }
