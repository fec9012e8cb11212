import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  deleteNewsletterSegmentWorkflow,
  updateNewsletterSegmentWorkflow,
} from "../../../../workflows/newsletter-segments"
import { answeringErrors } from "../../../utils/respond-error"
import { refetchNewsletterSegment } from "../helpers"
import type { AdminUpdateNewsletterSegmentType } from "../validators"

export const GET = answeringErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const newsletter_segment = await refetchNewsletterSegment(req.params.id, req.scope, req.queryConfig?.fields)
  res.json({ newsletter_segment })
})

/** Changes a segment: drafts naming it follow; reserved articles keep the copy they were reserved with. */
export const POST = answeringErrors(
  async (req: AuthenticatedMedusaRequest<AdminUpdateNewsletterSegmentType>, res: MedusaResponse) => {
    await updateNewsletterSegmentWorkflow(req.scope).run({
      input: { id: req.params.id, data: req.validatedBody },
    })
    const newsletter_segment = await refetchNewsletterSegment(req.params.id, req.scope)
    res.json({ newsletter_segment })
  }
)

/** Deletes a segment no draft or scheduled article and no other segment names (else 409 naming them). */
export const DELETE = answeringErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await deleteNewsletterSegmentWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: req.params.id, object: "newsletter_segment", deleted: true })
})

// Authenticated by the plugin's middleware (src/api/middlewares.ts), whose 401 carries a code.
export const AUTHENTICATE = false
