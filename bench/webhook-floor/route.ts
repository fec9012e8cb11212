/**
 * Bench only: Medusa's own floor for webhook ingestion. A route in the same `medusa start` server
 * as the plugin's POST /hooks/newsletter/resend, behind the same /hooks prefix, body parser and
 * size limit, that resolves the plugin's options, verifies the Standard Webhooks signature with
 * the plugin's verifier and answers 200, without reading the body further or touching the
 * database. Loaded only by the benchmark (bench/lib/webhook-floor.ts makes a local plugin of it
 * and the repo's test medusa-config.ts adds that plugin when NEWSLETTER_BENCH_FLOOR_PLUGIN is
 * set); it is not part of the plugin's package.
 */
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { webhookVerifier } from "../../src/lib/webhooks/signature"
import { NEWSLETTER_MODULE } from "../../src/modules/newsletter"
import type NewsletterModuleService from "../../src/modules/newsletter/service"

export const AUTHENTICATE = false

const header = (req: MedusaRequest, name: string) => {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const options = await req.scope.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).getOptions()
  const raw = (req as MedusaRequest & { rawBody?: Buffer }).rawBody
  const ok =
    !!raw &&
    !!options.resend?.webhookSecret &&
    webhookVerifier(options.resend.webhookSecret)(
      { id: header(req, "svix-id"), timestamp: header(req, "svix-timestamp"), signature: header(req, "svix-signature") },
      raw,
      Math.floor(Date.now() / 1000)
    )
  if (!ok) {
    res.status(401).json({ type: "unauthorized", code: "webhook_signature_invalid", message: "Invalid signature" })
    return
  }
  res.json({ received: true })
}
