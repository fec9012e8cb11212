import { Button, Container, Heading, InlineTip, Label, RadioGroup, Text } from "@medusajs/ui"
import type { RefObject } from "react"
import { Controller, useFormContext, useWatch } from "react-hook-form"
import { useTranslation } from "react-i18next"
import type { BodyEditorHandle } from "../../../../../components/body-editor"
import { Field } from "../../../../../components/common"
import { PromotionPicker } from "../../../../../components/promotion-picker"
import type { ArticleFormValues } from "../../../../../lib/article-form"

const COUPON_URL_TAG = "<#クーポンURL>"

/**
 * クーポン (S9): the promotion the article announces and how (its code in the mail, or a link
 * that makes it usable); warns when a claim link's body lacks <#クーポンURL>.
 */
export const CouponSection = ({ editor }: { editor: RefObject<BodyEditorHandle> }) => {
  const { t } = useTranslation("newsletter")
  const { control, getValues, setValue, clearErrors, formState } = useFormContext<ArticleFormValues>()
  const [promotionId, couponMode, body] = useWatch({ control, name: ["promotion_id", "coupon_mode", "body"] })
  const needsCouponUrl = !!promotionId && couponMode === "claim_link" && !body.includes(COUPON_URL_TAG)
  const couponMismatch = formState.errors.coupon_mode?.message ?? formState.errors.promotion_id?.message

  return (
    <Container className="flex flex-col gap-y-4 px-6 py-4" data-testid="coupon-section">
      <Heading level="h2">{t("coupon.title")}</Heading>
      <Field label={t("coupon.promotion")} htmlFor="promotion" optional error={couponMismatch}>
        <PromotionPicker
          id="promotion"
          value={promotionId}
          onChange={(id) => {
            setValue("promotion_id", id, { shouldDirty: true })
            if (id && getValues("coupon_mode") === "none") setValue("coupon_mode", "code", { shouldDirty: true })
            if (!id) setValue("coupon_mode", "none", { shouldDirty: true })
            clearErrors(["promotion_id", "coupon_mode"])
          }}
        />
      </Field>
      {promotionId && (
        <Field label={t("coupon.mode")}>
          <Controller
            control={control}
            name="coupon_mode"
            render={({ field }) => (
              <RadioGroup value={field.value} onValueChange={field.onChange} className="flex flex-col gap-y-2">
                {(["code", "claim_link"] as const).map((m) => (
                  <div key={m} className="flex items-start gap-x-2">
                    <RadioGroup.Item value={m} id={`coupon-${m}`} className="mt-0.5" />
                    <div>
                      <Label htmlFor={`coupon-${m}`} size="small" weight="plus">
                        {t(`coupon.modes.${m}`)}
                      </Label>
                      <Text size="xsmall" className="text-ui-fg-subtle">
                        {t(`coupon.modeHints.${m}`)}
                      </Text>
                    </div>
                  </div>
                ))}
              </RadioGroup>
            )}
          />
        </Field>
      )}
      {needsCouponUrl && (
        <InlineTip label={t("general.note")} variant="warning">
          <div className="flex flex-col items-start gap-y-2">
            <span>{t("coupon.needsUrlTag")}</span>
            <Button
              size="small"
              variant="secondary"
              type="button"
              onClick={() => editor.current?.insert(COUPON_URL_TAG)}
            >
              {t("coupon.insertUrlTag")}
            </Button>
          </div>
        </InlineTip>
      )}
    </Container>
  )
}
