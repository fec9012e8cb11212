import { MagnifyingGlass, XMark } from "@medusajs/icons"
import { Badge, IconButton, Input, Text, clx } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import { usePromotion, usePromotionSearch } from "../hooks/api/promotions"

/** Search the shop's promotions (coupons) and pick one. */
export const PromotionPicker = ({
  id,
  value,
  onChange,
}: {
  id: string
  value: string | null
  onChange: (promotionId: string | null, code?: string) => void
}) => {
  const { t } = useTranslation("newsletter")
  const [q, setQ] = useState("")
  const [debounced, setDebounced] = useState("")
  // The results show while the search is in use, not all the time.
  const [open, setOpen] = useState(false)
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q), 250)
    return () => clearTimeout(timer)
  }, [q])
  const selected = usePromotion(value)
  const { data: promotions, isLoading } = usePromotionSearch(debounced)

  if (value) {
    return (
      <div
        className="bg-ui-bg-subtle border-ui-border-base flex items-center justify-between rounded-lg border px-3 py-2"
        data-testid={`${id}-selected`}
      >
        <div className="flex items-center gap-x-2">
          <Badge size="2xsmall" className="font-mono">
            {selected.data?.code ?? value}
          </Badge>
          {selected.data?.status && (
            <Text size="xsmall" className="text-ui-fg-subtle">
              {t(`promotionStatus.${selected.data.status}`, selected.data.status)}
            </Text>
          )}
        </div>
        <IconButton
          type="button"
          size="small"
          variant="transparent"
          aria-label={t("general.clear")}
          onClick={() => onChange(null)}
        >
          <XMark />
        </IconButton>
      </div>
    )
  }

  return (
    <div className="flex flex-col gap-y-2">
      <div className="relative">
        <Input
          id={id}
          type="search"
          size="small"
          value={q}
          onChange={(e) => {
            setQ(e.target.value)
            setOpen(true)
          }}
          onFocus={() => setOpen(true)}
          onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
          placeholder={t("coupon.searchPlaceholder")}
        />
        <MagnifyingGlass className="text-ui-fg-muted pointer-events-none absolute right-2 top-1.5" />
      </div>
      {open && (
      <div
        className="border-ui-border-base max-h-44 overflow-y-auto rounded-lg border"
        role="group"
        aria-label={t("coupon.results")}
      >
        {isLoading && (
          <Text size="small" className="text-ui-fg-muted px-3 py-2">
            {t("general.loading")}
          </Text>
        )}
        {!isLoading && !promotions?.length && (
          <Text size="small" className="text-ui-fg-muted px-3 py-2">
            {t("coupon.none")}
          </Text>
        )}
        {promotions?.map((p) => (
          <button
            key={p.id}
            type="button"
            onClick={() => {
              setOpen(false)
              onChange(p.id, p.code)
            }}
            className={clx(
              "hover:bg-ui-bg-base-hover flex w-full items-center justify-between px-3 py-2 text-left",
              "border-ui-border-base border-b last:border-b-0"
            )}
          >
            <Text size="small" weight="plus" className="font-mono">
              {p.code}
            </Text>
            <Text size="xsmall" className="text-ui-fg-subtle">
              {p.campaign?.name ?? (p.status ? t(`promotionStatus.${p.status}`, p.status) : "")}
            </Text>
          </button>
        ))}
      </div>
      )}
    </div>
  )
}
