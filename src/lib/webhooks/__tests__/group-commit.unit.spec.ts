import { DEFER, GroupCommitQueue } from "../group-commit"

/** An apply function whose groups stay open until the test releases them. */
function controlledApply() {
  const groups: number[][] = []
  const releases: Array<() => void> = []
  const apply = (items: number[]) => {
    groups.push(items)
    return new Promise<string[]>((resolve) => releases.push(() => resolve(items.map((n) => `r${n}`))))
  }
  return { apply, groups, release: (i: number) => releases[i]() }
}

const settle = () => new Promise((resolve) => setImmediate(resolve))

describe("GroupCommitQueue", () => {
  it("should apply an item submitted to an idle queue at once, alone, without a timer", async () => {
    const { apply, groups, release } = controlledApply()
    const queue = new GroupCommitQueue(apply, { maxGroupSize: 10 })
    const result = queue.submit(1)
    // Synchronously: no timer, no tick in between.
    expect(groups).toEqual([[1]])
    release(0)
    await expect(result).resolves.toEqual("r1")
  })

  it("should group what arrives while a group is applied and give each caller its own result", async () => {
    const { apply, groups, release } = controlledApply()
    const queue = new GroupCommitQueue(apply, { maxGroupSize: 10 })
    const first = queue.submit(1)
    const rest = [2, 3, 4].map((n) => queue.submit(n))
    expect(queue.pending).toEqual(3)
    release(0)
    await settle()
    expect(groups).toEqual([[1], [2, 3, 4]])
    release(1)
    await expect(Promise.all([first, ...rest])).resolves.toEqual(["r1", "r2", "r3", "r4"])
    expect(queue.pending).toEqual(0)
  })

  it("should cut groups at maxGroupSize, oldest first", async () => {
    const { apply, groups, release } = controlledApply()
    const queue = new GroupCommitQueue(apply, { maxGroupSize: 2 })
    const all = [1, 2, 3, 4, 5].map((n) => queue.submit(n))
    for (let i = 0; i < 3; i++) {
      release(i)
      await settle()
    }
    await Promise.all(all)
    expect(groups).toEqual([[1], [2, 3], [4, 5]])
  })

  it("should apply every item of a failed group alone, so only the bad item fails", async () => {
    const groups: number[][] = []
    const apply = async (items: number[]) => {
      groups.push(items)
      if (items.includes(3)) {
        throw new Error("item 3 cannot be applied")
      }
      return items.map((n) => n * 10)
    }
    let hold!: () => void
    const queue = new GroupCommitQueue(
      async (items: number[]) => {
        if (items[0] === 0) {
          await new Promise<void>((resolve) => (hold = resolve))
        }
        return apply(items)
      },
      { maxGroupSize: 10 }
    )
    const results = [0, 2, 3, 4].map((n) => queue.submit(n).catch((e: Error) => e.message))
    hold()
    expect(await Promise.all(results)).toEqual([0, 20, "item 3 cannot be applied", 40])
    expect(groups).toEqual([[0], [2, 3, 4], [2], [3], [4]])
  })

  it("should apply deferred items in the next group, ahead of newer ones", async () => {
    const groups: number[][] = []
    let hold!: () => void
    // Items of the same tens may not share a group: a later one is deferred.
    const queue = new GroupCommitQueue(
      async (items: number[]) => {
        groups.push(items)
        if (items[0] === 0) {
          await new Promise<void>((resolve) => (hold = resolve))
        }
        const seen = new Set<number>()
        return items.map((n) => {
          const key = Math.floor(n / 10)
          if (seen.has(key)) {
            return DEFER
          }
          seen.add(key)
          return n
        })
      },
      { maxGroupSize: 10 }
    )
    const results = [0, 11, 12, 13, 21].map((n) => queue.submit(n))
    const later = queue.submit(31)
    hold()
    expect(await Promise.all([...results, later])).toEqual([0, 11, 12, 13, 21, 31])
    expect(groups).toEqual([[0], [11, 12, 13, 21, 31], [12, 13], [13]])
  })

  it("should fail an item that is deferred alone instead of looping", async () => {
    const queue = new GroupCommitQueue(async (items: number[]) => items.map(() => DEFER), { maxGroupSize: 5 })
    await expect(queue.submit(1)).rejects.toThrow("A group of 1 items deferred every item")
  })

  it("should treat a wrong number of results as a failure", async () => {
    const queue = new GroupCommitQueue(async () => [], { maxGroupSize: 5 })
    await expect(queue.submit(1)).rejects.toThrow("A group of 1 items was applied with 0 results")
  })

  it("should refuse a group size below 1", () => {
    expect(() => new GroupCommitQueue(async (items) => items, { maxGroupSize: 0 })).toThrow(
      "maxGroupSize must be a whole number of at least 1"
    )
  })
})
