import { model } from "@medusajs/framework/utils"
import { NewsletterBatchStatus } from "../types"

/**
 * A slice of at most 100 recipients of an article (positions first..last), sent as ONE Resend
 * batch request with ONE deterministic Idempotency-Key. Workers claim batches with a lease, so
 * several processes share an article without overlap, and a batch whose worker died is taken
 * over once its lease has expired.
 */
export const NewsletterBatch = model
  .define("newsletter_batch", {
    id: model.id({ prefix: "nlbat" }).primaryKey(),
    newsletter_id: model.text(),
    // 1-based; the Idempotency-Key is derived from (newsletter_id, seq).
    seq: model.number(),
    first_position: model.number(),
    last_position: model.number(),
    status: model.enum(NewsletterBatchStatus).default(NewsletterBatchStatus.PENDING),
    attempts: model.number().default(0),
    // Whether opt-outs since the reservation were marked skipped. Done once, at the first claim,
    // so that every retry sends the identical payload.
    skip_checked: model.boolean().default(false),
    // The plugin clock's time of the first claim. Resend forgets an idempotency key after 24
    // hours: a batch first attempted more than 23 hours ago is never re-sent automatically.
    first_attempted_at: model.dateTime().nullable(),
    // How many times the store owner chose to send the batch again after it needed attention:
    // each round gets its own Idempotency-Key (round 0 keeps the original one), since Resend has
    // forgotten the old key and a retry under it would be treated as new anyway.
    key_generation: model.number().default(0),
    // While in the future (by the plugin's clock), the batch belongs to worker_id; worker_id with
    // attempts is the holder's fencing token.
    lease_until: model.dateTime().nullable(),
    worker_id: model.text().nullable(),
    // Earliest time of the next attempt after a retryable failure (backoff).
    next_attempt_at: model.dateTime().nullable(),
    last_error: model.text().nullable(),
  })
  .indexes([
    { on: ["newsletter_id", "seq"], unique: true, where: "deleted_at IS NULL" },
    { on: ["newsletter_id", "status"], where: "deleted_at IS NULL" },
  ])
