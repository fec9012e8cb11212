import {
  RECIPIENT_EXPORT_COLUMNS,
  SUBSCRIPTION_EXPORT_COLUMNS,
} from "../../modules/newsletter/repositories/exports"
import type { CsvColumn } from "./write"

const columns = (names: readonly string[]): CsvColumn[] => names.map((n) => ({ label: n, value: n }))

/**
 * Columns of `GET /admin/newsletters/:id/recipients/export` (配信対象リスト, S7), in this order:
 * the columns the module's recipients export selects. Before the reservation the delivery
 * columns are empty.
 */
export const RECIPIENT_CSV_COLUMNS = columns(RECIPIENT_EXPORT_COLUMNS)

/**
 * Columns of `GET /admin/newsletter-subscriptions/export` (メルマガ購読状況, S17), in this order:
 * the columns the module's subscriptions export selects. `cleaning_flag` is the manual's
 * クリーニングフラグ: 1 for a cleaned address, else 0.
 */
export const SUBSCRIPTION_CSV_COLUMNS = columns(SUBSCRIPTION_EXPORT_COLUMNS)
