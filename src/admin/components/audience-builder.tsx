import { Adjustments, Trash, Users } from "@medusajs/icons"
import {
  Badge,
  Button,
  Checkbox,
  IconButton,
  Input,
  Label,
  Select,
  Text,
  clx,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { errorStatus } from "../lib/api"
import { useCustomerGroups } from "../hooks/api/customer-groups"
import { useAudiencePreview } from "../hooks/api/newsletters"
import {
  CONDITION_KINDS,
  Condition,
  ConditionKind,
  emptyCondition,
  toAudience,
} from "../lib/audience"
import { errorMessage } from "../lib/errors"
import { PromotionPicker } from "./promotion-picker"
import { AddConditionSelect, ExtraConditionEditor, isExtraCondition, SegmentBar } from "./audience-conditions"
import { useDebounced } from "../lib/use-debounced"

type Props = {
  conditions: Condition[]
  onChange: (conditions: Condition[]) => void
  timeZone: string
  error?: string
}


/** The recipient count of an audience, as the preview route counts it (S6). */
export const AudienceCount = ({ audience }: { audience: Record<string, unknown> }) => {
  const { t } = useTranslation("newsletter")
  const debounced = useDebounced(audience, 400)
  const { data, isFetching, available, error } = useAudiencePreview(debounced)
  if (!available) {
    return (
      <Text size="small" className="text-ui-fg-muted" data-testid="audience-count-unavailable">
        {t("audience.countUnavailable")}
      </Text>
    )
  }
  if (error && errorStatus(error) === 400) {
    return (
      <Text size="small" className="text-ui-fg-error" data-testid="audience-error">
        {errorMessage(error)}
      </Text>
    )
  }
  return (
    <div className="flex items-center gap-x-2">
      <Users className="text-ui-fg-subtle" />
      <Text
        size="small"
        weight="plus"
        className={clx("tabular-nums", isFetching && "text-ui-fg-muted")}
        data-testid="audience-count"
        data-count={data?.count ?? ""}
      >
        {data ? t("audience.count", { count: data.count }) : t("general.loading")}
      </Text>
    </div>
  )
}

const CustomerGroupsEditor = ({
  value,
  onChange,
}: {
  value: string[]
  onChange: (ids: string[]) => void
}) => {
  const { t } = useTranslation("newsletter")
  const { data: groups, isLoading } = useCustomerGroups()
  if (isLoading) {
    return <Text size="small">{t("general.loading")}</Text>
  }
  if (!groups?.length) {
    return (
      <Text size="small" className="text-ui-fg-muted">
        {t("audience.noGroups")}
      </Text>
    )
  }
  return (
    <div className="flex flex-wrap gap-x-4 gap-y-2">
      {groups.map((g) => (
        <div key={g.id} className="flex items-center gap-x-2">
          <Checkbox
            id={`grp-${g.id}`}
            checked={value.includes(g.id)}
            onCheckedChange={(checked) =>
              onChange(checked ? [...value, g.id] : value.filter((id) => id !== g.id))
            }
          />
          <Label htmlFor={`grp-${g.id}`} size="small">
            {g.name}
          </Label>
        </div>
      ))}
    </div>
  )
}

const Range = ({
  type,
  from,
  to,
  onChange,
  kind,
}: {
  type: "date" | "number"
  from: string
  to: string
  onChange: (from: string, to: string) => void
  kind: string
}) => {
  const { t } = useTranslation("newsletter")
  return (
    <div className="flex items-center gap-x-2">
      <Input
        size="small"
        type={type}
        value={from}
        min={type === "number" ? 0 : undefined}
        aria-label={`${kind} ${t("audience.from")}`}
        onChange={(e) => onChange(e.target.value, to)}
        placeholder={t("audience.from")}
      />
      <Text size="small" className="text-ui-fg-muted">
        〜
      </Text>
      <Input
        size="small"
        type={type}
        value={to}
        min={type === "number" ? 0 : undefined}
        aria-label={`${kind} ${t("audience.to")}`}
        onChange={(e) => onChange(from, e.target.value)}
        placeholder={t("audience.to")}
      />
    </div>
  )
}

const ConditionEditor = ({
  condition: c,
  onChange,
}: {
  condition: Condition
  onChange: (c: Condition) => void
}) => {
  const { t } = useTranslation("newsletter")
  if (isExtraCondition(c)) {
    return <ExtraConditionEditor condition={c} onChange={onChange} Editor={ConditionEditor} />
  }
  switch (c.kind) {
    case "customer_groups":
      return (
        <div className="flex flex-col gap-y-2">
          <Select value={c.mode} onValueChange={(mode) => onChange({ ...c, mode: mode as typeof c.mode })} size="small">
            <Select.Trigger aria-label={t("audience.groupMode")}>
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value="in_any">{t("audience.groups.in_any")}</Select.Item>
              <Select.Item value="in_none">{t("audience.groups.in_none")}</Select.Item>
            </Select.Content>
          </Select>
          <CustomerGroupsEditor value={c.ids} onChange={(ids) => onChange({ ...c, ids })} />
        </div>
      )
    case "has_account":
      return (
        <Select
          size="small"
          value={c.value ? "registered" : "guest"}
          onValueChange={(v) => onChange({ ...c, value: v === "registered" })}
        >
          <Select.Trigger aria-label={t("audience.kinds.has_account")}>
            <Select.Value />
          </Select.Trigger>
          <Select.Content>
            <Select.Item value="registered">{t("audience.registered")}</Select.Item>
            <Select.Item value="guest">{t("audience.guest")}</Select.Item>
          </Select.Content>
        </Select>
      )
    case "created_at":
    case "last_order_at":
      return (
        <Range
          type="date"
          kind={c.kind}
          from={c.from}
          to={c.to}
          onChange={(from, to) => onChange({ ...c, from, to })}
        />
      )
    case "order_count":
      return (
        <Range
          type="number"
          kind={c.kind}
          from={c.min}
          to={c.max}
          onChange={(min, max) => onChange({ ...c, min, max })}
        />
      )
    case "total_spent":
      return (
        <div className="flex items-center gap-x-2">
          <Input
            size="small"
            className="w-20"
            value={c.currency}
            aria-label={t("audience.currency")}
            onChange={(e) => onChange({ ...c, currency: e.target.value })}
            placeholder="jpy"
          />
          <Range
            type="number"
            kind={c.kind}
            from={c.min}
            to={c.max}
            onChange={(min, max) => onChange({ ...c, min, max })}
          />
        </div>
      )
    case "address":
      return (
        <div className="grid grid-cols-2 gap-2">
          <Input
            size="small"
            value={c.countries}
            aria-label={t("audience.countries")}
            placeholder={t("audience.countriesPlaceholder")}
            onChange={(e) => onChange({ ...c, countries: e.target.value })}
          />
          <Input
            size="small"
            value={c.provinces}
            aria-label={t("audience.provinces")}
            placeholder={t("audience.provincesPlaceholder")}
            onChange={(e) => onChange({ ...c, provinces: e.target.value })}
          />
        </div>
      )
    case "email_domain":
      return (
        <Input
          size="small"
          value={c.domains}
          aria-label={t("audience.kinds.email_domain")}
          placeholder="example.jp, example.com"
          onChange={(e) => onChange({ ...c, domains: e.target.value })}
        />
      )
    case "q":
      return (
        <Input
          size="small"
          value={c.text}
          aria-label={t("audience.kinds.q")}
          placeholder={t("audience.qPlaceholder")}
          onChange={(e) => onChange({ ...c, text: e.target.value })}
        />
      )
    case "metadata":
      return (
        <div className="grid grid-cols-2 gap-2">
          <Input
            size="small"
            value={c.name}
            aria-label={t("audience.metadataKey")}
            placeholder={t("audience.metadataKey")}
            onChange={(e) => onChange({ ...c, name: e.target.value })}
          />
          <Input
            size="small"
            value={c.value}
            aria-label={t("audience.metadataValue")}
            placeholder={t("audience.metadataValue")}
            onChange={(e) => onChange({ ...c, value: e.target.value })}
          />
        </div>
      )
    case "promotion":
      return (
        <div className="flex flex-col gap-y-2">
          <Select size="small" value={c.mode} onValueChange={(mode) => onChange({ ...c, mode: mode as typeof c.mode })}>
            <Select.Trigger aria-label={t("audience.promotionMode")}>
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value="targeted_by">{t("audience.promotion.targeted_by")}</Select.Item>
              <Select.Item value="used">{t("audience.promotion.used")}</Select.Item>
              <Select.Item value="not_used">{t("audience.promotion.not_used")}</Select.Item>
            </Select.Content>
          </Select>
          <PromotionPicker
            id={`promo-${c.key}`}
            value={c.promotion_id}
            onChange={(promotion_id) => onChange({ ...c, promotion_id })}
          />
        </div>
      )
  }
}

/**
 * 配信対象: every subscribed customer, narrowed by the detailed search (詳細検索) — a list of
 * conditions, all of which must hold — with the live recipient count.
 */
export const AudienceBuilder = ({ conditions, onChange, timeZone, error }: Props) => {
  const { t } = useTranslation("newsletter")
  const [open, setOpen] = useState(conditions.length > 0)
  const audience = useMemo(() => toAudience(conditions, timeZone), [conditions, timeZone])
  const add = (kind: ConditionKind) => onChange([...conditions, emptyCondition(kind)])

  return (
    <div className="flex flex-col gap-y-3" data-testid="audience-builder">
      <div className="flex items-center justify-between gap-x-2">
        <AudienceCount audience={audience} />
        <Button
          type="button"
          size="small"
          variant="secondary"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
        >
          <Adjustments />
          {t("audience.detailedSearch")}
          {conditions.length > 0 && (
            <Badge size="2xsmall" rounded="full">
              {conditions.length}
            </Badge>
          )}
        </Button>
      </div>
      {!conditions.length && (
        <Text size="small" className="text-ui-fg-subtle">
          {t("audience.everyone")}
        </Text>
      )}
      {error && (
        <Text size="small" className="text-ui-fg-error" data-field-error="audience">
          {error}
        </Text>
      )}
      {open && (
        <div className="border-ui-border-base flex flex-col gap-y-3 rounded-lg border border-dashed p-3">
          <SegmentBar
            audience={audience}
            onPick={(segment_id) => onChange([...conditions, { ...emptyCondition("segment"), kind: "segment", segment_id }])}
          />
          {conditions.map((c, index) => (
            <div key={c.key} className="flex flex-col gap-y-2" data-condition={c.kind}>
              <div className="flex items-center justify-between">
                <Text size="small" weight="plus">
                  {index > 0 && (
                    <span className="text-ui-fg-muted mr-1 font-normal">{t("audience.and")}</span>
                  )}
                  {t(`audience.kinds.${c.kind}`)}
                </Text>
                <IconButton
                  type="button"
                  size="small"
                  variant="transparent"
                  aria-label={t("audience.remove")}
                  onClick={() => onChange(conditions.filter((x) => x.key !== c.key))}
                >
                  <Trash />
                </IconButton>
              </div>
              <ConditionEditor
                condition={c}
                onChange={(next) => onChange(conditions.map((x) => (x.key === c.key ? next : x)))}
              />
            </div>
          ))}
          <AddConditionSelect kinds={CONDITION_KINDS} onAdd={add} testId="add-condition" />
        </div>
      )}
    </div>
  )
}
