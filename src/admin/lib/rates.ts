// Pure code without React or admin imports, so the unit tier can test it.

/**
 * A rate over delivered mails (開封率 / クリック率): unique opens or clicks ÷ delivered, or null
 * when nothing was delivered (no rate to show, rather than 0 %).
 */
export function deliveryRate(
  count: number | null | undefined,
  delivered: number | null | undefined
): number | null {
  if (!delivered || delivered <= 0) {
    return null
  }
  return (count ?? 0) / delivered
}

/** Formats a rate as a percentage with at most one decimal, or "—" when there is none. */
export function formatRate(rate: number | null, locale: string): string {
  if (rate === null) {
    return "—"
  }
  return new Intl.NumberFormat(locale, {
    style: "percent",
    maximumFractionDigits: 1,
  }).format(rate)
}
