import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { assertAudienceReferences } from "../../lib/audience/references"
import { parseAudience } from "../../lib/audience/schema"
import { currentAudienceSegments } from "../../lib/audience/segment-references"
import { segmentCycle } from "../../lib/audience/segments"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import { fieldError } from "../../modules/newsletter/errors"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { notFound } from "../../modules/newsletter/utils/not-found"

export type NewsletterSegmentData = {
  name?: string
  description?: string | null
  audience?: Record<string, unknown>
}

const nameTaken = (name: string) =>
  fieldError(
    MedusaError.Types.CONFLICT,
    "newsletter_segment_name_taken",
    `name: a segment named "${name}" already exists`,
    "name",
    { name }
  )

/**
 * The checks of a segment's save: the name is free (among segments not deleted, other than
 * `id`), the audience names groups, promotions, products… and segments that exist, and it does
 * not name the segment itself through `segment_id`, directly or through a chain
 * (`newsletter_segment_cycle` {chain}).
 */
async function assertSegmentSave(
  container: MedusaContainer,
  data: NewsletterSegmentData,
  id?: string
) {
  const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
  if (data.name !== undefined) {
    const [same] = await service.listNewsletterSegments({ name: data.name }, { select: ["id"] })
    if (same && same.id !== id) {
      throw nameTaken(data.name)
    }
  }
  if (data.audience !== undefined) {
    const audience = parseAudience(data.audience)
    await assertAudienceReferences(container, audience)
    const segments = await currentAudienceSegments(container, audience)
    const cycle = id ? segmentCycle(id, audience, segments) : null
    if (cycle) {
      throw fieldError(
        MedusaError.Types.INVALID_DATA,
        "newsletter_segment_cycle",
        `audience.segment_id: the segment would include itself (${cycle.join(" → ")})`,
        "audience.segment_id",
        { chain: cycle }
      )
    }
  }
}

/** The unique index is the last word on names: a save that lost a race on one gets the same 409. */
async function savingName<T>(name: string | undefined, save: () => Promise<T>): Promise<T> {
  try {
    return await save()
  } catch (e) {
    if (name !== undefined && MedusaError.isMedusaError(e) && (e as MedusaError).type === MedusaError.Types.DUPLICATE_ERROR) {
      throw nameTaken(name)
    }
    throw e
  }
}

export const createNewsletterSegmentStepId = "create-newsletter-segment"

/**
 * This step creates a saved segment after checking its name and audience.
 * Its compensation deletes it.
 */
export const createNewsletterSegmentStep = createStep(
  createNewsletterSegmentStepId,
  async (data: NewsletterSegmentData & { name: string }, { container }) => {
    await assertSegmentSave(container, data)
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const segment = await savingName(data.name, () => service.createNewsletterSegments(data))
    return new StepResponse(segment, segment.id)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    await container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).deleteNewsletterSegments(id)
  }
)

export const updateNewsletterSegmentStepId = "update-newsletter-segment"

/**
 * This step changes a saved segment's name, description or audience. Drafts that name it read
 * the new filter; reserved articles keep the copy they were reserved with.
 * Its compensation restores the previous values.
 */
export const updateNewsletterSegmentStep = createStep(
  updateNewsletterSegmentStepId,
  async (input: { id: string; data: NewsletterSegmentData }, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const [before] = await service.listNewsletterSegments({ id: input.id })
    if (!before) {
      throw notFound("Newsletter segment", input.id)
    }
    await assertSegmentSave(container, input.data, input.id)
    const segment = await savingName(input.data.name, () =>
      service.updateNewsletterSegments({ id: input.id, ...input.data })
    )
    return new StepResponse(segment, {
      id: before.id,
      name: before.name,
      description: before.description,
      audience: before.audience as Record<string, unknown>,
    })
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    await container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).updateNewsletterSegments(previous)
  }
)

export const deleteNewsletterSegmentStepId = "delete-newsletter-segment"

/**
 * This step soft-deletes a saved segment unless a draft or scheduled article, or another segment,
 * names it (409 `newsletter_segment_in_use` naming them). Its compensation restores it.
 */
export const deleteNewsletterSegmentStep = createStep(
  deleteNewsletterSegmentStepId,
  async (id: string, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const deleted = await service.deleteNewsletterSegmentGuarded(id)
    return new StepResponse(void 0, deleted)
  },
  async (deleted, { container }) => {
    if (!deleted) {
      return
    }
    await container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).restoreNewsletterSegment(deleted)
  }
)
