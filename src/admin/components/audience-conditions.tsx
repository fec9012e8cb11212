import { MagnifyingGlass, Plus, Trash, XMark } from "@medusajs/icons"
import { Badge, Button, Checkbox, IconButton, Input, Label, Select, Text, clx, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { type CatalogResource, useCatalogItems, useCatalogSearch } from "../hooks/api/catalog"
import { useNewsletterSegments, useSaveSegment } from "../hooks/api/newsletter-segments"
import {
  type Condition,
  type ConditionKind,
  EXTRA_CONDITION_KINDS,
  GROUP_CONDITION_KINDS,
  emptyCondition,
} from "../lib/audience"
import { useDebounced } from "../lib/use-debounced"
import { errorMessage } from "../lib/errors"
import type { Audience } from "../lib/api"

/** A condition of the kinds issue 13 added, edited here. */
type ExtraCondition = Extract<Condition, { kind: (typeof EXTRA_CONDITION_KINDS)[number] }>

export const isExtraCondition = (c: Condition): c is ExtraCondition =>
  (EXTRA_CONDITION_KINDS as readonly string[]).includes(c.kind)

/** Search one of Medusa's admin lists (products, categories, collections, sales channels) and pick several. */
export const CatalogPicker = ({
  resource,
  value,
  onChange,
  label,
}: {
  resource: CatalogResource
  value: string[]
  onChange: (ids: string[]) => void
  label: string
}) => {
  const { t } = useTranslation("newsletter")
  const [q, setQ] = useState("")
  const debounced = useDebounced(q, 250)
  const [open, setOpen] = useState(false)
  const results = useCatalogSearch(resource, debounced)
  const selected = useCatalogItems(resource, value)
  const name = (id: string) => selected.data?.find((i) => i.id === id)?.label ?? id

  return (
    <div className="flex flex-col gap-y-1" data-testid={`picker-${resource}`}>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {label}
      </Text>
      {value.length > 0 && (
        <div className="flex flex-wrap gap-1">
          {value.map((id) => (
            <Badge key={id} size="2xsmall" className="flex items-center gap-x-1" data-picked={id}>
              {name(id)}
              <button
                type="button"
                aria-label={`${t("general.clear")} ${name(id)}`}
                onClick={() => onChange(value.filter((v) => v !== id))}
              >
                <XMark />
              </button>
            </Badge>
          ))}
        </div>
      )}
      <div className="relative">
        <Input
          type="search"
          size="small"
          value={q}
          aria-label={label}
          placeholder={t("audience.searchPlaceholder")}
          onChange={(e) => {
            setQ(e.target.value)
            setOpen(true)
          }}
          onFocus={() => setOpen(true)}
          onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
        />
        <MagnifyingGlass className="text-ui-fg-muted pointer-events-none absolute right-2 top-1.5" />
      </div>
      {open && (
        <div className="border-ui-border-base max-h-40 overflow-y-auto rounded-lg border" role="group" aria-label={label}>
          {results.isLoading && (
            <Text size="small" className="text-ui-fg-muted px-3 py-2">
              {t("general.loading")}
            </Text>
          )}
          {!results.isLoading && !results.data?.length && (
            <Text size="small" className="text-ui-fg-muted px-3 py-2">
              {t("audience.noResults")}
            </Text>
          )}
          {results.data?.map((item) => (
            <button
              key={item.id}
              type="button"
              disabled={value.includes(item.id)}
              onClick={() => {
                setOpen(false)
                setQ("")
                onChange([...value, item.id])
              }}
              className={clx(
                "hover:bg-ui-bg-base-hover flex w-full items-center px-3 py-2 text-left disabled:opacity-50",
                "border-ui-border-base border-b last:border-b-0"
              )}
            >
              <Text size="small">{item.label}</Text>
            </button>
          ))}
        </div>
      )}
    </div>
  )
}

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1)

/** Two inputs `from` 〜 `to` of one type. */
const Bounds = ({
  type,
  from,
  to,
  onChange,
  label,
}: {
  type: "date" | "number"
  from: string
  to: string
  onChange: (from: string, to: string) => void
  label: string
}) => {
  const { t } = useTranslation("newsletter")
  return (
    <div className="flex items-center gap-x-2">
      <Input size="small" type={type} value={from} aria-label={`${label} ${t("audience.from")}`} placeholder={t("audience.from")} onChange={(e) => onChange(e.target.value, to)} />
      <Text size="small" className="text-ui-fg-muted">
        〜
      </Text>
      <Input size="small" type={type} value={to} aria-label={`${label} ${t("audience.to")}`} placeholder={t("audience.to")} onChange={(e) => onChange(from, e.target.value)} />
    </div>
  )
}

