import { queryKeysFactory } from "../query-key-factory"

describe("queryKeysFactory", () => {
  const keys = queryKeysFactory<"newsletter", { limit: number }>("newsletter")

  it("puts every key under the resource's name, lists and details under their prefixes", () => {
    expect(keys.all).toEqual(["newsletter"])
    expect(keys.lists()).toEqual(["newsletter", "list"])
    expect(keys.list({ limit: 20 })).toEqual(["newsletter", "list", { query: { limit: 20 } }])
    expect(keys.list()).toEqual(["newsletter", "list"])
    expect(keys.details()).toEqual(["newsletter", "detail"])
    expect(keys.detail("nl_1")).toEqual(["newsletter", "detail", "nl_1"])
    expect(keys.detail("nl_1", "preview", "2026-12-01")).toEqual(["newsletter", "detail", "nl_1", "preview", "2026-12-01"])
  })

  it("makes each key start with its parents, so invalidating a parent reaches it", () => {
    const startsWith = (key: readonly unknown[], prefix: readonly unknown[]) =>
      prefix.every((part, i) => key[i] === part)
    expect(startsWith(keys.list({ limit: 1 }), keys.lists())).toBe(true)
    expect(startsWith(keys.lists(), keys.all)).toBe(true)
    expect(startsWith(keys.detail("nl_1", "links"), keys.detail("nl_1"))).toBe(true)
    expect(startsWith(keys.detail("nl_1"), keys.details())).toBe(true)
    expect(startsWith(keys.detail("nl_2"), keys.detail("nl_1"))).toBe(false)
  })
})
