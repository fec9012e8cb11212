import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { NEWSLETTER_MODULE, NewsletterStatus } from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import type { UpdateNewsletterGuardedInput } from "../../modules/newsletter/service"

export type EditNewsletterStepInput = UpdateNewsletterGuardedInput

export const editNewsletterStepId = "edit-newsletter"

/**
 * This step writes an edit of an article in one statement conditional on its status: still
 * editable and still the status the workflow validated (and, for a reserved article whose audience
 * is edited, still the audience it compared). With `drop_snapshot` the same statement sends the
 * reserved article back to draft and drops its recipient snapshot. An article that changed
 * meanwhile (e.g. claimed for sending) is left as it is: 409 naming its status. Its compensation
 * puts back the edited fields (and the snapshot), only while the article still has the status the
 * edit left.
 */
export const editNewsletterStep = createStep(
  editNewsletterStepId,
  async (input: EditNewsletterStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const { previous, newsletter, dropped_at } = await service.updateNewsletterGuarded(input)
    const edited = [
      ...Object.keys(input.data).filter((key) => input.data[key] !== undefined),
      ...(dropped_at ? ["status", "total_count", "unsent_count"] : []),
    ]
    return new StepResponse(newsletter, {
      id: input.id,
      from: newsletter.status as NewsletterStatus,
      previous: Object.fromEntries(edited.map((key) => [key, previous[key]])),
      dropped_at,
    })
  },
  async (edit, { container }) => {
    if (!edit) {
      return
    }
    // An article that moved on since (e.g. is being sent) keeps what it has: no content changes
    // under a send.
    await container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).restoreNewsletterEdit(edit)
  }
)