/** Saved segments to pick from. */
const SegmentSelect = ({ value, onChange }: { value: string | null; onChange: (id: string) => void }) => {
  const { t } = useTranslation("newsletter")
  const { data } = useNewsletterSegments()
  return (
    <Select size="small" value={value ?? ""} onValueChange={onChange}>
      <Select.Trigger aria-label={t("audience.kinds.segment")} data-testid="segment-select">
        <Select.Value placeholder={t("segments.pick")} />
      </Select.Trigger>
      <Select.Content>
        {(data?.newsletter_segments ?? []).map((s) => (
          <Select.Item key={s.id} value={s.id}>
            {s.name}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  )
}

/**
 * The editor of a condition added by issue 13. `Editor` edits any condition (the builder's own,
 * for the members of an any_of group).
 */
export const ExtraConditionEditor = ({
  condition: c,
  onChange,
  Editor,
}: {
  condition: ExtraCondition
  onChange: (c: Condition) => void
  Editor: (props: { condition: Condition; onChange: (c: Condition) => void }) => JSX.Element | null
}) => {
  const { t } = useTranslation("newsletter")
  switch (c.kind) {
    case "purchased":
    case "not_purchased":
      return (
        <div className="flex flex-col gap-y-2">
          <CatalogPicker resource="products" label={t("audience.products")} value={c.products} onChange={(products) => onChange({ ...c, products })} />
          <CatalogPicker resource="categories" label={t("audience.categories")} value={c.categories} onChange={(categories) => onChange({ ...c, categories })} />
          <CatalogPicker resource="collections" label={t("audience.collections")} value={c.collections} onChange={(collections) => onChange({ ...c, collections })} />
          <Text size="xsmall" className="text-ui-fg-subtle">
            {t("audience.orderedAt")}
          </Text>
          <Bounds type="date" label={t("audience.orderedAt")} from={c.from} to={c.to} onChange={(from, to) => onChange({ ...c, from, to })} />
          {c.kind === "purchased" && (
            <div className="flex items-center gap-x-2">
              <Label size="small" htmlFor={`minq-${c.key}`}>
                {t("audience.minQuantity")}
              </Label>
              <Input id={`minq-${c.key}`} size="small" type="number" min={1} className="w-24" value={c.minQuantity} placeholder="1" onChange={(e) => onChange({ ...c, minQuantity: e.target.value })} />
            </div>
          )}
        </div>
      )
    case "metadata_range":
      return (
        <div className="flex flex-col gap-y-2">
          <div className="grid grid-cols-2 gap-2">
            <Input size="small" value={c.name} aria-label={t("audience.metadataKey")} placeholder={t("audience.metadataKeyExample")} onChange={(e) => onChange({ ...c, name: e.target.value })} />
            <Select size="small" value={c.type} onValueChange={(type) => onChange({ ...c, type: type as typeof c.type, from: "", to: "" })}>
              <Select.Trigger aria-label={t("audience.valueType")}>
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value="number">{t("audience.valueTypes.number")}</Select.Item>
                <Select.Item value="date">{t("audience.valueTypes.date")}</Select.Item>
              </Select.Content>
            </Select>
          </div>
          <Bounds type={c.type} label={c.name || t("audience.kinds.metadata_range")} from={c.from} to={c.to} onChange={(from, to) => onChange({ ...c, from, to })} />
        </div>
      )
    case "metadata_month":
      return (
        <div className="flex flex-col gap-y-2">
          <Input size="small" value={c.name} aria-label={t("audience.metadataKey")} placeholder="birthday" onChange={(e) => onChange({ ...c, name: e.target.value })} />
          <div className="flex flex-wrap gap-x-3 gap-y-1" role="group" aria-label={t("audience.months")}>
            {MONTHS.map((m) => (
              <div key={m} className="flex items-center gap-x-1">
                <Checkbox
                  id={`month-${c.key}-${m}`}
                  checked={c.months.includes(m)}
                  onCheckedChange={(checked) =>
                    onChange({ ...c, months: checked ? [...c.months, m] : c.months.filter((x) => x !== m) })
                  }
                />
                <Label size="small" htmlFor={`month-${c.key}-${m}`}>
                  {t("audience.month", { month: m })}
                </Label>
              </div>
            ))}
          </div>
        </div>
      )
    case "sales_channels":
      return <CatalogPicker resource="sales_channels" label={t("audience.kinds.sales_channels")} value={c.ids} onChange={(ids) => onChange({ ...c, ids })} />
    case "segment":
      return <SegmentSelect value={c.segment_id} onChange={(segment_id) => onChange({ ...c, segment_id })} />
    case "any_of":
      return <AnyOfEditor condition={c} onChange={onChange} Editor={Editor} />
  }
}

/** "Add a condition": a select of condition kinds that resets once one is picked. */
export const AddConditionSelect = ({
  kinds,
  onAdd,
  testId,
}: {
  kinds: readonly ConditionKind[]
  onAdd: (kind: ConditionKind) => void
  testId?: string
}) => {
  const { t } = useTranslation("newsletter")
  return (
    <Select size="small" value="" onValueChange={(k) => onAdd(k as ConditionKind)}>
      <Select.Trigger aria-label={t("audience.addCondition")} data-testid={testId}>
        <Select.Value placeholder={t("audience.addCondition")} />
      </Select.Trigger>
      <Select.Content>
        {kinds.map((k) => (
          <Select.Item key={k} value={k}>
            {t(`audience.kinds.${k}`)}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  )
}

/** One level of OR: groups of conditions (each ANDed inside); a customer matching one group matches. */
const AnyOfEditor = ({
  condition: c,
  onChange,
  Editor,
}: {
  condition: Extract<Condition, { kind: "any_of" }>
  onChange: (c: Condition) => void
  Editor: (props: { condition: Condition; onChange: (c: Condition) => void }) => JSX.Element | null
}) => {
  const { t } = useTranslation("newsletter")
  const setGroup = (index: number, group: Condition[]) =>
    onChange({ ...c, groups: c.groups.map((g, i) => (i === index ? group : g)) })
  return (
    <div className="flex flex-col gap-y-2">
      {c.groups.map((group, index) => (
        <div key={index} className="border-ui-border-base flex flex-col gap-y-2 rounded-md border p-2" data-any-of-group={index}>
          <div className="flex items-center justify-between">
            <Text size="xsmall" weight="plus">
              {index > 0 && <span className="text-ui-fg-muted mr-1 font-normal">{t("audience.or")}</span>}
              {t("audience.group", { number: index + 1 })}
            </Text>
            <IconButton
              type="button"
              size="small"
              variant="transparent"
              aria-label={t("audience.removeGroup")}
              onClick={() => onChange({ ...c, groups: c.groups.filter((_, i) => i !== index) })}
            >
              <Trash />
            </IconButton>
          </div>
          {group.map((member) => (
            <div key={member.key} className="flex flex-col gap-y-1" data-condition={member.kind}>
              <div className="flex items-center justify-between">
                <Text size="xsmall">{t(`audience.kinds.${member.kind}`)}</Text>
                <IconButton
                  type="button"
                  size="small"
                  variant="transparent"
                  aria-label={t("audience.remove")}
                  onClick={() => setGroup(index, group.filter((x) => x.key !== member.key))}
                >
                  <XMark />
                </IconButton>
              </div>
              <Editor
                condition={member}
                onChange={(next) => setGroup(index, group.map((x) => (x.key === member.key ? next : x)))}
              />
            </div>
          ))}
          <AddConditionSelect
            kinds={GROUP_CONDITION_KINDS}
            onAdd={(kind) => setGroup(index, [...group, emptyCondition(kind)])}
          />
        </div>
      ))}
      <Button type="button" size="small" variant="secondary" onClick={() => onChange({ ...c, groups: [...c.groups, []] })}>
        <Plus />
        {t("audience.addGroup")}
      </Button>
    </div>
  )
}

/**
 * 保存した検索条件 in the detailed search: pick a saved segment (added as a condition), or save
 * the conditions on screen as a new segment.
 */
export const SegmentBar = ({
  audience,
  onPick,
}: {
  audience: Audience
  onPick: (segmentId: string) => void
}) => {
  const { t } = useTranslation("newsletter")
  const [naming, setNaming] = useState(false)
  const [name, setName] = useState("")
  const save = useSaveSegment()
  const submit = async () => {
    try {
      await save.mutateAsync({ name, audience: audience as Record<string, unknown> })
      toast.success(t("segments.saved", { name }))
      setNaming(false)
      setName("")
    } catch (error) {
      toast.error(t("segments.saveFailed"), { description: errorMessage(error) })
    }
  }
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="segment-bar">
      <div className="min-w-[200px]">
        <SegmentSelect value={null} onChange={onPick} />
      </div>
      {naming ? (
        <div className="flex items-center gap-x-2">
          <Input
            size="small"
            value={name}
            aria-label={t("segments.name")}
            placeholder={t("segments.name")}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault()
                submit()
              }
            }}
          />
          <Button type="button" size="small" onClick={submit} isLoading={save.isPending} disabled={!name.trim()}>
            {t("general.save")}
          </Button>
          <Button type="button" size="small" variant="transparent" onClick={() => setNaming(false)}>
            {t("general.cancel")}
          </Button>
        </div>
      ) : (
        <Button type="button" size="small" variant="secondary" onClick={() => setNaming(true)} data-testid="save-as-segment">
          {t("segments.saveAs")}
        </Button>
      )}
    </div>
  )
}
