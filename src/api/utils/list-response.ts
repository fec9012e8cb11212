/**
 * The answer of a list route, as Medusa's own lists answer: the page's rows under the
 * resource's plural name, and `count` (all that match), `offset` and `limit`. Types only: the
 * admin imports it with the routes' answer types.
 */
export type AdminListResponse<TKey extends string, TRow> = { [key in TKey]: TRow[] } & {
  count: number
  offset: number
  limit: number
}
