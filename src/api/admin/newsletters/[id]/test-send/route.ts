import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminNewsletterTestSendResponse } from "../../types"
import { sendNewsletterTestWorkflow } from "../../../../../workflows/send-newsletter-test"
import { answeringErrors } from "../../../../utils/respond-error"

/** Sends test mails now (S5); `{ to: "a@example.jp, b@example.jp" }`. */
export const POST = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<{ to: string[] }>,
    res: MedusaResponse<AdminNewsletterTestSendResponse>
  ) => {
    const { result } = await sendNewsletterTestWorkflow(req.scope).run({
      input: { id: req.params.id, to: req.validatedBody.to },
    })
    res.json(result)
  }
)

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
