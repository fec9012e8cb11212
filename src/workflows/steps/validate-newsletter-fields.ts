import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { assertAudienceReferences } from "../../lib/audience/references"
import { parseAudience } from "../../lib/audience/schema"
import { currentAudienceSegments } from "../../lib/audience/segment-references"
import { resolveClock } from "../../lib/clock"
import { compileArticle } from "../../lib/render/compile"
import { assertKnownTags } from "../../lib/render/tags"
import {
  NEWSLETTER_MODULE,
  NewsletterCouponMode,
  NewsletterFormat,
} from "../../modules/newsletter"
import type NewsletterModuleService from "../../modules/newsletter/service"
import { assertLeadTime } from "../../modules/newsletter/utils/schedule-rules"
import { fieldError } from "../../modules/newsletter/errors"

export type ValidateNewsletterFieldsStepInput = {
  /** The send time to check against the lead time, when it is set or changed. */
  scheduled_at?: Date | string | null
  category_id?: string | null
  promotion_id?: string | null
  coupon_mode?: NewsletterCouponMode
  /** The article's content as it will be saved; its tags and template are checked. */
  content?: { subject: string; body: string; format: NewsletterFormat }
  /**
   * The detailed-search filter, when set or changed: checked against the schema (workflows can be
   * run without the API route) and the groups and promotions it names must exist.
   */
  audience?: Record<string, unknown> | null
}

export const validateNewsletterFieldsStepId = "validate-newsletter-fields"

/**
 * This step checks the rules of an article's fields that need the clock, other records or the
 * renderer: the send time is far enough ahead (S4), only known custom tags are used and the
 * template compiles (S2), the category and the promotion exist, a coupon mode comes with a
 * promotion, and the customer groups and promotions the audience names exist (S6).
 */
export const validateNewsletterFieldsStep = createStep(
  validateNewsletterFieldsStepId,
  async (input: ValidateNewsletterFieldsStepInput, { container }) => {
    const service = container.resolve<NewsletterModuleService>(NEWSLETTER_MODULE)
    const options = await service.getOptions()

    if (input.scheduled_at) {
      assertLeadTime(
        new Date(input.scheduled_at),
        resolveClock(container).now(),
        options.minLeadMinutes,
        options.timezone
      )
    }

    if (input.content) {
      assertKnownTags(input.content)
      // Compiling catches Handlebars and MJML errors at save time instead of at send time.
      await compileArticle(input.content, {
        shopName: options.sender.shopName ?? options.sender.name,
        sender: options.sender,
      })
    }

    if (input.category_id) {
      const [category] = await service.listNewsletterCategories({ id: input.category_id })
      if (!category) {
        throw fieldError(
          MedusaError.Types.INVALID_DATA,
          "unknown_category",
          `category_id: newsletter category "${input.category_id}" does not exist`,
          "category_id",
          { id: input.category_id }
        )
      }
    }

    if (input.coupon_mode && input.coupon_mode !== NewsletterCouponMode.NONE && !input.promotion_id) {
      throw fieldError(
        MedusaError.Types.INVALID_DATA,
        "promotion_required",
        `promotion_id is required when coupon_mode is ${input.coupon_mode}`,
        "promotion_id",
        { coupon_mode: input.coupon_mode }
      )
    }

    if (input.promotion_id) {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({
        entity: "promotion",
        fields: ["id"],
        filters: { id: input.promotion_id },
      })
      if (!data.length) {
        throw fieldError(
          MedusaError.Types.INVALID_DATA,
          "unknown_promotion",
          `promotion_id: promotion "${input.promotion_id}" does not exist`,
          "promotion_id",
          { id: input.promotion_id }
        )
      }
    }

    if (input.audience) {
      const audience = parseAudience(input.audience)
      await assertAudienceReferences(container, audience)
      await currentAudienceSegments(container, audience)
    }

    return new StepResponse(void 0)
  }
)
