import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { NEWSLETTER_MODULE } from "../../modules/newsletter"
import { NewsletterError } from "../../modules/newsletter/errors"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { NewsletterStatusSets } from "../../modules/newsletter/utils/newsletter-status"
import { notFound } from "../../modules/newsletter/utils/not-found"
import { validateSendingWindow } from "../../modules/newsletter/utils/sending-window"

export type NewsletterCategoryData = {
  name?: string
  description?: string | null
  window_start?: string | null
  window_end?: string | null
}

const assertWindow = (data: NewsletterCategoryData) => {
  const problem = validateSendingWindow(data.window_start, data.window_end)
  if (problem) {
    throw new NewsletterError(
      MedusaError.Types.INVALID_DATA,
      problem.code,
      problem.message,
      {},
      problem.fields.map((path) => ({ path, code: problem.code, params: {} }))
    )
  }
}

export const createNewsletterCategoryStepId = "create-newsletter-category"

/**
 * This step creates a delivery category after checking its sending window.
 * Its compensation deletes it.
 */
export const createNewsletterCategoryStep = createStep(
  createNewsletterCategoryStepId,
  async (data: NewsletterCategoryData & { name: string }, { container }) => {
    assertWindow(data)
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const category = await service.createNewsletterCategories(data)
    return new StepResponse(category, category.id)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    await container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).deleteNewsletterCategories(id)
  }
)

export const updateNewsletterCategoryStepId = "update-newsletter-category"

/**
 * This step updates a delivery category; the window is checked as it will be after the update.
 * Its compensation restores the previous values.
 */
export const updateNewsletterCategoryStep = createStep(
  updateNewsletterCategoryStepId,
  async (input: { id: string; data: NewsletterCategoryData }, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const [before] = await service.listNewsletterCategories({ id: input.id })
    if (!before) {
      throw notFound("Newsletter category", input.id)
    }
    assertWindow({
      window_start: input.data.window_start !== undefined ? input.data.window_start : before.window_start,
      window_end: input.data.window_end !== undefined ? input.data.window_end : before.window_end,
    })
    const category = await service.updateNewsletterCategories({ id: input.id, ...input.data })
    return new StepResponse(category, {
      id: before.id,
      name: before.name,
      description: before.description,
      window_start: before.window_start,
      window_end: before.window_end,
    })
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    await container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).updateNewsletterCategories(previous)
  }
)

export const deleteNewsletterCategoryStepId = "delete-newsletter-category"

// "draft, scheduled or sending": the in-use set as the refusal names it.
const inUseWords = [NewsletterStatusSets.IN_USE.slice(0, -1).join(", "), ...NewsletterStatusSets.IN_USE.slice(-1)].join(
  " or "
)

/**
 * This step soft-deletes a delivery category, refusing while a draft, scheduled or sending
 * article still uses it (its window would silently stop applying). Its compensation restores it.
 */
export const deleteNewsletterCategoryStep = createStep(
  deleteNewsletterCategoryStepId,
  async (id: string, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const [category] = await service.listNewsletterCategories({ id })
    if (!category) {
      throw notFound("Newsletter category", id)
    }
    const [, inUse] = await service.listAndCountNewsletters(
      {
        category_id: id,
        status: [...NewsletterStatusSets.IN_USE],
      },
      { take: 1 }
    )
    if (inUse > 0) {
      throw new NewsletterError(
        MedusaError.Types.NOT_ALLOWED,
        "newsletter_category_in_use",
        `Newsletter category "${id}" is used by ${inUse} ${inUseWords} newsletter${
          inUse === 1 ? "" : "s"
        }; move them to another category first`,
        { id, count: inUse }
      )
    }
    await service.softDeleteNewsletterCategories(id)
    return new StepResponse(void 0, id)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    await container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE).restoreNewsletterCategories(id)
  }
)
