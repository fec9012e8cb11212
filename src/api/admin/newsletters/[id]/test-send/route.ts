import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendNewsletterTestWorkflow } from "../../../../../workflows/send-newsletter-test"
import { answeringErrors } from "../../../../utils/respond-error"

/** Sends test mails now (S5); `{ to: "a@example.jp, b@example.jp" }`. */
export const POST = answeringErrors(
  async (
    req: AuthenticatedMedusaRequest<{ to: string[] }>,
    res: MedusaResponse
  ) => {
    const { result } = await sendNewsletterTestWorkflow(req.scope).run({
      input: { id: req.params.id, to: req.validatedBody.to },
    })
    res.json(result)
  }
)
