/**
 * Query keys in the dashboard's shape (its `queryKeysFactory`): every key of a resource starts
 * with the resource's name, lists and details under their own prefix, so that a change can
 * invalidate all of a resource, all its lists or one record's reads:
 *
 *   all        [name]
 *   lists()    [name, "list"]
 *   list(q)    [name, "list", { query: q }]      ([name, "list"] without a query)
 *   details()  [name, "detail"]
 *   detail(id) [name, "detail", id]             (id's reads of a kind: detail(id, kind))
 */
export type QueryKeys<TName extends string, TListQuery> = {
  all: readonly [TName]
  lists: () => readonly [TName, "list"]
  list: (query?: TListQuery) => readonly unknown[]
  details: () => readonly [TName, "detail"]
  detail: (id: string, ...more: unknown[]) => readonly unknown[]
}

export function queryKeysFactory<TName extends string, TListQuery = Record<string, unknown>>(
  name: TName
): QueryKeys<TName, TListQuery> {
  const all = [name] as const
  const lists = () => [name, "list"] as const
  const details = () => [name, "detail"] as const
  return {
    all,
    lists,
    list: (query) => (query === undefined ? lists() : [...lists(), { query }]),
    details,
    detail: (id, ...more) => [...details(), id, ...more],
  }
}
